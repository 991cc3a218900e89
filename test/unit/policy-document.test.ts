// Text edits through the model: byte-for-byte round trips, comments kept under random edits, and the edited text
// always decodes to the model edited the same way; on the built-in presets, and (corpus tests) on every real-world
// policy of the reference corpus.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { applyEdits } from '../../shared/policy/document.ts';
import { applyModelEdits } from '../../shared/policy/model-edits.ts';
import { parsePolicy } from '../../shared/policy/parse.ts';
import type { PolicyEdit } from '../../shared/policy/types.ts';
import { POLICY_PRESETS } from '../../shared/policy/presets/index.ts';
import { corpusDir, corpusPath, corpusTest } from '../support/corpus.ts';

interface PolicyText {
  name: string;
  text: string;
}

const presets: PolicyText[] = POLICY_PRESETS.map((preset) => ({ name: `preset ${preset.id}`, text: preset.yaml }));
const CORPUS = corpusDir() ? corpusPath('corpus/policies') + '/' : '';
const files = CORPUS ? readdirSync(CORPUS).sort() : [];
// Jinja templates ({% if %} blocks) are not YAML; every other file, .j2 or not, must parse.
const corpus = files
  .map((name) => ({ name, text: readFileSync(CORPUS + name, 'utf8') }))
  .filter(({ name, text }) => !(name.endsWith('.j2') && parsePolicy(text).policy === null));
const skipped = files.filter((name) => !corpus.some((c) => c.name === name));

corpusTest('corpus policies: only Jinja templates are skipped, and they are reported as YAML errors', () => {
  assert.deepEqual(skipped, [
    'ibm-cloud-kube-samples__iks-kube-audit-policy-verbose.yaml.j2',
    'ibm-cloud-kube-samples__iks-kube-audit-policy.2019.yaml.j2',
    'ibm-cloud-kube-samples__iks-kube-audit-policy.yaml.j2',
    'ibm-cloud-kube-samples__roks-openshift-audit-policy.yaml.j2',
    'kubespray-apiserver-audit-policy.yaml.j2',
  ]);
  for (const name of skipped) {
    const diagnostics = parsePolicy(readFileSync(CORPUS + name, 'utf8')).diagnostics;
    assert.ok(diagnostics.length <= 6 && diagnostics.every((d) => d.code === 'yaml-syntax' && d.range), name);
  }
});

/** Unedited text, and an added rule removed again, give back the same bytes. */
function assertRoundTrips(policies: PolicyText[]): void {
  for (const { name, text } of policies) {
    assert.equal(applyEdits(text, []), text, name);
    const count = parsePolicy(text).policy!.rules.length;
    const rule = {
      level: 'None',
      verbs: ['watch'],
      resources: [{ group: '', resources: ['events'], resourceNames: [] }],
    };
    for (const index of [0, Math.floor(count / 2), count]) {
      const added = applyEdits(text, [{ op: 'addRule', index, rule }]);
      assert.notEqual(added, text);
      assert.equal(applyEdits(added, [{ op: 'removeRule', index }]), text, `${name} add/remove at ${index}`);
    }
  }
}

test('presets: unedited text and inverse edit pairs round-trip byte for byte', () => assertRoundTrips(presets));
corpusTest('corpus policies: unedited text and inverse edit pairs round-trip byte for byte', () =>
  assertRoundTrips(corpus),
);

