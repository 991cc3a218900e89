// Uploads (browser mode's way in), exports (the way out, with cancel) and the query library, through the real
// backend with contract validation, on real files.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { LogExportProgress, LogSessionState } from '../../shared/ipc/contract/logs.ts';
import { Backend } from '../../electron/backend/backend.ts';
import { QueryLibraryStore } from '../../electron/backend/logs-service/query-library.ts';
import { writeAuditLog } from '../support/audit-log-generator.ts';

let dir: string;
let userData: string;
let generated: string;
let backend: Backend;
const progress: LogExportProgress[] = [];
const states: LogSessionState[] = [];
const SESSION = 'transfer-session-1';

async function call<T>(channel: string, input: unknown): Promise<T> {
  const result = await backend.call(channel, input);
  if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code });
  return result.value as T;
}

async function settled(sessionId: string): Promise<LogSessionState> {
  for (;;) {
    const state = await call<LogSessionState>('logs.state', { sessionId });
    if (!state.ingesting) return state;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'logs-transfer-'));
  userData = join(dir, 'user-data');
  generated = join(dir, 'generated.log');
  writeAuditLog(generated, { size: 2e6, seed: 7 });
  backend = new Backend({ mode: 'browser', userDataDir: userData });
  backend.subscribe((channel, payload) => {
    if (channel === 'logs.exportProgress') progress.push(payload as LogExportProgress);
    if (channel === 'logs.sessionChanged') states.push(payload as LogSessionState);
  });
});

after(async () => {
  await call('logs.closeSession', { sessionId: SESSION });
  rmSync(dir, { recursive: true, force: true });
});

test('a file uploaded in chunks indexes like the file itself', async () => {
  const bytes = readFileSync(generated);
  const { uploadId } = await call<{ uploadId: string }>('logs.uploadBegin', {
    sessionId: SESSION,
    name: 'cluster-a audit.log',
    size: bytes.length,
  });
  const chunk = 700_000;
  await assert.rejects(
    call('logs.uploadChunk', { uploadId, offset: chunk, data: bytes.subarray(0, 10).toString('base64') }),
    /expected byte 0/,
  );
  for (let offset = 0; offset < bytes.length; offset += chunk) {
    const data = bytes.subarray(offset, offset + chunk).toString('base64');
    const { received } = await call<{ received: number }>('logs.uploadChunk', { uploadId, offset, data });
    assert.equal(received, Math.min(bytes.length, offset + chunk));
  }
  const state = await call<LogSessionState>('logs.uploadFinish', { sessionId: SESSION, uploadId });
  assert.equal(state.sources[0].kind, 'upload');
  assert.equal(state.sources[0].label, 'cluster-a audit.log');
  const ready = await settled(SESSION);
  const jqCount = execFileSync('jq', ['-c', '.auditID', generated], { encoding: 'utf8' }).trim().split('\n').length;
  assert.equal(ready.events, jqCount);
  assert.ok(states.some((item) => item.sessionId === SESSION && item.events === jqCount));
  const page = await call<{ rows: { file: string }[] }>('logs.query', {
    sessionId: SESSION,
    query: '',
    offset: 0,
    limit: 1,
    sort: 'time',
  });
  assert.equal(page.rows[0].file, 'cluster-a audit.log');
});

test('an upload can be cancelled and leaves nothing behind', async () => {
  const { uploadId } = await call<{ uploadId: string }>('logs.uploadBegin', {
    sessionId: SESSION,
    name: 'x.log',
    size: 10,
  });
  await call('logs.uploadChunk', { uploadId, offset: 0, data: Buffer.from('{"a":').toString('base64') });
  assert.deepEqual(await call('logs.uploadCancel', { uploadId }), { cancelled: true });
  assert.equal(readdirSync(join(userData, 'logs', 'uploads')).length, 1, 'only the finished upload remains');
  await assert.rejects(call('logs.uploadFinish', { sessionId: SESSION, uploadId }), /no such upload/);
});

test('contract validation rejects malformed calls', async () => {
  const result = await backend.call('logs.query', {
    sessionId: SESSION,
    query: '',
    offset: -1,
    limit: 5,
    sort: 'time',
  });
  assert.equal(result.ok, false);
  const bad = await backend.call('logs.addSources', { sessionId: SESSION, sources: [{ kind: 'path', path: 'rel' }] });
  assert.equal(bad.ok, false);
});

