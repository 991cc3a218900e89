// Property: the compiled matcher and the direct reading of checker.go agree on random policies and requests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { evaluatePolicy } from '../../shared/policy/evaluate.ts';
import { compilePolicy } from '../../shared/policy/compile.ts';
import { emptyRule } from '../../shared/policy/parse.ts';
import type { Policy, PolicyRule, RequestAttributes } from '../../shared/policy/types.ts';

// Small vocabularies so that random rules and requests actually collide.
const users = fc.constantFrom('alice', 'bob', 'system:kube-proxy', '*', '');
const groups = fc.constantFrom('system:authenticated', 'system:nodes', 'dev', '*');
const verbs = fc.constantFrom('get', 'list', 'watch', 'create', 'update', 'delete', '*', '');
const apiGroups = fc.constantFrom('', 'apps', 'rbac.authorization.k8s.io', '*');
const resources = fc.constantFrom('pods', 'secrets', 'deployments', '*', '');
const subresources = fc.constantFrom('', 'status', 'log', '*');
const names = fc.constantFrom('', 'web', 'x', '*');
const namespaces = fc.constantFrom('', 'default', 'kube-system', '*');
const paths = fc.constantFrom(
  '/',
  '/api',
  '/apis',
  '/healthz',
  '/healthz/etcd',
  '/metrics',
  '/version',
  '/logs/x',
  '/apifoo',
);
const patterns = fc.constantFrom(
  'pods',
  'pods/log',
  'pods/status',
  'pods/*',
  '*',
  '*/status',
  '*/*',
  'secrets',
  'deployments',
  'deployments/*',
  '*/log',
  '',
);
const urlSpecs = fc.constantFrom(
  '*',
  '/api*',
  '/healthz',
  '/healthz*',
  '/healthz/*',
  '/metrics',
  '/logs/*',
  '/**',
  '/version',
  '',
);
const stages = fc.constantFrom('RequestReceived', 'ResponseStarted', 'ResponseComplete', 'Panic');
const small = <T>(arb: fc.Arbitrary<T>) => fc.array(arb, { maxLength: 3 });
/** Mostly empty, so that rules are often broad enough to match. */
const sparse = <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof(
    { weight: 2, arbitrary: fc.constant([] as T[]) },
    { weight: 1, arbitrary: fc.array(arb, { minLength: 1, maxLength: 3 }) },
  );

const rule: fc.Arbitrary<PolicyRule> = fc
  .record({
    level: fc.constantFrom('None', 'Metadata', 'Request', 'RequestResponse'),
    users: sparse(users),
    userGroups: sparse(groups),
    verbs: sparse(verbs),
    resources: sparse(fc.record({ group: apiGroups, resources: small(patterns), resourceNames: sparse(names) })),
    namespaces: sparse(namespaces),
    nonResourceURLs: sparse(urlSpecs),
    omitStages: small(stages),
    omitManagedFields: fc.option(fc.boolean(), { nil: undefined }),
  })
  .map((r) => {
    const out: PolicyRule = { ...emptyRule(r.level), ...r };
    if (r.omitManagedFields === undefined) delete out.omitManagedFields;
    return out;
  });

const policy: fc.Arbitrary<Policy> = fc.record({
  apiVersion: fc.constant('audit.k8s.io/v1'),
  kind: fc.constant('Policy'),
  rules: fc.array(rule, { maxLength: 6 }),
  omitStages: small(stages),
  omitManagedFields: fc.boolean(),
});

const request: fc.Arbitrary<RequestAttributes> = fc.record({
  user: fc.option(users, { nil: null }),
  groups: small(groups),
  verb: verbs,
  namespace: namespaces,
  apiGroup: apiGroups,
  resource: resources,
  subresource: subresources,
  name: names,
  path: paths,
  isResourceRequest: fc.boolean(),
});

test('compiled matcher = reference evaluator on random policies and requests (1.35 and 1.36)', () => {
  fc.assert(
    fc.property(
      policy,
      fc.array(request, { minLength: 1, maxLength: 10 }),
      fc.constantFrom(35, 36),
      (p, requests, minor) => {
        const version = { major: 1 as const, minor };
        const compiled = compilePolicy(p, version);
        for (const r of requests) assert.deepEqual({ ...compiled.evaluate(r) }, evaluatePolicy(p, r, version));
      },
    ),
    { numRuns: 3000 },
  );
});

test('the random generator exercises matches and non-matches alike', () => {
  let matched = 0;
  let unmatched = 0;
  fc.assert(
    fc.property(policy, request, (p, r) => {
      if (evaluatePolicy(p, r).rule >= 0) matched++;
      else unmatched++;
    }),
    { numRuns: 2000 },
  );
  assert.ok(matched > 300 && unmatched > 300, `matched ${matched}, unmatched ${unmatched}`);
});
