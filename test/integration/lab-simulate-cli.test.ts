// `auditscope policy simulate --json` against an independent evaluation: `auditscope policy evaluate --events`
// gives one result per event line; this test stitches those into requests itself (auditID + request timestamp)
// and recounts rules, no-match and levels: the built-in presets on a generated log and the bundled sample, and (as
// corpus tests) real-world policies on the corpus's Falco traces and the generated log.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { POLICY_PRESETS } from '../../shared/policy/presets/index.ts';
import { writeAuditLog } from '../support/audit-log-generator.ts';
import { corpusDir, corpusPath, corpusTest } from '../support/corpus.ts';

const SAMPLE = new URL('../../electron/backend/logs-service/sample/sample-audit.log', import.meta.url).pathname;
const CORPUS_POLICIES = [
  'gce-gci-configure-helper-audit-policy.yaml',
  'kubernetes-website__examples-audit-audit-policy.yaml',
  'openshift-library-go__profile-default.yaml',
  'openshift-library-go__profile-writerequestbodies.yaml',
  'falco-k8saudit-plugin-audit-policy.yaml',
  'kubespray-apiserver-audit-policy.rendered.yaml',
  'azure-aks-engine__audit-policy.yaml',
];

let dir = '';
let generated = '';
let falco = '';
const presetFile = (id: string) => join(dir, `${id}.yaml`);

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'lab-cli-'));
  generated = join(dir, 'generated.jsonl');
  writeAuditLog(generated, { size: 5e6, seed: 11 });
  for (const preset of POLICY_PRESETS) writeFileSync(presetFile(preset.id), preset.yaml);
  if (!corpusDir()) return;
  // The Falco traces as one JSON-lines log (each file holds one or more events, one per line).
  const traces = corpusPath('corpus/auditlogs/falco-trace-files');
  falco = join(dir, 'falco.jsonl');
  const lines: string[] = [];
  for (const name of readdirSync(traces).sort()) {
    for (const line of readFileSync(join(traces, name), 'utf8').split('\n')) {
      if (isEventLine(line)) lines.push(line.trim());
    }
  }
  assert.ok(lines.length > 40, `expected the Falco traces to hold events, got ${lines.length}`);
  writeFileSync(falco, lines.join('\n') + '\n');
});

after(() => rmSync(dir, { recursive: true, force: true }));

function isEventLine(line: string): boolean {
  try {
    const value = JSON.parse(line);
    return typeof value === 'object' && value !== null && typeof value.requestURI === 'string';
  } catch {
    return false;
  }
}

function cli(...args: string[]) {
  const result = spawnSync('node', ['bin/auditscope.js', 'policy', ...args], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface Expected {
  events: number;
  requests: number;
  rules: number[];
  noMatch: number;
  levels: Record<string, number>;
  sampleBytes: number;
}

/** Independent counts: per-event results from `policy evaluate --events`, stitched into requests here. */
function independent(policy: string, log: string, ruleCount: number): Expected {
  const evaluated = cli('evaluate', policy, '--events', log);
  assert.equal(evaluated.code, 0, evaluated.stderr);
  const results = evaluated.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  const lines = readFileSync(log, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
  assert.equal(results.length, lines.length);
  const byRequest = new Map<string, { rule: number; level: string }>();
  let sampleBytes = 0;
  lines.forEach((line, i) => {
    sampleBytes += Buffer.byteLength(line) + 1;
    const event = JSON.parse(line);
    const received = event.requestReceivedTimestamp ?? event.timestamp ?? '';
    const key = event.auditID ? `${event.auditID}\u0000${received}` : `line ${i}`;
    const result = { rule: results[i].rule as number, level: results[i].level as string };
    const seen = byRequest.get(key);
    if (seen) assert.deepEqual(seen, result, `events of request ${key} evaluate alike`);
    else byRequest.set(key, result);
  });
  const rules = new Array<number>(ruleCount).fill(0);
  const levels: Record<string, number> = { None: 0, Metadata: 0, Request: 0, RequestResponse: 0 };
  let noMatch = 0;
  for (const { rule, level } of byRequest.values()) {
    if (rule < 0) noMatch++;
    else rules[rule]!++;
    levels[level]!++;
  }
  return { events: lines.length, requests: byRequest.size, rules, noMatch, levels, sampleBytes };
}

/** simulate's counts for each log equal the independent ones. */
function assertSimulation(policy: string, logs: string[]): void {
  for (const log of logs) {
    const simulated = cli('simulate', policy, log, '--json');
    assert.equal(simulated.code, 0, simulated.stderr);
    const out = JSON.parse(simulated.stdout);
    assert.deepEqual(Object.keys(out), ['events', 'requests', 'rules', 'noMatch', 'levels', 'bytes']);
    const expected = independent(policy, log, out.rules.length);
    assert.equal(out.events, expected.events);
    assert.equal(out.requests, expected.requests);
    assert.deepEqual(
      out.rules.map((rule: { requests: number }) => rule.requests),
      expected.rules,
    );
    assert.deepEqual(
      out.rules.map((rule: { index: number }) => rule.index),
      expected.rules.map((_, i) => i),
    );
    assert.equal(out.noMatch, expected.noMatch);
    assert.deepEqual(out.levels, expected.levels);
    assert.equal(out.bytes.sample, expected.sampleBytes);
    assert.ok(out.bytes.projected >= 0);
  }
}

for (const preset of POLICY_PRESETS) {
  test(`per-rule counts equal an independent evaluation: preset ${preset.id}`, () => {
    assertSimulation(presetFile(preset.id), [generated, SAMPLE]);
  });
}

for (const name of CORPUS_POLICIES) {
  corpusTest(`per-rule counts equal an independent evaluation: corpus policy ${name}`, () => {
    assertSimulation(corpusPath(`corpus/policies/${name}`), [falco, generated]);
  });
}

test('rule levels in --json are the policy rule levels, in order', () => {
  const policy = presetFile('security');
  const out = JSON.parse(cli('simulate', policy, generated, '--json').stdout);
  const levels = [...readFileSync(policy, 'utf8').matchAll(/^\s*- level: (\w+)/gm)].map((m) => m[1]);
  assert.deepEqual(
    out.rules.map((rule: { level: string }) => rule.level),
    levels,
  );
});

test('an invalid policy is refused with positions, a missing log is an I/O error', () => {
  const bad = join(dir, 'bad.yaml');
  writeFileSync(bad, 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- level: Loud\n');
  const refused = cli('simulate', bad, generated, '--json');
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /bad\.yaml:4:\d+: error: .*Loud/);
  const missing = cli('simulate', presetFile('security'), join(dir, 'nope.log'));
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /nope\.log/);
  assert.equal(cli('simulate', bad).code, 2);
});
