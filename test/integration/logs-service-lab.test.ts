// The policy lab simulates over the logs open in a Log explorer window: through the real Backend, a session opened
// with logs.addSources is the lab's "session" source, and the run covers exactly that session's requests.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { LabUpdate } from '../../shared/ipc/contract/lab.ts';
import type { LogSessionState } from '../../shared/ipc/contract/logs.ts';
import { Backend } from '../../electron/backend/backend.ts';
import { findPreset } from '../../shared/policy/presets/index.ts';
import { writeAuditLog } from '../support/audit-log-generator.ts';

const POLICY = findPreset('security')!.yaml;
const SESSION = 'lab-session-0001';
let dir = '';
let log = '';
let backend: Backend;
const updates: LabUpdate[] = [];

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'logs-service-lab-'));
  log = join(dir, 'g.jsonl');
  writeAuditLog(log, { size: 2e6, seed: 9 });
  backend = new Backend({ mode: 'browser', userDataDir: join(dir, 'user') });
  backend.subscribe((channel, payload) => {
    if (channel === 'lab.update') updates.push(payload as LabUpdate);
  });
});

after(async () => {
  await backend.call('logs.closeSession', { sessionId: SESSION });
  rmSync(dir, { recursive: true, force: true });
});

async function finished(runId: string): Promise<LabUpdate> {
  for (;;) {
    const last = updates.find((update) => update.runId === runId && update.state !== 'running');
    if (last) return last;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test('the lab runs over the explorer session of a window', async () => {
  const run = { policyText: POLICY, kubeVersion: '1.36', talkers: 3 };
  // Before the window opened anything, the lab says so (and does not create a session as a side effect).
  const early = await backend.call('lab.simulate', {
    ...run,
    runId: 'run-lab-1',
    source: { kind: 'session', sessionId: SESSION },
  });
  assert.equal(early.ok, false);
  assert.match(early.ok ? '' : early.error.message, /no open log/);

  const added = await backend.call('logs.addSources', { sessionId: SESSION, sources: [{ kind: 'path', path: log }] });
  assert.equal(added.ok, true);
  // Wait until the explorer finished indexing the file.
  let state: LogSessionState | undefined;
  for (let i = 0; i < 200; i++) {
    const polled = await backend.call('logs.state', { sessionId: SESSION });
    state = (polled as { value: LogSessionState }).value;
    if (!state.ingesting && state.events > 0) break;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  assert.ok(state && state.events > 1000, 'the session indexed the generated log');
  const requests = await backend.call('logs.query', {
    sessionId: SESSION,
    query: '',
    requests: true,
    offset: 0,
    limit: 0,
    sort: 'time',
  });
  const requestCount = (requests as { value: { total: number } }).value.total;

  const fromSession = await backend.call('lab.simulate', {
    ...run,
    runId: 'run-lab-2',
    source: { kind: 'session', sessionId: SESSION },
  });
  assert.deepEqual(fromSession, { ok: true, value: { runId: 'run-lab-2' } });
  const done = await finished('run-lab-2');
  assert.equal(done.state, 'done', done.message);
  assert.equal(done.result!.requests, requestCount);

  // The same file opened by path in the lab gives the same result: the session source is that log.
  const byPath = await backend.call('lab.simulate', {
    ...run,
    runId: 'run-lab-3',
    source: { kind: 'paths', paths: [log] },
  });
  assert.equal(byPath.ok, true);
  const direct = await finished('run-lab-3');
  assert.equal(direct.state, 'done', direct.message);
  assert.deepEqual(
    done.result!.rules.map((rule) => rule.requests),
    direct.result!.rules.map((rule) => rule.requests),
  );
  assert.equal(done.result!.noMatch, direct.result!.noMatch);
});
