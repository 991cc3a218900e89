// A kubeadm node as it usually is: anonymous auth disabled, kubeadm's admin.conf, and the kubeadm-config ConfigMap
// (ClusterConfiguration v1beta4). Over the real sshd rig against a simulated node with kubectl and crictl stand-ins:
// the health check goes through kubectl with admin.conf, the ConfigMap is updated as planned and reverted exactly;
// without admin.conf the anonymous check is refused (401 is never taken for "up") and the plan says why.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { ApplySettings, StepEvent } from '../../shared/apply/types.ts';
import { livezCheck } from '../../electron/backend/apply/health.ts';
import { planRollout } from '../../electron/backend/apply/plan-rollout.ts';
import { RemoteNode } from '../../electron/backend/apply/remote-node.ts';
import { runRollout } from '../../electron/backend/apply/rollout.ts';
import { SshSession } from '../../electron/backend/ssh/session.ts';
import { rigFixture } from '../rig/node-layout.ts';
import { startRig, type Rig } from '../rig/rig.ts';
import { readConfigMap } from '../sim/configmaps.ts';
import { ADMIN_CONF, SIM_TIMINGS, startSimNode, type SimNode } from '../sim/sim-node.ts';

let rig: Rig<'admin'>;
const nodes: SimNode[] = [];
const CLUSTER_CONFIGURATION = readFileSync(
  new URL('../fixtures/manifests/kubeadm-clusterconfig-v1beta4.yaml', import.meta.url),
  'utf8',
);
// v1beta4 comes with kubeadm 1.31+: the node runs the ClusterConfiguration's version.
const MANIFEST_1_33 = rigFixture('kube-apiserver.stock.yaml').replace(':v1.29.0', ':v1.33.1');
const POLICY = rigFixture('audit-policy.yaml');
const SETTINGS: ApplySettings = {
  policyPath: '/etc/kubernetes/audit-policy.yaml',
  logPath: '/var/log/kubernetes/audit/audit.log',
  maxAge: 7,
  persistKubeadm: true,
};
const applyRequest = {
  action: 'apply',
  policyText: POLICY,
  policySha256: createHash('sha256').update(POLICY).digest('hex'),
  settings: SETTINGS,
} as const;

before(async () => {
  rig = await startRig<'admin'>({ users: { admin: { sudo: 'nopasswd' } }, layout: false });
});
after(async () => {
  for (const node of nodes) await node.sim.stop();
  rig?.stop();
});

async function kubeadmNode(id: string): Promise<SimNode> {
  const node = await startSimNode(rig, rig.users.admin, id, {
    manifest: MANIFEST_1_33,
    anonymousAuth: false,
    adminConf: true,
    kubeadmConfig: CLUSTER_CONFIGURATION,
  });
  nodes.push(node);
  return node;
}

const clusterConfiguration = (node: SimNode) =>
  readConfigMap(node.sim.stateDir, 'kube-system', 'kubeadm-config')!.data.ClusterConfiguration;

