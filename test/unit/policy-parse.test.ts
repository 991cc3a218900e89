// Strict-decoding findings, positions, unsupported documents, loader checks and migration.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parsePolicy, rangeOf } from '../../shared/policy/parse.ts';
import { checkLoader, REMOVED_VERSION_CODE } from '../../shared/policy/loader.ts';
import { migratePolicyText } from '../../shared/policy/migrate.ts';
import { loadPolicyText } from '../../shared/policy/load-policy.ts';
import { corpusPath, corpusTest } from '../support/corpus.ts';

test('misspelled, misplaced, duplicate and wrongly typed fields are reported with positions', () => {
  const parsed = parsePolicy(`apiVersion: audit.k8s.io/v1
kind: Policy
rules:
  - level: None
    verb: ["get"]
    users: [alice]
    users: [bob]
    namespaces: [yes]
    resources:
      - group: ""
        verbs: ["list"]
`);
  const found = parsed.diagnostics.map((d) => [d.code, d.severity, d.path, d.range?.start.line, d.range?.start.column]);
  assert.deepEqual(found, [
    ['unknown-field', 'warning', 'rules[0].verb', 5, 5],
    ['duplicate-key', 'warning', 'rules[0].users', 7, 5],
    ['wrong-type', 'error', 'rules[0].namespaces[0]', 8, 18],
    ['unknown-field', 'warning', 'rules[0].resources[0].verbs', 11, 9],
  ]);
  assert.match(parsed.diagnostics[0]!.message, /did you mean "verbs"\?/);
  assert.match(parsed.diagnostics[3]!.message, /field of a rule, not of a resources entry/);
  assert.deepEqual(parsed.policy!.rules[0]!.users, ['bob']);
  assert.deepEqual(parsed.policy!.rules[0]!.verbs, []);
});

test('rangeOf points at nodes, or the nearest parent', () => {
  const parsed = parsePolicy('apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: Metadata\n');
  assert.deepEqual(rangeOf(parsed, ['rules', 0, 'level'])!.start, { line: 4, column: 12 });
  assert.deepEqual(rangeOf(parsed, ['rules', 0, 'verbs'])!.start, { line: 4, column: 5 });
});

test('multi-document, List, non-mapping, empty and broken YAML are rejected clearly', () => {
  const code = (text: string) => parsePolicy(text).diagnostics.map((d) => d.code);
  assert.deepEqual(code('kind: Policy\n---\nkind: Policy\n'), ['unsupported-document']);
  assert.deepEqual(code('apiVersion: v1\nkind: List\nitems: []\n'), ['unsupported-document', 'unknown-field']);
  assert.deepEqual(code('- level: None\n'), ['unsupported-document']);
  assert.deepEqual(code('# nothing\n'), ['unsupported-document']);
  assert.deepEqual(code('rules: [\n'), ['yaml-syntax']);
  assert.equal(parsePolicy('- a').policy, null);
});

test('loader: apiVersion/kind, removed versions and zero rules', () => {
  const messages = (text: string) => checkLoader(parsePolicy(text)).map((d) => d.message);
  assert.match(messages('rules:\n- level: None\n')[0]!, /^unknown group version field \/, Kind= in policy/);
  assert.match(messages('apiVersion: audit.k8s.io/v1\nkind: Policy\n')[0]!, /^loaded illegal policy with 0 rules/);
  const removed = checkLoader(parsePolicy('apiVersion: audit.k8s.io/v1beta1\nkind: Policy\nrules:\n- level: None\n'));
  assert.equal(removed[0]!.code, REMOVED_VERSION_CODE);
  assert.match(removed[0]!.message, /^failed decoding: .*migrate/);
  assert.match(messages('apiVersion: audit.k8s.io/v1\nkind: Event\nrules:\n- level: None\n')[0]!, /kind "Event"/);
});

/** Migrating a v1beta1 policy changes the apiVersion and nothing else, and gives a valid v1 policy. */
function assertMigratesV1beta1(name: string, text: string): void {
  const { text: migrated, from } = migratePolicyText(text);
  assert.equal(from, 'audit.k8s.io/v1beta1');
  assert.equal(migrated, text.replace('audit.k8s.io/v1beta1', 'audit.k8s.io/v1'));
  const loaded = loadPolicyText(migrated);
  assert.equal(loaded.valid, true, name);
  assert.deepEqual(loaded.policy!.rules, parsePolicy(text).policy!.rules);
}

corpusTest('migration of the v1beta1 corpus files keeps everything but the apiVersion', () => {
  for (const name of [
    'audit2rbac-demo-policy.v1beta1.yaml',
    'falco-examples-k8s_audit_config__audit-policy.v1beta1.yaml',
  ]) {
    assertMigratesV1beta1(name, readFileSync(corpusPath(`corpus/policies/${name}`), 'utf8'));
  }
});

test('migration keeps everything but the apiVersion: comments, quoting, other versions', () => {
  assertMigratesV1beta1(
    'a commented v1beta1 policy',
    '# Old policy\napiVersion: audit.k8s.io/v1beta1 # before 1.24\nkind: Policy\nomitStages: ["RequestReceived"]\n' +
      'rules:\n  # nodes\n  - level: None\n    users: ["system:kube-proxy"]\n  - level: Metadata\n',
  );
  const v1 = 'apiVersion: "audit.k8s.io/v1alpha1" # old\nkind: Policy\nrules:\n- level: None\n';
  assert.equal(
    migratePolicyText(v1).text,
    'apiVersion: "audit.k8s.io/v1" # old\nkind: Policy\nrules:\n- level: None\n',
  );
  assert.throws(() => migratePolicyText('apiVersion: v1\nkind: Pod\n'), /cannot migrate/);
});
