import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isCatchAll, summarizeRule } from '../../shared/policy/summary.ts';
import type { PolicyRule } from '../../shared/policy/types.ts';

const rule = (partial: Partial<PolicyRule>): PolicyRule => ({
  level: 'Metadata',
  users: [],
  userGroups: [],
  verbs: [],
  resources: [],
  namespaces: [],
  nonResourceURLs: [],
  omitStages: [],
  ...partial,
});

test('summaries name level, verbs, resources, URLs and identities', () => {
  assert.equal(
    summarizeRule(
      rule({
        verbs: ['delete', 'get'],
        resources: [{ group: '', resources: ['secrets', 'configmaps'], resourceNames: [] }],
      }),
    ),
    'Metadata for delete, get on core secrets, configmaps',
  );
  assert.equal(summarizeRule(rule({})), 'Metadata for every verb — every request (catch-all)');
  assert.equal(
    summarizeRule(rule({ level: 'None', nonResourceURLs: ['/healthz*'] })),
    'None for every verb on URLs /healthz*',
  );
  assert.equal(
    summarizeRule(
      rule({
        level: 'None',
        users: ['system:kube-proxy'],
        verbs: ['watch'],
        resources: [{ group: '', resources: [], resourceNames: [] }],
      }),
    ),
    'None for watch on all core resources by system:kube-proxy',
  );
  assert.match(summarizeRule(rule({ namespaces: ['a', 'b', 'c', 'd', 'e', 'f'] })), /in namespaces a, b, c, d \+2/);
});

test('catch-all means no criteria at all', () => {
  assert.equal(isCatchAll(rule({})), true);
  assert.equal(isCatchAll(rule({ level: 'None', verbs: ['get'] })), false);
  assert.equal(isCatchAll(rule({ omitStages: ['RequestReceived'] })), true);
});