async function readExport(exportId: string): Promise<string> {
  const parts: Buffer[] = [];
  for (let offset = 0; ;) {
    const { data, eof } = await call<{ data: string; eof: boolean }>('logs.exportRead', {
      exportId,
      offset,
      length: 256 * 1024,
    });
    const chunk = Buffer.from(data, 'base64');
    parts.push(chunk);
    offset += chunk.length;
    if (eof) break;
  }
  return Buffer.concat(parts).toString('utf8');
}

async function finished(exportId: string): Promise<LogExportProgress> {
  for (;;) {
    const last = progress.filter((item) => item.exportId === exportId).at(-1);
    if (last && last.state !== 'running') return last;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test('exports all matching events as JSON lines and CSV', async () => {
  const query = 'verb:(create OR delete)';
  const expected = execFileSync('jq', ['-c', 'select(.verb == "create" or .verb == "delete") | .auditID', generated], {
    encoding: 'utf8',
  })
    .trim()
    .split('\n');
  const started = await call<{ exportId: string }>('logs.exportStart', {
    sessionId: SESSION,
    query,
    format: 'jsonl',
    target: 'download',
  });
  const done = await finished(started.exportId);
  assert.equal(done.state, 'done');
  assert.equal(done.done, expected.length);
  const lines = (await readExport(started.exportId)).trim().split('\n');
  assert.deepEqual(
    lines.map((line) => JSON.stringify((JSON.parse(line) as { auditID: string }).auditID)).sort(),
    [...expected].sort(),
  );

  const csv = await call<{ exportId: string }>('logs.exportStart', {
    sessionId: SESSION,
    query,
    format: 'csv',
    target: 'download',
  });
  assert.equal((await finished(csv.exportId)).state, 'done');
  const rows = (await readExport(csv.exportId)).trim().split('\n');
  assert.ok(rows[0].startsWith('id,time,received,'));
  assert.equal(rows.length, expected.length + 1);
  assert.deepEqual(await call('logs.exportDiscard', { exportId: csv.exportId }), { discarded: true });
  await assert.rejects(call('logs.exportRead', { exportId: csv.exportId, offset: 0, length: 10 }), /no such export/);

  await assert.rejects(
    call('logs.exportStart', { sessionId: SESSION, query: 'verb:(', format: 'csv', target: 'download' }),
    /at character/,
  );
  // Desktop-only target in browser mode.
  await assert.rejects(
    call('logs.exportStart', { sessionId: SESSION, query: '', format: 'csv', target: 'dialog' }),
    /only available in the desktop app/,
  );
});

test('a cancelled export stops and deletes its file', async () => {
  // Large enough that the export is still running when the cancel arrives.
  const big = join(dir, 'big.log');
  writeAuditLog(big, { size: 24e6, seed: 9 });
  await call('logs.addSources', { sessionId: 'transfer-session-big', sources: [{ kind: 'path', path: big }] });
  await settled('transfer-session-big');
  const started = await call<{ exportId: string }>('logs.exportStart', {
    sessionId: 'transfer-session-big',
    query: '',
    format: 'jsonl',
    target: 'download',
  });
  await call('logs.exportCancel', { exportId: started.exportId });
  const end = await finished(started.exportId);
  assert.equal(end.state, 'cancelled');
  assert.ok(end.done < end.total, 'stopped before the end');
  assert.equal(existsSync(join(userData, 'logs', 'exports', `${started.exportId}.jsonl`)), false);
  await call('logs.closeSession', { sessionId: 'transfer-session-big' });
});

test('query history and saved queries persist in the user-data folder', async () => {
  await call('logs.recordHistory', { query: 'verb:delete' });
  await call('logs.recordHistory', { query: 'user:alice' });
  const library = await call<{ history: string[] }>('logs.recordHistory', { query: 'verb:delete' });
  assert.deepEqual(library.history, ['verb:delete', 'user:alice']);
  await call('logs.saveQuery', { name: 'Deletes', query: 'verb:delete' });
  await call('logs.saveQuery', { name: 'Alice', query: 'user:alice' });
  await call('logs.saveQuery', { name: 'Deletes', query: 'verb:delete resource:secrets' });
  await call('logs.deleteQuery', { name: 'Alice' });
  const reloaded = await new QueryLibraryStore(userData).get();
  assert.deepEqual(reloaded, {
    history: ['verb:delete', 'user:alice'],
    saved: [{ name: 'Deletes', query: 'verb:delete resource:secrets' }],
  });
});
