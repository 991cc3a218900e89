// The exact reachability analysis behind the `unreachable-rule` and `no-catch-all` lints, cross-checked against the
// reference evaluator: on random policies, a brute-force enumeration of a request universe that contains a witness
// for every distinguishable case must agree with the analysis, and every witness the analysis produces must be
// decided by the rule it claims.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { join } from 'node:path';
import fc from 'fast-check';
import { emptyRule } from '../../shared/policy/parse.ts';
import { evaluatePolicy } from '../../shared/policy/evaluate.ts';
import { analysePolicy, decodeResourcePattern, sampleRequest } from '../../shared/policy/lint/rule-space.ts';
import type { KubeVersion, Policy, PolicyRule, RequestAttributes } from '../../shared/policy/types.ts';
import { SHARED_DIR } from '../support/shared-dir.ts';

const V36: KubeVersion = { major: 1, minor: 36 };
const V35: KubeVersion = { major: 1, minor: 35 };

function policyOf(rules: Partial<PolicyRule>[]): Policy {
  return {
    apiVersion: 'audit.k8s.io/v1',
    kind: 'Policy',
    omitStages: [],
    omitManagedFields: false,
    rules: rules.map((rule) => ({ ...emptyRule('Metadata'), ...rule })),
  };
}

function unreachable(policy: Policy, version = V36): number[] {
  return analysePolicy(policy.rules, version)
    .reach.map((reach, k) => (reach.boxes !== null && reach.boxes.length === 0 ? k : -1))
    .filter((k) => k >= 0);
}

// Small value pools so random rules overlap often; "zz" never appears in a policy and stands for "any other value".
const USERS = ['alice', '*'];
const GROUPS = ['g1', 'system:authenticated'];
const VERBS = ['get', '*'];
const NAMESPACES = ['', 'ns1'];
const API_GROUPS = ['', 'apps', '*'];
const RESOURCES = ['*', 'pods', 'pods/log', 'pods/*', '*/log', '*/*', 'secrets', 'a/b/c', 'pods/', 'log'];
/** Every slash-free piece of RESOURCES, plus "" and a fresh value. */
const RESOURCE_PARTS = ['', '*', 'pods', 'log', 'secrets', 'zz'];
const NAMES = ['', 'n1'];
const PATHS = ['*', '/api*', '/api', '/apis/x', '/healthz', '/healthz*', '/h**', '/'];

const subset = <T>(pool: T[], maxLength = 2) => fc.uniqueArray(fc.constantFrom(...pool), { maxLength });

const ruleArb: fc.Arbitrary<Partial<PolicyRule>> = fc.oneof(
  fc.record({
    level: fc.constantFrom('None', 'Metadata'),
    users: subset(USERS, 1),
    userGroups: subset(GROUPS),
    verbs: subset(VERBS),
    namespaces: subset(NAMESPACES, 1),
    resources: fc.array(
      fc.record({
        group: fc.constantFrom(...API_GROUPS),
        resources: subset(RESOURCES),
        resourceNames: subset(NAMES, 1),
      }),
      { maxLength: 2 },
    ),
  }),
  fc.record({
    level: fc.constantFrom('None', 'Metadata'),
    users: subset(USERS, 1),
    userGroups: subset(GROUPS),
    verbs: subset(VERBS),
    nonResourceURLs: subset(PATHS),
  }),
);

function subsets<T>(values: T[]): T[][] {
  return values.reduce<T[][]>((acc, value) => [...acc, ...acc.map((s) => [...s, value])], [[]]);
}

/** A request universe containing a witness for every case the checker can tell apart, for the pools above. */
function* requestUniverse(): Generator<RequestAttributes> {
  const identities: { user: string | null; groups: string[] }[] = [{ user: null, groups: [] }];
  for (const user of [...USERS, 'zz'])
    for (const groups of subsets([...GROUPS, 'zz'])) identities.push({ user, groups });
  const parts = RESOURCE_PARTS;
  const paths = new Set<string>(['zz', '', '/\u0001']);
  for (const spec of PATHS) {
    const prefix = spec.replace(/\*+$/, '');
    paths.add(spec).add(prefix).add(`${prefix}\u0001`);
  }
  const base = { namespace: '', apiGroup: '', resource: '', subresource: '', name: '', path: '/' };
  for (const identity of identities) {
    for (const verb of [...VERBS, 'zz']) {
      for (const path of paths) yield { ...base, ...identity, verb, path, isResourceRequest: false };
      for (const namespace of [...NAMESPACES, 'zz'])
        for (const apiGroup of [...API_GROUPS, 'zz'])
          for (const resource of parts)
            for (const subresource of parts)
              for (const name of [...NAMES, 'zz'])
                yield {
                  ...base,
                  ...identity,
                  verb,
                  namespace,
                  apiGroup,
                  resource,
                  subresource,
                  name,
                  isResourceRequest: true,
                };
    }
  }
}

