// Each lint: it fires on the mistake, points at the right place, stays quiet on the correct form, and its quick fix
// (applied to the text with document.ts) makes the finding go away.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits } from '../../shared/policy/document.ts';
import { lintPolicy, LINT_CODES } from '../../shared/policy/lint.ts';
import { parsePolicy } from '../../shared/policy/parse.ts';
import type { Diagnostic, KubeVersion } from '../../shared/policy/types.ts';

const V36: KubeVersion = { major: 1, minor: 36 };
const V30: KubeVersion = { major: 1, minor: 30 };

const HEAD = 'apiVersion: audit.k8s.io/v1\nkind: Policy\nomitStages: ["RequestReceived"]\nrules:\n';
const CATCH_ALL = '  - level: Metadata\n';

function lint(text: string, version = V36): Diagnostic[] {
  return lintPolicy(parsePolicy(text), version);
}

function only(text: string, code: string, version = V36): Diagnostic[] {
  return lint(text, version).filter((d) => d.code === code);
}

/** Applies the single finding's fix and checks the code no longer fires. */
function assertFixResolves(text: string, code: string, version = V36): string {
  const [finding, ...rest] = only(text, code, version);
  assert.ok(finding, `expected a ${code} finding`);
  assert.equal(rest.length, 0);
  assert.ok(finding.fix, 'expected a quick fix');
  const fixed = applyEdits(text, finding.fix.edits);
  assert.deepEqual(only(fixed, code, version), [], `after the fix:\n${fixed}`);
  return fixed;
}

describe('unreachable-rule', () => {
  it('flags a rule after a catch-all, points at its level, and offers to move it above', () => {
    const text = HEAD + CATCH_ALL + '  - level: None\n    nonResourceURLs: ["/healthz*"]\n';
    const [finding] = only(text, LINT_CODES.unreachableRule);
    assert.equal(finding!.rule, 1);
    assert.equal(finding!.severity, 'warning');
    assert.equal(finding!.path, 'rules[1].level');
    assert.deepEqual(finding!.range?.start, { line: 6, column: 12 });
    assert.match(finding!.message, /rule 1/);
    assert.deepEqual(finding!.fix!.edits, [{ op: 'moveRule', from: 1, to: 0 }]);
    const fixed = assertFixResolves(text, LINT_CODES.unreachableRule);
    assert.match(fixed, /rules:\n {2}- level: None/);
  });

  it('offers to remove a redundant rule that is covered by rules with the same effect', () => {
    const text =
      HEAD +
      '  - level: None\n    verbs: ["get"]\n  - level: None\n    verbs: ["list"]\n  - level: None\n    verbs: ["list", "get"]\n' +
      CATCH_ALL;
    const [finding] = only(text, LINT_CODES.unreachableRule);
    assert.equal(finding!.rule, 2);
    assert.match(finding!.message, /rules 1 and 2/);
    assert.deepEqual(finding!.fix!.edits, [{ op: 'removeRule', index: 2 }]);
    assertFixResolves(text, LINT_CODES.unreachableRule);
  });

  it('moves a rule covered by several rules above the first one needed to cover it', () => {
    const text =
      HEAD +
      '  - level: Metadata\n    verbs: ["get"]\n  - level: Request\n    verbs: ["list"]\n  - level: None\n    verbs: ["list", "get"]\n' +
      CATCH_ALL;
    const [finding] = only(text, LINT_CODES.unreachableRule);
    assert.deepEqual(finding!.fix!.edits, [{ op: 'moveRule', from: 2, to: 1 }]);
  });

  it('says so when a rule can match nothing at all', () => {
    const text =
      HEAD + '  - level: None\n    resources:\n      - group: ""\n        resources: ["*/*/*"]\n' + CATCH_ALL;
    const [finding] = only(text, LINT_CODES.unreachableRule);
    assert.match(finding!.message, /can never match/);
  });

  it('does not flag a rule that still gets requests without a user', () => {
    const text =
      HEAD + '  - level: None\n    userGroups: ["system:authenticated", "system:unauthenticated"]\n' + CATCH_ALL;
    assert.deepEqual(only(text, LINT_CODES.unreachableRule), []);
  });
});

describe('no-catch-all', () => {
  it('flags a policy whose rules leave requests unmatched, with an example, and adds a catch-all', () => {
    const text = HEAD + '  - level: Metadata\n    userGroups: ["system:authenticated"]\n';
    const [finding] = only(text, LINT_CODES.noCatchAll);
    assert.match(finding!.message, /without a user/);
    const fixed = assertFixResolves(text, LINT_CODES.noCatchAll);
    assert.match(fixed, /- level: Metadata\s*$/);
  });

  it('accepts rules that together cover everything even without an empty rule', () => {
    const text =
      HEAD +
      '  - level: None\n    nonResourceURLs: ["*"]\n  - level: Metadata\n    namespaces: []\n    resources: []\n    verbs: []\n' +
      CATCH_ALL;
    assert.deepEqual(only(text, LINT_CODES.noCatchAll), []);
    const split =
      HEAD + '  - level: None\n    nonResourceURLs: ["*"]\n  - level: Metadata\n    resources:\n      - group: "*"\n';
    assert.deepEqual(only(split, LINT_CODES.noCatchAll, V36), []);
    assert.equal(
      only(split, LINT_CODES.noCatchAll, { major: 1, minor: 35 }).length,
      1,
      'group "*" is literal before 1.36',
    );
  });
});