test('kubeadm-config: v1beta4 extraArgs and extraVolumes are planned, written after a healthy restart, and reverted', async () => {
  const node = await kubeadmNode('kubeadm');
  const manifestPath = join(node.layout.root, 'etc/kubernetes/manifests/kube-apiserver.yaml');
  const manifestBefore = readFileSync(manifestPath, 'utf8');

  const plan = await planRollout([node.target], applyRequest);
  const nodePlan = plan.nodes[0]!;
  assert.equal(nodePlan.blocked, false, JSON.stringify(nodePlan.checks));
  assert.deepEqual(
    nodePlan.changes.map((c) => c.role),
    ['policy', 'manifest', 'kubeadm-config'],
  );
  const health = nodePlan.checks.find((c) => c.id === 'health')!;
  assert.equal(health.status, 'ok');
  assert.match(health.detail, /kubectl get --raw \/livez with \/etc\/kubernetes\/admin\.conf/);
  const kubeadm = nodePlan.changes.find((c) => c.role === 'kubeadm-config')!;
  assert.equal(kubeadm.path, 'kube-system/kubeadm-config');
  assert.equal(kubeadm.before, CLUSTER_CONFIGURATION);
  // The plan shows it like every other change: a unified diff with the v1beta4 name/value list.
  assert.match(kubeadm.diff, /^\+ {2}extraArgs:$/m);
  assert.match(kubeadm.diff, /^\+ {2}- name: audit-policy-file\n\+ {4}value: \/etc\/kubernetes\/audit-policy\.yaml$/m);
  assert.match(kubeadm.diff, /^\+ {2}- name: audit-log\n\+ {4}hostPath: \/var\/log\/kubernetes\/audit$/m);
  assert.ok(nodePlan.notes.includes('kubeadm-config: added extraArgs audit-log-maxage=7'), nodePlan.notes.join('\n'));

  const steps: StepEvent[] = [];
  const run = await runRollout([node.target], plan.nodes, { timings: SIM_TIMINGS, onStep: (e) => steps.push(e) });
  assert.equal(run.outcome, 'succeeded', JSON.stringify(run.nodes));
  assert.equal(run.nodes[0]!.message, 'applied and healthy');
  const restart = steps.find((s) => s.step === 'wait-restart' && s.status === 'ok')!;
  assert.match(restart.message, /\(kubectl get --raw \/livez with \/etc\/kubernetes\/admin\.conf\)$/);
  assert.deepEqual(
    steps.filter((s) => s.status === 'ok').map((s) => s.step),
    ['connect', 'verify', 'backup', 'write-policy', 'write-manifest', 'wait-restart', 'check-log', 'kubeadm-config'],
  );
  const written = clusterConfiguration(node);
  assert.equal(written, kubeadm.after);
  const parsed = parse(written) as {
    apiVersion: string;
    apiServer: { extraArgs: { name: string; value: string }[]; extraVolumes: { name: string; pathType: string }[] };
  };
  assert.equal(parsed.apiVersion, 'kubeadm.k8s.io/v1beta4');
  assert.deepEqual(parsed.apiServer.extraArgs, [
    { name: 'audit-log-maxage', value: '7' },
    { name: 'audit-log-path', value: '/var/log/kubernetes/audit/audit.log' },
    { name: 'audit-policy-file', value: '/etc/kubernetes/audit-policy.yaml' },
  ]);
  assert.deepEqual(
    parsed.apiServer.extraVolumes.map((v) => [v.name, v.pathType]),
    [
      ['audit-policy', 'File'],
      ['audit-log', 'DirectoryOrCreate'],
    ],
  );
  // The backup holds the ConfigMap's previous ClusterConfiguration too.
  const backup = join(node.layout.root, run.nodes[0]!.backupDir!, 'kubeadm-ClusterConfiguration.yaml');
  assert.equal(readFileSync(backup, 'utf8'), CLUSTER_CONFIGURATION);

  // Re-planning sees the ConfigMap up to date: nothing to change anywhere.
  const again = await planRollout([node.target], applyRequest);
  assert.deepEqual(again.nodes[0]!.changes, []);

  const revertPlan = await planRollout([node.target], {
    action: 'revert',
    revertOf: run.runId,
    changesByNode: { [node.target.id]: nodePlan.changes },
  });
  assert.deepEqual(
    revertPlan.nodes[0]!.changes.map((c) => c.role),
    ['policy', 'manifest', 'kubeadm-config'],
  );
  const reverted = await runRollout([node.target], revertPlan.nodes, { timings: SIM_TIMINGS });
  assert.equal(reverted.outcome, 'succeeded', JSON.stringify(reverted.nodes));
  assert.equal(clusterConfiguration(node), CLUSTER_CONFIGURATION);
  assert.equal(readFileSync(manifestPath, 'utf8'), manifestBefore);
});

test('with anonymous auth disabled and no admin.conf, 401 is not "up": the plan is blocked and says what is missing', async () => {
  const node = await kubeadmNode('no-admin-conf');
  const session = await SshSession.connect(node.target.connection!);
  try {
    const remote = new RemoteNode(session, node.target);
    const withAdmin = await livezCheck(remote, node.target.livezUrl!);
    assert.equal(withAdmin.anonymous, false);
    assert.deepEqual(await withAdmin.ask(), { ok: true, answer: 'ok' });

    renameSync(join(node.layout.root, ADMIN_CONF), join(node.layout.root, `${ADMIN_CONF}.moved`));
    const anonymous = await livezCheck(new RemoteNode(session, node.target), node.target.livezUrl!);
    assert.equal(anonymous.anonymous, true);
    assert.equal(anonymous.how, `anonymous curl ${node.target.livezUrl}`);
    const answer = await anonymous.ask();
    assert.equal(answer.ok, false);
    assert.match(answer.answer, /^HTTP 401 .*Unauthorized/);
  } finally {
    session.close();
  }
  const plan = await planRollout([node.target], applyRequest);
  const nodePlan = plan.nodes[0]!;
  assert.equal(nodePlan.blocked, true);
  const health = nodePlan.checks.find((c) => c.id === 'health')!;
  assert.equal(health.status, 'failed');
  assert.match(health.detail, /--anonymous-auth=false; put kubectl and \/etc\/kubernetes\/admin\.conf on the node/);
  // Without admin.conf, kubeadm-config cannot be read either: a warning, not a silent skip.
  assert.match(nodePlan.checks.find((c) => c.id === 'kubeadm')!.detail, /admin\.conf does not exist/);
});

test('a node with anonymous /livez and no admin.conf is checked with curl', async () => {
  const node = await startSimNode(rig, rig.users.admin, 'anonymous');
  nodes.push(node);
  const session = await SshSession.connect(node.target.connection!);
  try {
    const check = await livezCheck(new RemoteNode(session, node.target), node.target.livezUrl!);
    assert.equal(check.anonymous, true);
    assert.deepEqual(await check.ask(), { ok: true, answer: 'HTTP 200 ok' });
  } finally {
    session.close();
  }
});
