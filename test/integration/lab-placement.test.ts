// Top talkers' None rules, inserted where the lab says, really silence the talker and change nothing else;
// the sample builder streams partial results and can be cancelled; what-would-be-lost warnings appear.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { talkerOf } from '../../shared/lab/placement.ts';
import { simulate } from '../../shared/lab/simulate.ts';
import { NO_COMBO, TALKER_FIELDS, type LabSample } from '../../shared/lab/types.ts';
import { compilePolicy } from '../../shared/policy/compile.ts';
import { loadPolicyText } from '../../shared/policy/load-policy.ts';
import { applyModelEdit } from '../../shared/policy/model-edits.ts';
import { validatePolicy } from '../../shared/policy/validate.ts';
import { DEFAULT_KUBE_VERSION, type Policy } from '../../shared/policy/types.ts';
import { runSimulation } from '../../electron/backend/lab/run-simulation.ts';
import { LabSampleBuilder } from '../../electron/backend/lab/sample-builder.ts';
import { openLogIndex } from '../../electron/backend/logs/log-index.ts';
import { findPreset } from '../../shared/policy/presets/index.ts';
import { writeAuditLog } from '../support/audit-log-generator.ts';
import { corpusPath, corpusTest } from '../support/corpus.ts';

const SECURITY = findPreset('security')!.yaml;
const DOCS_EXAMPLE = findPreset('kubernetes-docs-example')!.yaml;
const version = DEFAULT_KUBE_VERSION;
let dir = '';
let log = '';
let sample: LabSample;

function policyOf(text: string): Policy {
  const loaded = loadPolicyText(text, version);
  assert.ok(loaded.valid && loaded.policy);
  return loaded.policy;
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lab-place-'));
  log = join(dir, 'g.jsonl');
  writeAuditLog(log, { size: 5e6, seed: 11 });
  const builder = new LabSampleBuilder(openLogIndex([log], { workers: 0 }));
  await runSimulation(builder, { policy: policyOf(SECURITY), version });
  sample = builder.sample();
});

after(() => rmSync(dir, { recursive: true, force: true }));

/** Each top talker's suggested None rule, inserted, silences exactly that talker; checks them all, returns how many. */
function assertTalkerRules(policy: Policy): number {
  const before = compilePolicy(policy, version);
  const result = simulate(sample, policy, version, { talkers: 25 });
  let checked = 0;
  for (const field of TALKER_FIELDS) {
    for (const talker of result.talkers[field]) {
      if (!talker.insert) continue;
      const edited = applyModelEdit(policy, { op: 'addRule', index: talker.insert.index, rule: talker.insert.rule });
      assert.deepEqual(validatePolicy(edited, version), [], 'the inserted rule is valid');
      const after = compilePolicy(edited, version);
      for (const attributes of sample.combos) {
        const old = before.evaluate(attributes);
        const now = after.evaluate(attributes);
        if (talkerOf(field, attributes)?.key === talker.value) {
          assert.equal(now.level, 'None', `${field}=${talker.label} still logged: ${JSON.stringify(attributes)}`);
        } else {
          assert.equal(now.level, old.level);
          assert.equal(now.rule, old.rule < talker.insert.index ? old.rule : old.rule + 1);
        }
      }
      // And the projection agrees: the talker is gone and the projected bytes drop by its share.
      const next = simulate(sample, edited, version, { talkers: 1000 });
      assert.ok(!next.talkers[field].some((t) => t.value === talker.value));
      assert.ok(Math.abs(result.bytes.projected - talker.projectedBytes - next.bytes.projected) < 1e-6);
      checked++;
    }
  }
  return checked;
}

test('every top talker’s None rule catches all its requests and leaves every other request alone', () => {
  for (const text of [SECURITY, DOCS_EXAMPLE]) {
    const checked = assertTalkerRules(policyOf(text));
    assert.ok(checked > 40, `expected many talkers to check, got ${checked}`);
  }
});

