// Every preset parses cleanly, loads and validates on every supported Kubernetes version, passes the linter, and
// behaves as its rationale says on representative requests.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluatePolicy } from '../../shared/policy/evaluate.ts';
import { lintPolicy } from '../../shared/policy/lint.ts';
import { loadPolicyText } from '../../shared/policy/load-policy.ts';
import { parsePolicy } from '../../shared/policy/parse.ts';
import { findPreset, POLICY_PRESETS } from '../../shared/policy/presets/index.ts';
import type { Policy, RequestAttributes } from '../../shared/policy/types.ts';

/** Findings a preset keeps on purpose (explained in its rationale). */
const JUSTIFIED: Record<string, string[]> = {
  'kubernetes-docs-example': ['sensitive-body@5', 'sensitive-body@7', 'removed-group@7'],
};

const base: RequestAttributes = {
  user: 'alice',
  groups: ['system:authenticated'],
  verb: 'get',
  namespace: 'default',
  apiGroup: '',
  resource: 'pods',
  subresource: '',
  name: 'p',
  path: '/api/v1/namespaces/default/pods/p',
  isResourceRequest: true,
};
const nonResource = (path: string, user: string | null = 'alice'): RequestAttributes => ({
  ...base,
  user,
  groups: user === null ? [] : ['system:authenticated'],
  path,
  isResourceRequest: false,
  namespace: '',
  resource: '',
  name: '',
});

function policyOf(id: string): Policy {
  return parsePolicy(findPreset(id)!.yaml).policy!;
}
const levelOf = (id: string, request: Partial<RequestAttributes>) =>
  evaluatePolicy(policyOf(id), { ...base, ...request }, { major: 1, minor: 36 }).level;

describe('presets', () => {
  it('have unique ids and complete descriptions', () => {
    assert.equal(new Set(POLICY_PRESETS.map((p) => p.id)).size, POLICY_PRESETS.length);
    assert.ok(POLICY_PRESETS.length >= 6);
    for (const preset of POLICY_PRESETS) {
      assert.ok(preset.name && preset.description && preset.rationale.length > 100, preset.id);
      assert.equal(findPreset(preset.id), preset);
    }
  });

  it('parse without diagnostics and are valid on every supported version', () => {
    for (const preset of POLICY_PRESETS) {
      assert.deepEqual(parsePolicy(preset.yaml).diagnostics, [], preset.id);
      for (let minor = 24; minor <= 36; minor++) {
        const loaded = loadPolicyText(preset.yaml, { major: 1, minor });
        assert.ok(
          loaded.valid,
          `${preset.id} on 1.${minor}: ${JSON.stringify([...loaded.loadErrors, ...loaded.validationErrors])}`,
        );
      }
    }
  });

  it('pass the linter: no errors, and only the findings their rationale explains', () => {
    for (const preset of POLICY_PRESETS) {
      for (const minor of [28, 32, 36]) {
        const findings = lintPolicy(parsePolicy(preset.yaml), { major: 1, minor });
        assert.ok(findings.every((d) => d.severity !== 'error'));
        assert.deepEqual(
          findings.map((d) => `${d.code}@${d.rule}`),
          JUSTIFIED[preset.id] ?? [],
          `${preset.id} on 1.${minor}`,
        );
      }
    }
  });

  it('comment every rule', () => {
    for (const preset of POLICY_PRESETS) {
      const lines = preset.yaml.split('\n');
      lines.forEach((line, i) => {
        if (/^\s*- level:/.test(line)) assert.match(lines[i - 1]!, /^\s*#/, `${preset.id} line ${i + 1}`);
      });
    }
  });

  it('behave as described', () => {
    // Baseline: probes, leases, events and control-plane reads dropped; everything else at Metadata.
    assert.equal(
      evaluatePolicy(policyOf('metadata-baseline'), nonResource('/readyz'), { major: 1, minor: 36 }).level,
      'None',
    );
    assert.equal(
      levelOf('metadata-baseline', { apiGroup: 'coordination.k8s.io', resource: 'leases', verb: 'update' }),
      'None',
    );
    assert.equal(
      levelOf('metadata-baseline', { user: 'system:kube-proxy', verb: 'watch', resource: 'services' }),
      'None',
    );
    assert.equal(levelOf('metadata-baseline', { user: 'system:kube-controller-manager', verb: 'list' }), 'None');
    assert.equal(levelOf('metadata-baseline', { user: 'system:kube-controller-manager', verb: 'create' }), 'Metadata');
    assert.equal(levelOf('metadata-baseline', { resource: 'events', verb: 'create' }), 'None');
    assert.equal(levelOf('metadata-baseline', { verb: 'delete' }), 'Metadata');
    // Security: write bodies, RBAC request+response, secrets metadata only.
    assert.equal(levelOf('security', { verb: 'create', resource: 'secrets' }), 'Metadata');
    assert.equal(levelOf('security', { verb: 'create', apiGroup: 'apps', resource: 'deployments' }), 'Request');
    assert.equal(
      levelOf('security', { verb: 'update', apiGroup: 'rbac.authorization.k8s.io', resource: 'clusterroles' }),
      'RequestResponse',
    );
    assert.equal(levelOf('security', { verb: 'list' }), 'Metadata');
    // OpenShift-style: failed authentication still logged; write bodies; all bodies.
    for (const id of ['openshift-default', 'openshift-write-request-bodies', 'openshift-all-request-bodies']) {
      const policy = policyOf(id);
      assert.equal(evaluatePolicy(policy, nonResource('/healthz'), { major: 1, minor: 36 }).level, 'None', id);
      assert.notEqual(evaluatePolicy(policy, nonResource('/healthz', null), { major: 1, minor: 36 }).level, 'None', id);
      assert.deepEqual(evaluatePolicy(policy, base, { major: 1, minor: 36 }).omitStages, ['RequestReceived']);
    }
    assert.equal(levelOf('openshift-default', { verb: 'create' }), 'Metadata');
    assert.equal(levelOf('openshift-write-request-bodies', { verb: 'create' }), 'RequestResponse');
    assert.equal(levelOf('openshift-write-request-bodies', { verb: 'get' }), 'Metadata');
    assert.equal(levelOf('openshift-all-request-bodies', { verb: 'get' }), 'RequestResponse');
    assert.equal(levelOf('openshift-all-request-bodies', { verb: 'get', resource: 'secrets' }), 'Metadata');
  });
});
