// Validation, loader and evaluation against the reference policy vectors (corpus tests), in-process (the CLI path
// is in test/integration); positions and Go-style messages on hand-written policies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parsePolicy } from '../../shared/policy/parse.ts';
import { validatePolicy, validateParsedPolicy, aggregateMessages } from '../../shared/policy/validate.ts';
import { checkLoader } from '../../shared/policy/loader.ts';
import { evaluatePolicy } from '../../shared/policy/evaluate.ts';
import { compilePolicy } from '../../shared/policy/compile.ts';
import type { KubeVersion, Policy, RequestAttributes } from '../../shared/policy/types.ts';
import { corpusDir, corpusPath, corpusTest } from '../support/corpus.ts';

interface Vectors {
  policies: Record<string, unknown>;
  cases: {
    id: string;
    policy: string;
    request: RequestAttributes;
    expectLevel: string;
    expectOmitStages: string[];
    expectOmitManagedFields?: boolean;
    minVersion?: string;
    expectLevelBefore_1_36?: string;
  }[];
  invalidPolicies: {
    policy: unknown;
    why: string;
    layer?: string;
    expectErrors?: string[];
    expectErrorsBefore_1_34?: string[];
    expectErrorsBefore_1_36?: string[];
    validFrom?: string;
    expectErrorContains?: string;
  }[];
  validPolicies: { policy: unknown; why: string; loaderAccepts?: boolean; validFrom?: string }[];
}
const vectors = (
  corpusDir() ? JSON.parse(readFileSync(corpusPath('vectors/policy-cases.json'), 'utf8')) : undefined
) as Vectors;
const v = (minor: number): KubeVersion => ({ major: 1, minor });

function decode(policy: unknown): Policy {
  const parsed = parsePolicy(JSON.stringify(policy, null, 2));
  assert.ok(parsed.policy, JSON.stringify(parsed.diagnostics));
  return parsed.policy;
}

corpusTest('policy vectors in-process: every evaluation vector, reference and compiled, at 1.36 and 1.35', () => {
  for (const c of vectors.cases) {
    const policy = decode(vectors.policies[c.policy]);
    for (const minor of [36, 35]) {
      const expected = minor < 36 && c.expectLevelBefore_1_36 ? c.expectLevelBefore_1_36 : c.expectLevel;
      for (const result of [
        evaluatePolicy(policy, c.request, v(minor)),
        compilePolicy(policy, v(minor)).evaluate(c.request),
      ]) {
        assert.equal(result.level, expected, `${c.id} at 1.${minor}`);
        if (expected === c.expectLevel)
          assert.deepEqual([...result.omitStages].sort(), [...c.expectOmitStages].sort(), c.id);
        if (c.expectOmitManagedFields !== undefined)
          assert.equal(result.omitManagedFields, c.expectOmitManagedFields, c.id);
      }
    }
  }
});

corpusTest('policy vectors in-process: invalid policies give the exact apiserver errors for every version', () => {
  for (const entry of vectors.invalidPolicies.filter((e) => e.layer !== 'loader')) {
    const policy = decode(entry.policy);
    for (let minor = 24; minor <= 36; minor++) {
      const messages = validatePolicy(policy, v(minor)).map((d) => d.message);
      const validFrom = entry.validFrom ? Number(entry.validFrom.split('.')[1]) : Infinity;
      if (minor >= validFrom) {
        assert.deepEqual(messages, [], `${entry.why} valid at 1.${minor}`);
        continue;
      }
      assert.ok(messages.length > 0, `${entry.why} at 1.${minor}`);
      const expected =
        (minor < 34 && entry.expectErrorsBefore_1_34) ||
        (minor < 36 && entry.expectErrorsBefore_1_36) ||
        entry.expectErrors;
      if (expected) assert.deepEqual(messages, expected, `${entry.why} at 1.${minor}`);
    }
  }
});

corpusTest(
  'policy vectors in-process: valid policies pass ValidatePolicy; the loader only rejects the ones marked so',
  () => {
    for (const entry of vectors.validPolicies) {
      const parsed = parsePolicy(JSON.stringify(entry.policy));
      const validFrom = entry.validFrom ? Number(entry.validFrom.split('.')[1]) : 24;
      assert.deepEqual(validateParsedPolicy(parsed, v(36)), [], entry.why);
      if (validFrom > 35) assert.ok(validateParsedPolicy(parsed, v(35)).length > 0, entry.why);
      assert.equal(checkLoader(parsed).length === 0, entry.loaderAccepts !== false, entry.why);
    }
  },
);

corpusTest('policy vectors in-process: loader-layer vectors fail with the expected message', () => {
  for (const entry of vectors.invalidPolicies.filter((e) => e.layer === 'loader')) {
    const found = checkLoader(parsePolicy(JSON.stringify(entry.policy))).map((d) => d.message);
    assert.ok(
      found.some((m) => m.includes(entry.expectErrorContains!)),
      `${entry.why}: ${found.join(' | ')}`,
    );
  }
});

test('validation errors carry the source position of the offending value', () => {
  const parsed = parsePolicy(
    'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: Metadata\n  - level: Bogus\n    resources:\n      - group: apps/v1\n',
  );
  const [level, group] = validateParsedPolicy(parsed, v(36));
  assert.equal(level!.path, 'rules[1].level');
  assert.deepEqual(level!.range!.start, { line: 5, column: 12 });
  assert.equal(group!.path, 'rules[1].resources[0].group');
  assert.match(group!.message, /^rules\[1\]\.resources\.group: Invalid value: "apps\/v1"/);
  assert.deepEqual(group!.range!.start, { line: 7, column: 16 });
});

test('aggregate message joins distinct errors like utilerrors.NewAggregate', () => {
  assert.equal(aggregateMessages(['a']), 'a');
  assert.equal(aggregateMessages(['a', 'b', 'a']), '[a, b]');
});

test('Go quoting of unusual values in error messages', () => {
  const policy = decode({
    apiVersion: 'audit.k8s.io/v1',
    kind: 'Policy',
    rules: [{ level: 'a"b\tc', nonResourceURLs: ['x<y>'], namespaces: ['n'] }],
  });
  const messages = validatePolicy(policy, v(36)).map((d) => d.message);
  assert.equal(
    messages[0],
    'rules[0].level: Unsupported value: "a\\"b\\tc": supported values: "None", "Metadata", "Request", "RequestResponse"',
  );
  assert.equal(
    messages[2],
    'rules[0].nonResourceURLs: Invalid value: ["x\\u003cy\\u003e"]: rules cannot apply to both regular resources and non-resource URLs',
  );
  assert.equal(
    validatePolicy(policy, v(33)).map((d) => d.message)[2],
    'rules[0].nonResourceURLs: Invalid value: []string{"x<y>"}: rules cannot apply to both regular resources and non-resource URLs',
  );
});
