// The lab's backend calls through the real Backend: validation, streaming updates, the final result matching the
// engine, invalid policies refused with a position, cancellation, and a missing file.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { LabUpdate } from '../../shared/ipc/contract/lab.ts';
import { Backend } from '../../electron/backend/backend.ts';
import { parse } from 'yaml';
import { findPreset } from '../../shared/policy/presets/index.ts';
import { writeAuditLog } from '../support/audit-log-generator.ts';

const POLICY = findPreset('security')!.yaml;
let dir = '';
let log = '';
let backend: Backend;
const updates: LabUpdate[] = [];

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'lab-handler-'));
  log = join(dir, 'g.jsonl');
  writeAuditLog(log, { size: 4e6, seed: 3 });
  backend = new Backend({ mode: 'browser', userDataDir: join(dir, 'user') });
  backend.subscribe((channel, payload) => {
    if (channel === 'lab.update') updates.push(payload as LabUpdate);
  });
});

after(() => rmSync(dir, { recursive: true, force: true }));

function finished(runId: string): Promise<LabUpdate> {
  return new Promise((resolve) => {
    const poll = setInterval(() => {
      const last = updates.find((u) => u.runId === runId && u.state !== 'running');
      if (last) {
        clearInterval(poll);
        resolve(last);
      }
    }, 20);
  });
}

test('a run streams updates and ends with the result; a re-run reuses the sample', async () => {
  const input = { source: { kind: 'paths', paths: [log] }, policyText: POLICY, kubeVersion: '1.36', talkers: 5 };
  const started = await backend.call('lab.simulate', { ...input, runId: 'run-00001' });
  assert.deepEqual(started, { ok: true, value: { runId: 'run-00001' } });
  const done = await finished('run-00001');
  assert.equal(done.state, 'done', done.message);
  const result = done.result!;
  assert.equal(result.rules.length, (parse(POLICY) as { rules: unknown[] }).rules.length);
  assert.equal(
    result.rules.reduce((sum, rule) => sum + rule.requests, 0) + result.noMatch + result.unevaluable,
    result.requests,
  );
  assert.ok(result.talkers.user.length === 5 && result.talkers.user[0]!.insert);
  assert.ok(result.volume && result.volume.spanHours > 20);

  const again = await backend.call('lab.simulate', { ...input, runId: 'run-00002', policyText: POLICY + '\n' });
  assert.equal(again.ok, true);
  const second = await finished('run-00002');
  assert.deepEqual(second.result, result);
});

test('an invalid policy is refused with its position; bad input is rejected by the schema', async () => {
  const bad = await backend.call('lab.simulate', {
    runId: 'run-00003',
    source: { kind: 'paths', paths: [log] },
    policyText: 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- level: Loud\n',
    kubeVersion: '1.36',
    talkers: 5,
  });
  assert.equal(bad.ok, false);
  assert.ok(!bad.ok && bad.error.code === 'invalid-policy' && /line 4, column \d+/.test(bad.error.message));
  const relative = await backend.call('lab.simulate', {
    runId: 'run-00004',
    source: { kind: 'paths', paths: ['relative.log'] },
    policyText: POLICY,
    kubeVersion: '1.36',
    talkers: 5,
  });
  assert.equal(relative.ok, false);
  assert.equal(relative.invalid, true);
  const missing = await backend.call('lab.simulate', {
    runId: 'run-00005',
    source: { kind: 'paths', paths: [join(dir, 'nope.log')] },
    policyText: POLICY,
    kubeVersion: '1.36',
    talkers: 5,
  });
  assert.ok(!missing.ok && missing.error.code === 'not-found');
  const session = await backend.call('lab.simulate', {
    runId: 'run-00006',
    source: { kind: 'session', sessionId: 'no-such-session' },
    policyText: POLICY,
    kubeVersion: '1.36',
    talkers: 5,
  });
  assert.equal(session.ok, false);
});

test('a run can be cancelled', async () => {
  const other = join(dir, 'other.jsonl');
  writeAuditLog(other, { size: 20e6, seed: 4 });
  const started = await backend.call('lab.simulate', {
    runId: 'run-00007',
    source: { kind: 'paths', paths: [other] },
    policyText: POLICY,
    kubeVersion: '1.36',
    talkers: 5,
  });
  assert.equal(started.ok, true);
  assert.deepEqual(await backend.call('lab.cancel', { runId: 'run-00007' }), { ok: true, value: { cancelled: true } });
  const end = await finished('run-00007');
  assert.equal(end.state, 'cancelled');
  assert.deepEqual(await backend.call('lab.cancel', { runId: 'run-00007' }), { ok: true, value: { cancelled: false } });
});
