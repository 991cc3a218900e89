// The contract, the preload surface, the backend handlers and the main process's IPC bridge must cover exactly the
// same calls, and the bridge lets only the app's own top frame through.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  EVENT_CHANNEL_NAMES,
  EVENT_IPC_CHANNEL,
  IPC_PREFIX,
  REQUEST_CHANNEL_NAMES,
} from '../../shared/ipc/channels.ts';
import { DEFAULT_SETTINGS } from '../../shared/ipc/contract/app.ts';
import { EVENTS, REQUESTS } from '../../shared/ipc/contract.ts';
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { Backend } from '../../electron/backend/backend.ts';
import { APP_ENTRY_URL } from '../../electron/main/app-origin.ts';
import { bridgeBackend, trustWebContents } from '../../electron/main/ipc-bridge.ts';
import { buildPreloadApi } from '../../electron/preload/api.ts';

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

// Electron cannot run here, so a stand-in ipcMain records the handlers, and plain objects stand in for the window's
// WebContents and the calling frame. The bridge and the Backend behind it are the real ones.
test('the Electron main process registers every contract channel through the backend, with sender checks', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'auditscope-ipc-'));
  try {
    const handlers = new Map<string, (event: IpcMainInvokeEvent, input: unknown) => unknown>();
    const ipcMain = {
      handle: (channel: string, listener: (event: IpcMainInvokeEvent, input: unknown) => unknown) =>
        void handlers.set(channel, listener),
    };
    const sent: unknown[][] = [];
    const window = { id: 41, once: () => undefined, send: (...args: unknown[]) => sent.push(args) };
    const stranger = { id: 42, once: () => undefined, send: (...args: unknown[]) => sent.push(['stranger', ...args]) };
    const backend = new Backend({ mode: 'browser', userDataDir: dir });
    trustWebContents(window as unknown as WebContents);
    bridgeBackend(ipcMain as unknown as IpcMain, backend, () => [window, stranger] as unknown as WebContents[]);

    assert.deepEqual(sorted(handlers.keys()), sorted(REQUEST_CHANNEL_NAMES.map((channel) => IPC_PREFIX + channel)));
    const call = (channel: string, input: unknown, frame: { parent: unknown; url: string } | null, senderId: number) =>
      handlers.get(IPC_PREFIX + channel)!(
        { senderFrame: frame, sender: { id: senderId } } as unknown as IpcMainInvokeEvent,
        input,
      );

    const forbidden = {
      ok: false,
      error: { code: 'forbidden', message: 'IPC call from an untrusted frame was refused' },
    };
    const top = { parent: null, url: APP_ENTRY_URL };
    assert.deepEqual(
      await call('settings.update', { theme: 'dark' }, { parent: top, url: APP_ENTRY_URL }, 41),
      forbidden,
    );
    assert.deepEqual(
      await call('settings.update', { theme: 'dark' }, { parent: null, url: 'https://example.com/' }, 41),
      forbidden,
    );
    assert.deepEqual(await call('settings.update', { theme: 'dark' }, top, 42), forbidden);
    assert.deepEqual(await call('settings.update', { theme: 'dark' }, null, 41), forbidden);
    assert.deepEqual(await call('settings.get', {}, top, 41), { ok: true, value: DEFAULT_SETTINGS });
    assert.deepEqual(sent, []);

    const updated = await call('settings.update', { theme: 'dark' }, top, 41);
    assert.deepEqual(updated, { ok: true, value: { ...DEFAULT_SETTINGS, theme: 'dark' } });
    assert.deepEqual(sent, [[EVENT_IPC_CHANNEL, 'settings.changed', { ...DEFAULT_SETTINGS, theme: 'dark' }]]);
    const invalid = (await call('settings.update', { theme: 'purple' }, top, 41)) as { ok: boolean };
    assert.equal(invalid.ok, false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
