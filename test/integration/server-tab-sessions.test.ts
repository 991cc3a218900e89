// Explorer sessions of browser tabs, over the real browser-mode server: a tab's event socket keeps its session; a
// reload (the socket comes back) keeps the sources; a closed tab's session is closed after the grace period.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { WebSocket } from 'ws';
import { Backend } from '../../electron/backend/backend.ts';
import { startBrowserServer, type RunningBrowserServer } from '../../electron/server/browser-server.ts';
import { staticFiles } from '../../electron/server/static-files.ts';
import { writeAuditLog } from '../support/audit-log-generator.ts';

const GRACE_MS = 400;
let log = '';
let server: RunningBrowserServer;
let dir: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'auditscope-tab-sessions-'));
  log = join(dir, 'audit.log');
  writeAuditLog(log, { size: 20_000, seed: 1 });
  server = await startBrowserServer({
    backend: new Backend({ mode: 'browser', userDataDir: dir, logs: { releasedSessionGraceMs: GRACE_MS } }),
    assets: staticFiles(dir),
  });
});
after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function call<T>(channel: string, input: unknown): Promise<T> {
  const response = await fetch(`http://127.0.0.1:${server.port}/api/${channel}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(input),
  });
  const body = (await response.json()) as { ok: boolean; value: T; error?: { message: string } };
  if (!body.ok) throw new Error(body.error?.message);
  return body.value;
}

async function openTab(tab: string): Promise<WebSocket> {
  const socket = new WebSocket(`ws://127.0.0.1:${server.port}/ws?tab=${tab}`, [`auditscope-token.${server.token}`]);
  await new Promise<void>((resolve, reject) => {
    socket.on('open', () => resolve());
    socket.on('error', reject);
  });
  return socket;
}

async function closeTab(socket: WebSocket): Promise<void> {
  const closed = new Promise((resolve) => socket.on('close', resolve));
  socket.close();
  await closed;
}

const sources = async (sessionId: string) =>
  (await call<{ sources: unknown[] }>('logs.state', { sessionId })).sources.length;

test("a reloaded tab keeps its session; a closed tab's session is closed after the grace period", async () => {
  const tab = 'tab-session-one';
  let socket = await openTab(tab);
  await call('logs.addSources', { sessionId: tab, sources: [{ kind: 'path', path: log }] });
  assert.equal(await sources(tab), 1);

  // A reload: the socket closes and the page opens a new one at once.
  await closeTab(socket);
  socket = await openTab(tab);
  await sleep(GRACE_MS * 2);
  assert.equal(await sources(tab), 1, 'the session survives a reload');

  // Two sockets of one tab (a reconnect overlapping the old socket): the session stays while either is open.
  const second = await openTab(tab);
  await closeTab(socket);
  await sleep(GRACE_MS * 2);
  assert.equal(await sources(tab), 1, 'one socket still holds the session');

  await closeTab(second);
  await sleep(GRACE_MS * 2);
  assert.equal(await sources(tab), 0, 'the closed tab took its session with it');
});

test('a session no socket ever held (the desktop window, scripts) is kept', async () => {
  const sessionId = 'never-held-session';
  await call('logs.addSources', { sessionId, sources: [{ kind: 'path', path: log }] });
  await sleep(GRACE_MS * 2);
  assert.equal(await sources(sessionId), 1);
});
