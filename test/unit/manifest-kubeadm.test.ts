// Audit settings persisted in kubeadm ClusterConfiguration: v1beta3 map and v1beta4 list forms, plus extraVolumes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { applyKubeadmAudit, removeKubeadmAudit } from '../../shared/manifest/kubeadm-config.ts';
import type { AuditSettings } from '../../shared/manifest/audit-settings.ts';
import type { EditResult } from '../../shared/manifest/result.ts';
import { assertLinesKept } from './manifest-assertions.ts';
import { SHARED_DIR } from '../support/shared-dir.ts';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../fixtures/manifests', name), 'utf8');
const SETTINGS: AuditSettings = {
  policyPath: '/etc/kubernetes/audit-policy.yaml',
  logPath: '/var/log/kubernetes/audit/audit.log',
  maxAge: 30,
  maxBackup: 10,
};

function ok(result: EditResult): string {
  assert.ok(result.ok, JSON.stringify(result));
  return result.text;
}

interface ApiServer {
  extraArgs?: Record<string, string> | { name: string; value: string }[];
  extraVolumes?: { name: string; hostPath: string; mountPath: string; readOnly?: boolean; pathType?: string }[];
}

const apiServerOf = (text: string) => (parse(text) as { apiServer: ApiServer }).apiServer;

function assertVolumes(apiServer: ApiServer): void {
  assert.deepEqual(
    apiServer
      .extraVolumes!.filter((volume) => volume.name.startsWith('audit'))
      .map((v) => [v.hostPath, v.mountPath, v.readOnly, v.pathType]),
    [
      ['/etc/kubernetes/audit-policy.yaml', '/etc/kubernetes/audit-policy.yaml', true, 'File'],
      ['/var/log/kubernetes/audit', '/var/log/kubernetes/audit', false, 'DirectoryOrCreate'],
    ],
  );
}

describe('kubeadm ClusterConfiguration persistence', () => {
  it('v1beta3: extraArgs map with string values, existing value replaced', () => {
    const original = fixture('kubeadm-clusterconfig-v1beta3.yaml');
    const text = ok(applyKubeadmAudit(original, SETTINGS));
    const apiServer = apiServerOf(text);
    assert.deepEqual(apiServer.extraArgs, {
      'authorization-mode': 'Node,RBAC',
      'audit-log-maxage': '30',
      'audit-log-maxbackup': '10',
      'audit-log-path': '/var/log/kubernetes/audit/audit.log',
      'audit-policy-file': '/etc/kubernetes/audit-policy.yaml',
    });
    assertVolumes(apiServer);
    assertLinesKept(original, text, (line) => line.includes('audit-log-maxage'));
    assert.deepEqual(applyKubeadmAudit(text, SETTINGS), { ok: true, text, changes: [] });
    const removed = ok(removeKubeadmAudit(text));
    assert.deepEqual(apiServerOf(removed).extraArgs, { 'authorization-mode': 'Node,RBAC' });
    assert.equal(apiServerOf(removed).extraVolumes, undefined);
    assert.equal(removed, original.replace('    audit-log-maxage: "7"\n', ''));
  });

  it('v1beta4: name/value list created under apiServer: {}, and removed back to it', () => {
    const original = fixture('kubeadm-clusterconfig-v1beta4.yaml');
    const text = ok(applyKubeadmAudit(original, SETTINGS));
    const apiServer = apiServerOf(text);
    assert.deepEqual(apiServer.extraArgs, [
      { name: 'audit-log-maxage', value: '30' },
      { name: 'audit-log-maxbackup', value: '10' },
      { name: 'audit-log-path', value: '/var/log/kubernetes/audit/audit.log' },
      { name: 'audit-policy-file', value: '/etc/kubernetes/audit-policy.yaml' },
    ]);
    assertVolumes(apiServer);
    assertLinesKept(original, text, (line) => line === 'apiServer: {}');
    assert.deepEqual(applyKubeadmAudit(text, SETTINGS), { ok: true, text, changes: [] });
    assert.equal(ok(removeKubeadmAudit(text)), original);
  });

  it('v1beta4 flow items keep their style and duplicates are removed', () => {
    const original = [
      'apiVersion: kubeadm.k8s.io/v1beta4',
      'kind: ClusterConfiguration',
      'apiServer:',
      '  extraArgs:',
      '    - {name: audit-log-maxage, value: "7"}',
      '    - {name: authorization-mode, value: "Node,RBAC"}',
      '    - {name: audit-log-maxage, value: "9"}',
      '',
    ].join('\n');
    const text = ok(applyKubeadmAudit(original, SETTINGS));
    assert.ok(text.includes('    - {name: audit-log-maxage, value: "30"}\n'));
    assert.ok(text.includes('    - {name: audit-policy-file, value: /etc/kubernetes/audit-policy.yaml}\n'));
    const args = apiServerOf(text).extraArgs as { name: string }[];
    assert.equal(args.filter((arg) => arg.name === 'audit-log-maxage').length, 1);
    assertVolumes(apiServerOf(text));
  });

  it('adds apiServer to a ClusterConfiguration inside a multi-document kubeadm config', () => {
    const original =
      'apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\n---\napiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nkubernetesVersion: v1.34.0';
    const text = ok(applyKubeadmAudit(original, SETTINGS));
    assert.ok(text.startsWith(original + '\napiServer:\n  extraArgs:\n  - name: audit-log-maxage\n'));
    assert.ok(!text.endsWith('\n'), 'no final newline added');
  });

  it('reads the ClusterConfiguration embedded in the kind docs (corpus) and finds its audit settings', () => {
    const kind = parse(
      readFileSync(join(SHARED_DIR, 'corpus/manifests/related/kind-docs__kind-config-audit.yaml'), 'utf8'),
    );
    const embedded = 'apiVersion: kubeadm.k8s.io/v1beta3\n' + (kind.nodes[0].kubeadmConfigPatches[0] as string);
    const settings = {
      policyPath: '/etc/kubernetes/policies/audit-policy.yaml',
      logPath: '/var/log/kubernetes/kube-apiserver-audit.log',
    };
    assert.deepEqual(
      applyKubeadmAudit(embedded, settings),
      { ok: true, text: embedded, changes: [] },
      'already configured, directory mounts reused',
    );
    const removed = ok(removeKubeadmAudit(embedded));
    assert.equal(apiServerOf(removed).extraArgs, undefined);
    assert.deepEqual(
      apiServerOf(removed).extraVolumes!.map((volume) => volume.name),
      ['audit-policies'],
    );
    assert.ok(removed.includes('    # enable auditing flags on the API server\n'), 'comments stay');
  });

  it('refuses templates and files without a ClusterConfiguration', () => {
    const template = readFileSync(
      join(SHARED_DIR, 'corpus/manifests/templates/kubespray-kubeadm-config.v1beta4.yaml.j2'),
      'utf8',
    );
    const refused = applyKubeadmAudit(template, SETTINGS);
    assert.equal(refused.ok, false);
    assert.equal(!refused.ok && refused.line, 3);
    const pod = applyKubeadmAudit(fixture('kubeadm-v1.36.yaml'), SETTINGS);
    assert.match(!pod.ok ? pod.reason : '', /no kubeadm ClusterConfiguration found \(kinds present: Pod\)/);
  });
});
