// Every case of the reference policy vectors (vectors/policy-cases.json, corpus tests), through the real CLI
// (node bin/auditscope.js policy ...); and the CLI's usage and I/O errors.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusDir, corpusPath, corpusTest } from '../support/corpus.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
interface EvaluationCase {
  id: string;
  note?: string;
  policy: string;
  request: unknown;
  expectLevel: string;
  expectOmitStages: string[];
  expectOmitManagedFields?: boolean;
  minVersion?: string;
}
const vectors = corpusDir() ? JSON.parse(readFileSync(corpusPath('vectors/policy-cases.json'), 'utf8')) : undefined;
const dir = mkdtempSync(join(tmpdir(), 'auditscope-policy-vectors-'));

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile('node', ['bin/auditscope.js', 'policy', ...args], { cwd: ROOT }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs jobs two at a time (the machine has two cores). */
async function pool<T>(jobs: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const index = next++;
      results[index] = await jobs[index]!();
    }
  };
  await Promise.all([worker(), worker()]);
  return results;
}

let fileCounter = 0;
function policyFile(policy: unknown): string {
  const file = join(dir, `policy-${fileCounter++}.json`);
  writeFileSync(file, JSON.stringify(policy, null, 2));
  return file;
}

before(() => {
  execFileSync('npm', ['run', 'build:cli'], { cwd: ROOT, stdio: 'inherit' });
});

corpusTest(
  'policy vectors through the CLI: evaluation cases (level, omitStages as a set, omitManagedFields)',
  async () => {
    const byPolicy = new Map<string, EvaluationCase[]>();
    for (const c of vectors.cases) byPolicy.set(c.policy, [...(byPolicy.get(c.policy) ?? []), c]);
    let checked = 0;
    await pool(
      [...byPolicy].map(([name, cases]) => async () => {
        const file = policyFile(vectors.policies[name]);
        const requests = join(dir, `requests-${fileCounter++}.jsonl`);
        writeFileSync(requests, cases.map((c: { request: unknown }) => JSON.stringify(c.request)).join('\n') + '\n');
        const result = await cli(['evaluate', file, '--requests', requests, '--k8s-version', '1.36']);
        assert.equal(result.code, 0, `${name}: ${result.stderr}`);
        const lines = result.stdout
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line));
        assert.equal(lines.length, cases.length, name);
        cases.forEach((c: EvaluationCase, i: number) => {
          const out = lines[i];
          assert.equal(out.level, c.expectLevel, `${c.id} (${c.note})`);
          assert.deepEqual([...out.omitStages].sort(), [...c.expectOmitStages].sort(), c.id);
          assert.deepEqual(out.omitStages, [...out.omitStages].sort(), `${c.id}: omitStages are printed sorted`);
          const policyOmit = vectors.policies[name].omitManagedFields ?? false;
          const ruleOmit = out.rule >= 0 ? vectors.policies[name].rules[out.rule].omitManagedFields : undefined;
          assert.equal(out.omitManagedFields, c.expectOmitManagedFields ?? ruleOmit ?? policyOmit, c.id);
          if (c.expectLevel !== 'None') assert.ok(out.rule >= 0, c.id);
          checked++;
        });
        if (cases.some((c: { minVersion?: string }) => c.minVersion === '1.36')) {
          // Before 1.36 these policies (group "*") are invalid, so evaluation is refused like the apiserver refuses to start.
          const old = await cli(['evaluate', file, '--requests', requests, '--k8s-version', '1.35']);
          assert.equal(old.code, 1, `${name} at 1.35`);
          assert.match(old.stderr, /resources\.group: Invalid value: "\*"/);
        }
      }),
    );
    assert.equal(checked, vectors.cases.length);
  },
);

corpusTest('policy vectors through the CLI: single --request evaluation prints one line', async () => {
  const c = vectors.cases[0];
  const result = await cli([
    'evaluate',
    policyFile(vectors.policies[c.policy]),
    '--request',
    JSON.stringify(c.request),
  ]);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(Object.keys(JSON.parse(result.stdout)), ['level', 'omitStages', 'omitManagedFields', 'rule']);
});

corpusTest(
  'policy vectors through the CLI: invalid policies give the exact apiserver errors in order, for 1.36, 1.35 and 1.33',
  async () => {
    const jobs: (() => Promise<void>)[] = [];
    for (const entry of vectors.invalidPolicies) {
      const file = policyFile(entry.policy);
      for (const version of ['1.36', '1.35', '1.33']) {
        jobs.push(async () => {
          const minor = Number(version.split('.')[1]);
          const result = await cli(['validate', file, '--json', '--k8s-version', version]);
          const out = JSON.parse(result.stdout);
          if (entry.validFrom && minor >= Number(entry.validFrom.split('.')[1])) {
            assert.equal(result.code, 0, `${entry.why} valid at ${version}`);
            assert.equal(out.valid, true);
            return;
          }
          assert.equal(result.code, 1, `${entry.why} at ${version}`);
          assert.equal(out.valid, false);
          if (entry.layer === 'loader') {
            assert.ok(
              out.loadErrors.some((m: string) => m.includes(entry.expectErrorContains)),
              `${entry.why}: ${JSON.stringify(out.loadErrors)}`,
            );
            return;
          }
          assert.ok(out.errors.length > 0, entry.why);
          const expected =
            (minor < 34 && entry.expectErrorsBefore_1_34) ||
            (minor < 36 && entry.expectErrorsBefore_1_36) ||
            entry.expectErrors;
          if (expected)
            assert.deepEqual(
              out.errors.map((e: { message: string }) => e.message),
              expected,
              `${entry.why} at ${version}`,
            );
          for (const error of out.errors) assert.ok(error.line >= 1 && error.column >= 1, entry.why);
        });
      }
    }
    await pool(jobs);
  },
);

corpusTest(
  'policy vectors through the CLI: valid policies are valid (the empty one fails only in the loader; group "*" only from 1.36)',
  async () => {
    await pool(
      vectors.validPolicies.map(
        (entry: { policy: unknown; why: string; loaderAccepts?: boolean; validFrom?: string }) => async () => {
          const file = policyFile(entry.policy);
          const result = await cli(['validate', file, '--json']);
          const out = JSON.parse(result.stdout);
          assert.deepEqual(out.errors, [], entry.why);
          if (entry.loaderAccepts === false) {
            assert.equal(result.code, 1, entry.why);
            assert.ok(
              out.loadErrors.some((m: string) => m.includes('loaded illegal policy with 0 rules')),
              entry.why,
            );
          } else {
            assert.equal(result.code, 0, `${entry.why}: ${result.stdout}`);
            assert.equal(out.valid, true);
          }
          if (entry.validFrom === '1.36') {
            const old = await cli(['validate', file, '--json', '--k8s-version', '1.35']);
            assert.equal(old.code, 1, entry.why);
          }
        },
      ),
    );
  },
);

test('usage and I/O errors exit 2', async () => {
  const valid = policyFile({ apiVersion: 'audit.k8s.io/v1', kind: 'Policy', rules: [{ level: 'Metadata' }] });
  assert.equal((await cli(['validate', valid])).code, 0);
  assert.equal((await cli(['validate', join(dir, 'missing.yaml')])).code, 2);
  assert.equal((await cli(['validate', valid, '--k8s-version', '1.23'])).code, 2);
  assert.equal((await cli(['evaluate', valid])).code, 2);
  assert.equal((await cli(['evaluate', valid, '--request', '{"verb": 3}'])).code, 2);
});