describe('sensitive-body', () => {
  it('flags secrets bodies at RequestResponse and inserts a Metadata rule before', () => {
    const text = HEAD + '  - level: RequestResponse\n    resources:\n      - group: ""\n';
    const [finding] = only(text, LINT_CODES.sensitiveBody);
    assert.match(finding!.message, /secrets, configmaps and serviceaccounts\/token/);
    assert.equal(finding!.fix!.edits[0]!.op, 'addRule');
    assertFixResolves(text, LINT_CODES.sensitiveBody);
  });

  it('flags tokenreviews at Request, but not reads at Request level', () => {
    assert.equal(only(HEAD + '  - level: Request\n', LINT_CODES.sensitiveBody).length, 1);
    const reads = HEAD + '  - level: Request\n    verbs: ["get", "list", "watch"]\n';
    assert.deepEqual(only(reads, LINT_CODES.sensitiveBody), []);
  });

  it('is quiet when an earlier Metadata rule already takes the sensitive resources', () => {
    const text =
      HEAD +
      '  - level: Metadata\n    resources:\n      - group: ""\n        resources: ["secrets", "configmaps", "serviceaccounts/token"]\n' +
      '      - group: authentication.k8s.io\n        resources: ["tokenreviews"]\n  - level: RequestResponse\n';
    assert.deepEqual(only(text, LINT_CODES.sensitiveBody), []);
  });
});

describe('stages', () => {
  it('flags ResponseStarted in the policy omitStages', () => {
    const text =
      'apiVersion: audit.k8s.io/v1\nkind: Policy\nomitStages: ["RequestReceived", "ResponseStarted"]\nrules:\n' +
      CATCH_ALL;
    const [finding] = only(text, LINT_CODES.responseStartedOmitted);
    assert.deepEqual(finding!.range?.start, { line: 3, column: 33 });
    assertFixResolves(text, LINT_CODES.responseStartedOmitted);
  });

  it('flags ResponseStarted in a rule only when that rule receives requests without a user', () => {
    const anyone = HEAD + '  - level: Metadata\n    omitStages: ["ResponseStarted"]\n';
    assert.equal(only(anyone, LINT_CODES.responseStartedOmitted).length, 1);
    assertFixResolves(anyone, LINT_CODES.responseStartedOmitted);
    const users = HEAD + '  - level: Metadata\n    users: ["alice"]\n    omitStages: ["ResponseStarted"]\n' + CATCH_ALL;
    assert.deepEqual(only(users, LINT_CODES.responseStartedOmitted), []);
  });

  it('flags RequestReceived not omitted and adds it to the policy', () => {
    const text = 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n' + CATCH_ALL;
    const [finding] = only(text, LINT_CODES.requestReceivedNotOmitted);
    assert.deepEqual(finding!.range?.start, { line: 3, column: 1 }, 'points at `rules:` when there is no omitStages');
    const fixed = assertFixResolves(text, LINT_CODES.requestReceivedNotOmitted);
    assert.match(fixed, /omitStages/);
    const perRule =
      'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: Metadata\n    omitStages: ["RequestReceived"]\n';
    assert.deepEqual(only(perRule, LINT_CODES.requestReceivedNotOmitted), []);
  });
});

describe('field lints', () => {
  it('"*" in verbs, users, userGroups and namespaces is literal', () => {
    for (const field of ['verbs', 'users', 'userGroups', 'namespaces']) {
      const text = `${HEAD}  - level: None\n    ${field}: ["*"]\n${CATCH_ALL}`;
      const [finding] = only(text, LINT_CODES.literalWildcard);
      assert.equal(finding!.path, `rules[0].${field}[0]`);
      assertFixResolves(text, LINT_CODES.literalWildcard);
    }
  });

  it('`*/*` is replaced by `*`', () => {
    const text =
      HEAD + '  - level: None\n    resources:\n      - group: apps\n        resources: ["*/*"]\n' + CATCH_ALL;
    const fixed = assertFixResolves(text, LINT_CODES.starSlashStar);
    assert.match(fixed, /resources: \["\*"\]/);
  });

  it('`resources: ["*"]` without a group is core-only; an explicit group "" is fine', () => {
    const text = HEAD + '  - level: None\n    resources:\n      - resources: ["*"]\n' + CATCH_ALL;
    const [finding] = only(text, LINT_CODES.coreOnlyWildcard, V30);
    assert.match(finding!.fix!.title, /core group explicitly/);
    assertFixResolves(text, LINT_CODES.coreOnlyWildcard, V30);
    const [latest] = only(text, LINT_CODES.coreOnlyWildcard, V36);
    assert.match(latest!.fix!.title, /group: "\*"/);
    const explicit =
      HEAD + '  - level: None\n    resources:\n      - group: ""\n        resources: ["*"]\n' + CATCH_ALL;
    assert.deepEqual(only(explicit, LINT_CODES.coreOnlyWildcard), []);
  });

  it('resourceNames with create', () => {
    const text =
      HEAD +
      '  - level: None\n    verbs: ["create", "update"]\n    resources:\n      - group: ""\n        resources: ["configmaps"]\n        resourceNames: ["x"]\n' +
      CATCH_ALL;
    const [finding] = only(text, LINT_CODES.resourceNamesWithCreate);
    assert.equal(finding!.path, 'rules[0].verbs[0]');
    assertFixResolves(text, LINT_CODES.resourceNamesWithCreate);
  });

  it('group written with a version, or as "v1" / "core"', () => {
    for (const [group, fixedTo] of [
      ['apps/v1', 'apps'],
      ['batch/v1beta1', 'batch'],
      ['v1', ''],
      ['core', ''],
    ]) {
      const text = `${HEAD}  - level: None\n    resources:\n      - group: ${group}\n        resources: ["jobs"]\n${CATCH_ALL}`;
      const [finding] = only(text, LINT_CODES.groupWithVersion);
      assert.ok(finding, group);
      assert.equal((finding.fix!.edits[0] as { value: { group: string }[] }).value[0]!.group, fixedTo);
    }
  });
});