corpusTest('top talkers’ None rules on real policies: GCE and the Kubernetes website example', () => {
  for (const name of [
    'gce-gci-configure-helper-audit-policy.yaml',
    'kubernetes-website__examples-audit-audit-policy.yaml',
  ]) {
    const checked = assertTalkerRules(policyOf(readFileSync(corpusPath(`corpus/policies/${name}`), 'utf8')));
    assert.ok(checked > 40, `${name}: expected many talkers to check, got ${checked}`);
  }
});

test('the None rule goes before the first rule that logs the talker, not before None rules', () => {
  const text = `apiVersion: audit.k8s.io/v1
kind: Policy
rules:
- level: None
  verbs: ["watch"]
- level: Metadata
  resources: [{group: "", resources: ["secrets"]}]
- level: Request
  verbs: ["update", "patch"]
- level: Metadata
`;
  const policy = loadPolicyText(text, version).policy!;
  const result = simulate(sample, policy, version, { talkers: 100 });
  const compiled = compilePolicy(policy, version);
  for (const talker of result.talkers.user) {
    // Failed logins have no user for a rule to name (the next test).
    if (talker.value === '') continue;
    assert.ok(talker.insert);
    const rules = sample.combos
      .filter((attributes) => attributes.user === talker.value)
      .map((attributes) => compiled.evaluate(attributes))
      .filter((r) => r.level !== 'None')
      .map((r) => r.rule);
    assert.equal(talker.insert.index, Math.min(...rules));
    assert.ok(talker.insert.index >= 1, 'never in front of the leading None rule: it silences nothing more there');
  }
});

test('unauthenticated requests are listed but get no rule', () => {
  const result = simulate(sample, policyOf(SECURITY), version, { talkers: 1000 });
  const anonymous = result.talkers.user.find((t) => t.value === '');
  assert.ok(anonymous, 'the generated log has failed logins (401, no user)');
  assert.equal(anonymous.insert, null);
  assert.match(anonymous.why ?? '', /without a user/);
  assert.ok(sample.requestCombo.subarray(0, sample.requestCount).every((c) => c !== NO_COMBO));
});

test('what would be lost: a policy that drops secrets and deletions warns, naming the rule', () => {
  const text = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: ["RequestReceived"]
rules:
- level: None
  resources: [{group: "", resources: ["secrets"]}]
- level: None
  verbs: ["delete", "deletecollection"]
- level: Metadata
`;
  const result = simulate(sample, loadPolicyText(text, version).policy!, version);
  const secrets = result.lost.find((f) => f.check === 'secret-access');
  const deletions = result.lost.find((f) => f.check === 'deletions');
  assert.ok(secrets && deletions, JSON.stringify(result.lost));
  assert.equal(secrets.lost, secrets.found);
  assert.deepEqual(secrets.byRule, [{ rule: 0, level: 'None', requests: secrets.lost }]);
  assert.ok(deletions.byRule.some((r) => r.rule === 1));
  assert.match(secrets.example, /secrets/);
  // Nothing is lost under a policy that logs everything at RequestResponse.
  const all = loadPolicyText('apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- level: RequestResponse\n', version);
  assert.deepEqual(simulate(sample, all.policy!, version).lost, []);
});

test('partial results stream while the index fills, and a run can be cancelled', async () => {
  const index = openLogIndex([log, log], { workers: 0 });
  const builder = new LabSampleBuilder(index);
  const partials: number[] = [];
  const result = await runSimulation(builder, {
    policy: policyOf(SECURITY),
    version,
    partialEveryMs: 0,
    onPartial: (partial) => partials.push(partial.events),
  });
  assert.ok(partials.length >= 1);
  assert.ok(partials.every((n, i) => n <= result.events && (i === 0 || n >= partials[i - 1]!)));
  assert.equal(result.events, sample.eventCount * 2);
  assert.ok(result.gzipRatio !== null && result.gzipRatio > 0.01 && result.gzipRatio < 0.5);

  const controller = new AbortController();
  controller.abort();
  const fresh = new LabSampleBuilder(openLogIndex([log], { workers: 0 }));
  await assert.rejects(runSimulation(fresh, { policy: policyOf(SECURITY), version, signal: controller.signal }), {
    name: 'AbortError',
  });
});