/** Comment lines and trailing comments, in order. */
function comments(text: string): string[] {
  return [...text.matchAll(/(?:^|\s)(#.*)$/gm)].map((m) => m[1]!.trim());
}

function isSubsequence(part: string[], whole: string[]): boolean {
  let i = 0;
  for (const item of whole) if (item === part[i]) i++;
  return i === part.length;
}

const strings = fc.array(
  fc.constantFrom('get', 'list', 'system:nodes', 'kube-system', '/healthz*', 'yes', "it's", 'a: b'),
  {
    maxLength: 3,
  },
);

/** With `valueEdits`, also edits that replace or remove list values (and any comments inside them). */
function editArbitrary(ruleCount: number, valueEdits: boolean): fc.Arbitrary<PolicyEdit> {
  const index = fc.integer({ min: 0, max: Math.max(0, ruleCount - 1) });
  const safe: fc.Arbitrary<PolicyEdit>[] = [
    fc.record({
      op: fc.constant('setRuleField' as const),
      index,
      field: fc.constant('level' as const),
      value: fc.constantFrom('None', 'Metadata', 'Request', 'RequestResponse'),
    }),
    fc.record({ op: fc.constant('moveRule' as const), from: index, to: index }),
    fc.record({
      op: fc.constant('addRule' as const),
      index: fc.integer({ min: 0, max: ruleCount }),
      rule: fc.record({ level: fc.constantFrom('None', 'Metadata'), verbs: strings }),
    }),
  ];
  if (!valueEdits) return fc.oneof(...safe);
  return fc.oneof(
    ...safe,
    fc.record({
      op: fc.constant('setRuleField' as const),
      index,
      field: fc.constantFrom('users' as const, 'userGroups' as const, 'verbs' as const, 'namespaces' as const),
      value: strings,
    }),
    fc.record({
      op: fc.constant('setRuleField' as const),
      index,
      field: fc.constant('level' as const),
      value: fc.constantFrom('None', 'Metadata', 'Request', 'RequestResponse'),
    }),
    fc.record({
      op: fc.constant('setRuleField' as const),
      index,
      field: fc.constant('omitManagedFields' as const),
      value: fc.option(fc.boolean(), { nil: undefined }),
    }),
    fc.record({
      op: fc.constant('setRuleField' as const),
      index,
      field: fc.constant('resources' as const),
      value: fc.array(fc.record({ group: fc.constantFrom('', 'apps'), resources: strings, resourceNames: strings }), {
        maxLength: 2,
      }),
    }),
    fc.record({ op: fc.constant('moveRule' as const), from: index, to: index }),
    fc.record({
      op: fc.constant('addRule' as const),
      index: fc.integer({ min: 0, max: ruleCount }),
      rule: fc.record({ level: fc.constantFrom('None', 'Metadata'), verbs: strings }),
    }),
    fc.record({
      op: fc.constant('setPolicyField' as const),
      field: fc.constant('omitStages' as const),
      value: fc.constantFrom([], ['RequestReceived']),
    }),
  );
}

/** Random edits of the text decode to the same edits applied to the model. */
function assertRandomEdits(policies: PolicyText[]): void {
  for (const { name, text } of policies) {
    const original = parsePolicy(text).policy!;
    fc.assert(
      fc.property(fc.array(editArbitrary(original.rules.length, true), { minLength: 1, maxLength: 5 }), (edits) => {
        const edited = applyEdits(text, edits);
        const reparsed = parsePolicy(edited);
        assert.ok(reparsed.policy, `${name}: ${JSON.stringify(reparsed.diagnostics)}\n${edited}`);
        assert.deepEqual(reparsed.policy, applyModelEdits(original, edits), name);
      }),
      { numRuns: 40 },
    );
  }
}

test('presets: random edits decode to the same edit applied to the model', () => assertRandomEdits(presets));
corpusTest('corpus policies: random edits decode to the same edit applied to the model', () =>
  assertRandomEdits(corpus),
);

/** Random edits that replace no commented value keep every comment. */
function assertCommentsKept(policies: PolicyText[]): void {
  for (const { name, text } of policies) {
    const original = parsePolicy(text).policy!;
    fc.assert(
      fc.property(fc.array(editArbitrary(original.rules.length, false), { minLength: 1, maxLength: 5 }), (edits) => {
        const edited = applyEdits(text, edits);
        const before = comments(text).sort();
        const after = comments(edited).sort();
        assert.ok(isSubsequence(before, after), `${name}: comments lost\n${edited}`);
        assert.deepEqual(parsePolicy(edited).policy, applyModelEdits(original, edits), name);
      }),
      { numRuns: 40 },
    );
  }
}

test('presets: random edits that replace no commented value keep every comment', () => assertCommentsKept(presets));
corpusTest('corpus policies: random edits that replace no commented value keep every comment', () =>
  assertCommentsKept(corpus),
);

test('removing a rule removes its attached comments; removing a key keeps neighbours', () => {
  const text =
    'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  # about A\n  - level: None # A\n    verbs: ["get"]\n\n  # about B\n  - level: Metadata\n';
  assert.equal(
    applyEdits(text, [{ op: 'removeRule', index: 0 }]),
    'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n\n  # about B\n  - level: Metadata\n',
  );
  assert.equal(
    applyEdits(text, [{ op: 'setRuleField', index: 0, field: 'verbs', value: [] }]),
    'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  # about A\n  - level: None # A\n\n  # about B\n  - level: Metadata\n',
  );
  assert.equal(
    applyEdits(text, [
      { op: 'setRuleField', index: 1, field: 'resources', value: [{ group: '', resources: ['pods'] }] },
    ]),
    text + '    resources:\n      - group: ""\n        resources: ["pods"]\n',
  );
});

test('JSON policies are edited as JSON', () => {
  const text = '{"apiVersion":"audit.k8s.io/v1","kind":"Policy","rules":[{"level":"None"}]}';
  const edited = applyEdits(text, [
    { op: 'addRule', index: 1, rule: { level: 'Metadata' } },
    { op: 'setRuleField', index: 0, field: 'verbs', value: ['get'] },
  ]);
  assert.deepEqual(JSON.parse(edited).rules, [{ level: 'None', verbs: ['get'] }, { level: 'Metadata' }]);
});

test('edits on text that is not a policy, or out of range, throw', () => {
  assert.throws(() => applyEdits('a: [', [{ op: 'removeRule', index: 0 }]), /cannot edit/);
  assert.throws(() => applyEdits('kind: Policy\nrules: []\n', [{ op: 'removeRule', index: 0 }]), /no rule 0/);
});