describe('catalogue lints', () => {
  it('deployments under the core group: suggests apps and moves it there', () => {
    const text =
      HEAD +
      '  - level: None\n    resources:\n      - group: ""\n        resources: ["pods", "deployments"]\n' +
      CATCH_ALL;
    const [finding] = only(text, LINT_CODES.unknownResource);
    assert.match(finding!.message, /group "apps"/);
    assert.equal(finding!.path, 'rules[0].resources[0].resources[1]');
    const fixed = assertFixResolves(text, LINT_CODES.unknownResource);
    assert.match(fixed, /group: "?apps"?/);
    assert.match(fixed, /resources: \["pods"\]/);
  });

  it('version-aware: servicecidrs from 1.29, clustercidrs until 1.28', () => {
    const text = (r: string) =>
      `${HEAD}  - level: None\n    resources:\n      - group: networking.k8s.io\n        resources: ["${r}"]\n${CATCH_ALL}`;
    assert.equal(only(text('servicecidrs'), LINT_CODES.unknownResource, { major: 1, minor: 28 }).length, 1);
    assert.deepEqual(only(text('servicecidrs'), LINT_CODES.unknownResource, { major: 1, minor: 29 }), []);
    assert.deepEqual(only(text('clustercidrs'), LINT_CODES.unknownResource, { major: 1, minor: 28 }), []);
    const [gone] = only(text('clustercidrs'), LINT_CODES.unknownResource, { major: 1, minor: 30 });
    assert.match(gone!.message, /served in Kubernetes 1\.28\)/);
  });

  it('spelling and subresources', () => {
    const text =
      HEAD +
      '  - level: None\n    resources:\n      - group: ""\n        resources: ["Pods", "pods/logs", "*/statuz"]\n' +
      CATCH_ALL;
    const findings = lint(text);
    const unknown = findings.find((d) => d.code === LINT_CODES.unknownResource);
    assert.match(unknown!.message, /Did you mean "pods"/);
    const subs = findings.filter((d) => d.code === LINT_CODES.unknownSubresource).map((d) => d.path);
    assert.deepEqual(subs, ['rules[0].resources[0].resources[1]', 'rules[0].resources[0].resources[2]']);
  });

  it('skips groups it does not know (CRDs) and versions outside 1.28–1.36', () => {
    const text =
      HEAD +
      '  - level: None\n    resources:\n      - group: example.com\n        resources: ["widgets"]\n      - group: ""\n        resources: ["deployments"]\n' +
      CATCH_ALL;
    assert.equal(only(text, LINT_CODES.unknownResource).length, 1);
    assert.deepEqual(only(text, LINT_CODES.unknownResource, { major: 1, minor: 26 }), []);
  });
});

describe('lintPolicy', () => {
  it('returns nothing for text that is not a policy, and never throws on odd input', () => {
    assert.deepEqual(lint(': : :\n- ['), []);
    assert.deepEqual(lint(''), []);
    for (const text of ['rules: 5', 'rules: [null, 3, "x"]', 'rules:\n  - resources: [null]\n    level: 7', '[1, 2]']) {
      assert.doesNotThrow(() => lint(text));
    }
  });

  it('sorts findings by position and fills code, severity, path, range and rule', () => {
    const text = HEAD + '  - level: RequestResponse\n    verbs: ["*"]\n';
    const findings = lint(text);
    assert.ok(findings.length >= 2);
    for (const d of findings) {
      assert.ok(d.code && d.severity && d.message && d.path && d.range, JSON.stringify(d));
    }
    const lines = findings.map((d) => d.range!.start.line);
    assert.deepEqual(
      lines,
      [...lines].sort((a, b) => a - b),
    );
  });
});
