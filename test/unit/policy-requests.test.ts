// RequestInfo derivation from URLs and audit events, and explanations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { requestAttributesFromHttp } from '../../shared/policy/request-info.ts';
import { requestAttributesFromEvent } from '../../shared/policy/event-attributes.ts';
import { explainEvaluation } from '../../shared/policy/explain.ts';
import { parsePolicy } from '../../shared/policy/parse.ts';
import { corpusPath, corpusTest } from '../support/corpus.ts';

const alice = { user: 'alice', groups: ['dev'] };
const pick = (method: string, url: string) => {
  const r = requestAttributesFromHttp({ method, url, ...alice });
  return [r.verb, r.namespace, r.apiGroup, r.resource, r.subresource, r.name, r.isResourceRequest];
};

test('RequestInfo: verbs, namespaces, names and subresources from method + URL', () => {
  assert.deepEqual(pick('GET', '/api/v1/namespaces/default/pods/busybox'), [
    'get',
    'default',
    '',
    'pods',
    '',
    'busybox',
    true,
  ]);
  assert.deepEqual(pick('GET', '/api/v1/namespaces/default/pods'), ['list', 'default', '', 'pods', '', '', true]);
  assert.deepEqual(pick('GET', '/api/v1/pods?watch=true'), ['watch', '', '', 'pods', '', '', true]);
  assert.deepEqual(pick('GET', '/api/v1/pods?watch=false'), ['list', '', '', 'pods', '', '', true]);
  assert.deepEqual(pick('GET', '/api/v1/namespaces/ns/secrets?fieldSelector=metadata.name%3Dx'), [
    'list',
    'ns',
    '',
    'secrets',
    '',
    'x',
    true,
  ]);
  assert.deepEqual(pick('HEAD', '/apis/apps/v1/namespaces/ns/deployments/web'), [
    'get',
    'ns',
    'apps',
    'deployments',
    '',
    'web',
    true,
  ]);
  assert.deepEqual(pick('DELETE', '/api/v1/namespaces/ns/pods'), ['deletecollection', 'ns', '', 'pods', '', '', true]);
  assert.deepEqual(pick('POST', '/api/v1/namespaces/ns/pods/p/eviction'), [
    'create',
    'ns',
    '',
    'pods',
    'eviction',
    'p',
    true,
  ]);
  assert.deepEqual(pick('GET', '/api/v1/namespaces/foo'), ['get', 'foo', '', 'namespaces', '', 'foo', true]);
  assert.deepEqual(pick('PUT', '/api/v1/namespaces/foo/finalize'), [
    'update',
    'foo',
    '',
    'namespaces',
    'finalize',
    'foo',
    true,
  ]);
  assert.deepEqual(pick('GET', '/api/v1/namespaces'), ['list', '', '', 'namespaces', '', '', true]);
  assert.deepEqual(pick('GET', '/api/v1/watch/namespaces/ns/pods'), ['watch', 'ns', '', 'pods', '', '', true]);
  assert.deepEqual(pick('GET', '/api/v1/proxy/namespaces/ns/pods/p/a/b'), ['proxy', 'ns', '', 'pods', '', 'p', true]);
  assert.deepEqual(pick('OPTIONS', '/api/v1/pods'), ['', '', '', 'pods', '', '', true]);
  assert.deepEqual(pick('GET', '/apis/apps/v1'), ['get', '', '', '', '', '', false]);
  assert.deepEqual(pick('POST', '/healthz/etcd'), ['post', '', '', '', '', '', false]);
  assert.equal(requestAttributesFromHttp({ method: 'GET', url: '/metrics?x=1' }).path, '/metrics');
  assert.equal(requestAttributesFromHttp({ method: 'GET', url: '/metrics' }).user, null);
});

test('event attributes: URL re-parsed, body-derived objectRef name ignored, user {} means no user', () => {
  const create = requestAttributesFromEvent({
    verb: 'create',
    requestURI: '/api/v1/namespaces/default/configmaps?fieldManager=kubectl',
    user: { username: 'bob', groups: ['dev'] },
    objectRef: { resource: 'configmaps', namespace: 'default', name: 'cm1', apiVersion: 'v1' },
  });
  assert.equal(create.name, '');
  assert.equal(create.user, 'bob');
  assert.equal(create.path, '/api/v1/namespaces/default/configmaps');
  const failed = requestAttributesFromEvent({ verb: 'list', requestURI: '/api/v1/namespaces/default/pods', user: {} });
  assert.equal(failed.user, null);
  assert.deepEqual(failed.groups, []);
  const named = requestAttributesFromEvent({
    verb: 'watch',
    requestURI: '/api/v1/namespaces/kube-system/configmaps?fieldSelector=metadata.name%3Dleader&watch=true',
    user: { username: 'x' },
  });
  assert.equal(named.name, 'leader');
  assert.throws(() => requestAttributesFromEvent({ verb: 'get' }), /requestURI/);
});

corpusTest('event attributes from the example events of the reference docs (docs/kubernetes-audit.md)', () => {
  const doc = readFileSync(corpusPath('docs/kubernetes-audit.md'), 'utf8');
  const lines = doc.split('\n').filter((line) => line.startsWith('{"kind":"Event"'));
  assert.equal(lines.length, 4);
  const requests = lines.map((line) => requestAttributesFromEvent(JSON.parse(line)));
  assert.deepEqual(
    requests.map((r) => [r.user, r.verb, r.resource, r.name]),
    [
      ['kubernetes-admin', 'get', 'pods', 'busybox'],
      ['kubernetes-admin', 'get', 'pods', 'busybox'],
      ['bob', 'get', 'secrets', 'db'],
      [null, 'list', 'pods', ''],
    ],
  );
});

test('explain names the first failing criterion of each earlier rule', () => {
  const policy = parsePolicy(`apiVersion: audit.k8s.io/v1
kind: Policy
rules:
  - level: None
    users: ["system:kube-proxy"]
  - level: None
    verbs: ["watch"]
  - level: Request
    resources:
      - group: apps
  - level: None
    nonResourceURLs: ["/healthz*"]
  - level: Metadata
`).policy!;
  const request = requestAttributesFromHttp({ method: 'GET', url: '/api/v1/namespaces/default/pods/x', ...alice });
  const explanation = explainEvaluation(policy, request);
  assert.equal(explanation.result.rule, 4);
  assert.deepEqual(
    explanation.rules.map((r) => r.criterion ?? 'matched'),
    ['users', 'verbs', 'resources', 'nonResourceRequest', 'matched'],
  );
  assert.equal(explanation.rules[0]!.reason, 'users: "alice" is not in ["system:kube-proxy"]');
  assert.match(explanation.summary, /rule 4 matched: level Metadata/);
});