const UNIVERSE = [...requestUniverse()];

describe('reachability analysis agrees with the evaluator', () => {
  it('on random policies: same reachable rules and same "something is unmatched" verdict as brute force', () => {
    fc.assert(
      fc.property(fc.array(ruleArb, { minLength: 1, maxLength: 4 }), fc.constantFrom(V35, V36), (rules, version) => {
        const policy = policyOf(rules);
        const space = analysePolicy(policy.rules, version);
        const decided = new Set<number>();
        for (const request of UNIVERSE) decided.add(evaluatePolicy(policy, request, version).rule);
        space.reach.forEach((reach, k) => {
          assert.notEqual(reach.boxes, null, 'budget exceeded on a tiny policy');
          assert.equal(reach.boxes!.length > 0, decided.has(k), `rule ${k} reachability`);
          for (const box of reach.boxes!) assert.equal(evaluatePolicy(policy, sampleRequest(box), version).rule, k);
        });
        assert.equal(space.unmatched!.length > 0, decided.has(-1), 'unmatched requests');
        for (const box of space.unmatched!) assert.equal(evaluatePolicy(policy, sampleRequest(box), version).rule, -1);
      }),
      { numRuns: 40, seed: 20260727 },
    );
  });
});

describe('reachability: the tricky forms', () => {
  it('a catch-all shadows everything after it', () => {
    assert.deepEqual(
      unreachable(policyOf([{ level: 'Metadata' }, { level: 'None', nonResourceURLs: ['/healthz'] }])),
      [1],
    );
  });

  it('`*` covers every resource and subresource of its group only', () => {
    const core = { group: '', resources: ['*'], resourceNames: [] };
    const apps = { group: 'apps', resources: ['deployments'], resourceNames: [] };
    const podsLog = { group: '', resources: ['pods/log'], resourceNames: [] };
    assert.deepEqual(
      unreachable(policyOf([{ resources: [core] }, { resources: [podsLog] }, { resources: [apps] }])),
      [1],
    );
  });

  it('`pods/*` covers pods itself and its subresources; `pods` does not cover pods/log', () => {
    const entry = (resources: string[]) => ({ group: '', resources, resourceNames: [] });
    assert.deepEqual(
      unreachable(policyOf([{ resources: [entry(['pods/*'])] }, { resources: [entry(['pods', 'pods/log'])] }])),
      [1],
    );
    assert.deepEqual(
      unreachable(policyOf([{ resources: [entry(['pods'])] }, { resources: [entry(['pods/log'])] }])),
      [],
    );
  });

  it('`*/status` covers every status subresource but no main resource', () => {
    const entry = (resources: string[]) => ({ group: 'apps', resources, resourceNames: [] });
    const policy = policyOf([
      { resources: [entry(['*/status'])] },
      { resources: [entry(['deployments/status'])] },
      { resources: [entry(['deployments'])] },
    ]);
    assert.deepEqual(unreachable(policy), [1]);
  });

  it('`*/*` matches no real request, so a rule with only `*/*` never matches', () => {
    const policy = policyOf([{ level: 'Metadata', resources: [{ group: '', resources: ['*/*'], resourceNames: [] }] }]);
    const space = analysePolicy(policy.rules, V36);
    for (const box of space.reach[0]!.boxes!) {
      const request = sampleRequest(box);
      assert.ok(request.resource === '*' || request.subresource === '*', 'only a literal "*" resource or subresource');
    }
    const twoSlashes = policyOf([{ resources: [{ group: '', resources: ['a/b/c'], resourceNames: [] }] }]);
    assert.deepEqual(unreachable(twoSlashes), [0]);
    assert.deepEqual(decodeResourcePattern('a/b/c'), []);
  });

  it('several earlier rules can cover a later one only together', () => {
    const policy = policyOf([
      { level: 'None', verbs: ['get'], resources: [{ group: '', resources: ['pods'], resourceNames: [] }] },
      { level: 'None', resources: [{ group: '', resources: ['pods'], resourceNames: [] }], namespaces: ['a'] },
      {
        level: 'Metadata',
        verbs: ['list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', 'proxy'],
        resources: [{ group: '', resources: ['pods'], resourceNames: [] }],
      },
      { level: 'Request', resources: [{ group: '', resources: ['pods'], resourceNames: [] }] },
    ]);
    // Rule 3 still receives pods requests with an unusual verb (e.g. "" from an unknown HTTP method) outside "a".
    assert.deepEqual(unreachable(policy), []);
    const withOtherVerbs = policyOf([
      ...policy.rules.slice(0, 3),
      { level: 'None', verbs: ['get', 'list'], resources: [{ group: '', resources: ['pods'], resourceNames: [] }] },
    ]);
    assert.deepEqual(unreachable(withOtherVerbs), [3]);
  });

  it('userGroups are any-of, and rules with users/groups never take requests without a user', () => {
    const policy = policyOf([
      { level: 'None', userGroups: ['system:authenticated'] },
      { level: 'None', userGroups: ['system:unauthenticated'] },
      { level: 'Metadata', userGroups: ['system:authenticated', 'other'] },
      { level: 'Metadata' },
    ]);
    // Rule 2 still gets users in "other" but in neither earlier group; rule 3 gets requests without a user.
    assert.deepEqual(unreachable(policy), []);
    const space = analysePolicy(policy.rules, V36);
    assert.ok(space.reach[3]!.boxes!.some((box) => sampleRequest(box).user === null));
  });

  it('resourceNames restrict only their own entry, and create has no name', () => {
    const named = { group: '', resources: ['configmaps'], resourceNames: ['leader'] };
    const all = { group: '', resources: ['configmaps'], resourceNames: [] };
    assert.deepEqual(unreachable(policyOf([{ resources: [all] }, { resources: [named] }])), [1]);
    assert.deepEqual(unreachable(policyOf([{ resources: [named] }, { resources: [all] }])), []);
  });

  it('nonResourceURLs: prefixes are plain string prefixes and never match resource requests', () => {
    assert.deepEqual(
      unreachable(policyOf([{ nonResourceURLs: ['/api*'] }, { nonResourceURLs: ['/apis/apps', '/api'] }])),
      [1],
    );
    assert.deepEqual(
      unreachable(policyOf([{ nonResourceURLs: ['/healthz/*'] }, { nonResourceURLs: ['/healthz'] }])),
      [],
    );
    assert.deepEqual(unreachable(policyOf([{ nonResourceURLs: ['/healthz*'] }, { nonResourceURLs: ['/h**'] }])), []);
    assert.deepEqual(
      unreachable(policyOf([{ nonResourceURLs: ['/h*'] }, { nonResourceURLs: ['/healthz*', '/h'] }])),
      [1],
    );
    assert.deepEqual(
      unreachable(
        policyOf([{ nonResourceURLs: ['*'] }, { resources: [{ group: '', resources: [], resourceNames: [] }] }]),
      ),
      [],
    );
    assert.deepEqual(unreachable(policyOf([{ nonResourceURLs: ['*'] }, { namespaces: ['a'] }, { level: 'None' }])), []);
  });

  it('group "*" matches every group from 1.36 only', () => {
    const policy = policyOf([
      { resources: [{ group: '*', resources: [], resourceNames: [] }] },
      { resources: [{ group: 'apps', resources: [], resourceNames: [] }] },
    ]);
    assert.deepEqual(unreachable(policy, V36), [1]);
    assert.deepEqual(unreachable(policy, V35), []);
  });

  it('decides the GCE reference policy quickly and finds every rule reachable', async () => {
    const { readFileSync } = await import('node:fs');
    const { parsePolicy } = await import('../../shared/policy/parse.ts');
    const file = join(SHARED_DIR, 'corpus/policies/gce-gci-configure-helper-audit-policy.yaml');
    const parsed = parsePolicy(readFileSync(file, 'utf8'));
    const started = performance.now();
    const space = analysePolicy(parsed.policy!.rules, V36);
    assert.ok(performance.now() - started < 2000);
    assert.ok(space.reach.every((reach) => reach.boxes !== null && reach.boxes.length > 0));
    assert.equal(space.unmatched!.length, 0, 'the last rule is a catch-all');
  });
});
