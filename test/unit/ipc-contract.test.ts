// The contract, the preload surface and the backend handlers must cover exactly the same calls.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { EVENT_CHANNEL_NAMES, REQUEST_CHANNEL_NAMES } from '../../shared/ipc/channels.ts';
import { EVENTS, REQUESTS } from '../../shared/ipc/contract.ts';
import { Backend } from '../../electron/backend/backend.ts';
import { buildPreloadApi, EVENT_IPC_CHANNEL, IPC_PREFIX } from '../../electron/preload/api.ts';

const sorted = (values: Iterable<string>) => [...values].sort();

test('channel lists, contract, backend handlers and preload functions name the same calls', () => {
  const dir = mkdtempSync(join(tmpdir(), 'auditscope-contract-'));
  try {
    const contract = sorted(Object.keys(REQUESTS));
    assert.deepEqual(sorted(REQUEST_CHANNEL_NAMES), contract);
    assert.deepEqual(sorted(EVENT_CHANNEL_NAMES), sorted(Object.keys(EVENTS)));
    assert.deepEqual(sorted(Object.keys(new Backend({ mode: 'browser', userDataDir: dir }).handlers)), contract);

    const invoked: string[] = [];
    const api = buildPreloadApi({
      invoke: async (channel) => invoked.push(channel),
      on: () => undefined,
      removeListener: () => undefined,
    });
    assert.deepEqual(sorted(Object.keys(api).filter((key) => key !== 'on')), contract);
    for (const channel of contract) void api[channel]!();
    assert.deepEqual(
      sorted(invoked),
      contract.map((channel) => IPC_PREFIX + channel),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the preload has no generic invoke and refuses event names outside the contract', () => {
  const registered: string[] = [];
  const api = buildPreloadApi({
    invoke: async () => undefined,
    on: (channel) => registered.push(channel),
    removeListener: () => undefined,
  });
  assert.equal('invoke' in api, false);
  assert.throws(
    () => (api.on as (channel: string, listener: () => void) => void)('anything.else', () => undefined),
    /unknown event/,
  );
  (api.on as (channel: string, listener: () => void) => () => void)(EVENT_CHANNEL_NAMES[0], () => undefined);
  assert.deepEqual(registered, [EVENT_IPC_CHANNEL]);
});

test('the Electron main process registers every contract channel through the backend, with sender checks', () => {
  const source = readFileSync(new URL('../../electron/main/ipc.ts', import.meta.url), 'utf8');
  assert.match(source, /for \(const channel of REQUEST_CHANNELS\)/);
  assert.match(source, /isTrustedSender\(event\)/);
  assert.match(source, /backend\.call\(channel, input\)/);
  // Raw IPC is confined to the wrapper files.
  const offenders = listFiles(new URL('../../', import.meta.url).pathname, ['electron', 'renderer', 'shared']).filter(
    (file) => {
      if (file.endsWith('electron/main/ipc.ts') || file.endsWith('electron/preload/index.ts')) return false;
      return /\b(ipcMain|ipcRenderer)\b/.test(readFileSync(file, 'utf8')) && !file.endsWith('electron/preload/api.ts');
    },
  );
  assert.deepEqual(offenders, []);
});

function listFiles(root: string, dirs: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|tsx)$/.test(entry.name)) out.push(path);
    }
  };
  for (const dir of dirs) walk(join(root, dir));
  return out;
}
