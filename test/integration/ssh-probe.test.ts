// Probing the rig's node layout over a real sshd.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { probeNode } from '../../electron/backend/nodes/probe.ts';
import { SshSession } from '../../electron/backend/ssh/session.ts';
import { rigFixture, seedNodeLayout } from '../rig/node-layout.ts';
import { startRig, type Rig } from '../rig/rig.ts';
import { keyLogin } from '../rig/session-options.ts';

type Users = 'admin' | 'plain';
let rig: Rig<Users>;
let admin: SshSession;

before(async () => {
  rig = await startRig<Users>({
    users: { admin: { sudo: 'nopasswd' }, plain: {} },
    layout: {
      logBytes: 4096,
      rotatedLogs: [
        ['audit-2026-01-02T15-04-05.000.log', 1000],
        ['audit-2026-01-03T15-04-05.000.log.gz', 500],
        ['unrelated.log', 7],
      ],
    },
    fakeProcesses: ['kubelet'],
  });
  admin = await SshSession.connect(
    keyLogin(rig.sshd, rig.users.admin, rig.knownHostsFile, rig.emptyStorePath(), { sudo: { mode: 'nopasswd' } }),
  );
});
after(() => {
  admin?.close();
  rig?.stop();
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

test('probe reports the kubeadm layout, the audit configuration and the node facts', async () => {
  const result = await probeNode(admin, rig.users.admin.name, { fsRoot: rig.layout!.root, useSudo: true });
  assert.equal(result.distribution, 'kubeadm');
  assert.equal(result.kubeletRunning, true);
  assert.equal(result.sudo, 'nopasswd');
  assert.deepEqual(result.os, { id: 'ubuntu', versionId: '22.04', prettyName: 'Ubuntu 22.04.4 LTS' });
  assert.equal(result.manifestPath, '/etc/kubernetes/manifests/kube-apiserver.yaml');
  assert.equal(result.manifestFound, true);
  assert.equal(result.manifestError, null);
  const audit = result.audit;
  assert.equal(audit.enabled, true);
  assert.equal(audit.policyPath, '/etc/kubernetes/audit-policy.yaml');
  assert.equal(audit.policyFound, true);
  assert.equal(audit.policySha256, sha256(rigFixture('audit-policy.yaml')));
  assert.equal(audit.policyContent, rigFixture('audit-policy.yaml'));
  // The manifest mounts /var/log/kubernetes/audit/ (trailing slash); the host path is still the plain file path.
  assert.equal(audit.logPath, '/var/log/kubernetes/audit/audit.log');
  assert.equal(audit.logBytes, 4096);
  assert.deepEqual([audit.maxage, audit.maxbackup, audit.maxsize], [30, 10, 100]);
  assert.deepEqual([audit.rotatedFiles, audit.rotatedBytes], [2, 1500]);
  assert.ok(audit.freeBytes !== null && audit.freeBytes > 0);
  assert.equal(audit.flags.find((flag) => flag.name === 'audit-log-maxage')?.value, '30');
  assert.deepEqual(audit.problems, []);
});

test('without sudo the root-only manifest is unreadable, and the probe says so', async () => {
  const plain = await SshSession.connect(keyLogin(rig.sshd, rig.users.plain, rig.knownHostsFile, rig.emptyStorePath()));
  const result = await probeNode(plain, rig.users.plain.name, { fsRoot: rig.layout!.root, useSudo: true });
  plain.close();
  assert.equal(result.sudo, 'password-required');
  assert.equal(result.manifestFound, false);
  assert.match(result.manifestError ?? '', /Permission denied/);
  assert.ok(result.warnings.some((w) => /sudo is not usable/.test(w)));
});

test('a stock manifest means audit disabled; overrides point at other files', async () => {
  const root = join(rig.dir, 'node-stock');
  seedNodeLayout(root, { manifest: rigFixture('kube-apiserver.stock.yaml'), policy: null, logBytes: null });
  const result = await probeNode(admin, 'admin', { fsRoot: root, useSudo: true });
  assert.equal(result.audit.enabled, false);
  assert.equal(result.audit.policyPath, null);
  assert.equal(result.audit.logPath, null);
  assert.equal(result.audit.maxage, null);

  const overridden = await probeNode(admin, 'admin', {
    fsRoot: rig.layout!.root,
    useSudo: true,
    policyPath: '/etc/kubernetes/manifests/kube-apiserver.yaml',
    logPath: '/var/log/kubernetes/audit/audit-2026-01-02T15-04-05.000.log',
  });
  assert.equal(overridden.audit.policyPath, '/etc/kubernetes/manifests/kube-apiserver.yaml');
  assert.equal(overridden.audit.policySha256, sha256(rigFixture('kube-apiserver.audited.yaml')));
  assert.equal(overridden.audit.logBytes, 1000);
});

test('a broken manifest is reported with its position; a missing one with its path', async () => {
  const root = join(rig.dir, 'node-broken');
  seedNodeLayout(root, { manifest: 'apiVersion: v1\nkind: Pod\nspec:\n  containers: [\n' });
  const broken = await probeNode(admin, 'admin', { fsRoot: root, useSudo: true });
  assert.equal(broken.manifestFound, true);
  assert.match(broken.manifestError ?? '', /^\/etc\/kubernetes\/manifests\/kube-apiserver\.yaml:\d+:\d+: /);

  const missing = await probeNode(admin, 'admin', {
    fsRoot: root,
    useSudo: true,
    manifestPath: '/etc/kubernetes/none.yaml',
  });
  assert.equal(missing.manifestFound, false);
  assert.equal(missing.manifestError, '/etc/kubernetes/none.yaml does not exist');
});

test('k3s, RKE2 and MicroK8s are detected and flagged as needing a different procedure', async () => {
  for (const [distribution, marker] of [
    ['k3s', '/etc/rancher/k3s'],
    ['rke2', '/var/lib/rancher/rke2'],
    ['microk8s', '/var/snap/microk8s'],
  ] as const) {
    const root = join(rig.dir, `node-${distribution}`);
    seedNodeLayout(root, { manifest: null });
    mkdirSync(join(root, marker), { recursive: true });
    const result = await probeNode(admin, 'admin', { fsRoot: root, useSudo: true });
    assert.equal(result.distribution, distribution);
    assert.match(result.distributionNote, /different procedure/);
  }
});
