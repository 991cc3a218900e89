// The apply runner over the real sshd rig against simulated control-plane nodes (test/sim): clean apply,
// no-op re-apply, policy-only change, automatic rollback, multi-node stop, and a connection cut mid-write.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileChange } from '../../shared/apply/node-changes.ts';
import type { ApplySettings, NodePlan, StepEvent } from '../../shared/apply/types.ts';
import { planRollout } from '../../electron/backend/apply/plan-rollout.ts';
import { runRollout } from '../../electron/backend/apply/rollout.ts';
import { SshSession } from '../../electron/backend/ssh/session.ts';
import { rigFixture } from '../rig/node-layout.ts';
import { startRig, type Rig } from '../rig/rig.ts';
import { SIM_TIMINGS, startSimNode, type SimNode } from '../sim/sim-node.ts';

let rig: Rig<'admin'>;
const nodes: SimNode[] = [];

before(async () => {
  rig = await startRig<'admin'>({ users: { admin: { sudo: 'nopasswd' } }, layout: false });
});
after(async () => {
  for (const node of nodes) await node.sim.stop();
  rig?.stop();
});

async function simNode(id: string, manifest?: string): Promise<SimNode> {
  const node = await startSimNode(rig, rig.users.admin, id, { manifest });
  nodes.push(node);
  return node;
}

const POLICY = rigFixture('audit-policy.yaml');
const SETTINGS: ApplySettings = {
  policyPath: '/etc/kubernetes/audit-policy.yaml',
  logPath: '/var/log/kubernetes/audit/audit.log',
  maxAge: 30,
  maxBackup: 10,
  maxSize: 100,
};
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const applyRequest = (policyText: string, settings = SETTINGS) =>
  ({ action: 'apply', policyText, policySha256: sha256(policyText), settings }) as const;

async function applyTo(targets: SimNode[], policyText = POLICY, steps: StepEvent[] = []) {
  const plan = await planRollout(
    targets.map((n) => n.target),
    applyRequest(policyText),
  );
  const run = await runRollout(
    targets.map((n) => n.target),
    plan.nodes,
    { timings: SIM_TIMINGS, onStep: (e) => steps.push(e) },
  );
  return { plan, run };
}

const read = (node: SimNode, nodePath: string) => readFileSync(join(node.layout.root, nodePath), 'utf8');

test('a clean apply writes policy and manifest, restarts the API server and audit events appear', async () => {
  const node = await simNode('clean');
  const before = node.sim.runningContainerId();
  const steps: StepEvent[] = [];
  const { plan, run } = await applyTo([node], POLICY, steps);
  const nodePlan = plan.nodes[0]!;
  assert.equal(nodePlan.blocked, false, JSON.stringify(nodePlan.checks));
  assert.deepEqual(
    nodePlan.changes.map((c) => c.role),
    ['policy', 'manifest'],
  );
  assert.match(nodePlan.changes[1]!.diff, /^\+ {4}- --audit-policy-file=\/etc\/kubernetes\/audit-policy.yaml$/m);
  assert.equal(nodePlan.kubernetesVersion, '1.29');
  assert.equal(run.outcome, 'succeeded', JSON.stringify(run.nodes));
  assert.equal(run.nodes[0]!.outcome, 'applied');
  assert.notEqual(node.sim.runningContainerId(), before);
  assert.equal(read(node, SETTINGS.policyPath), POLICY);
  assert.equal(read(node, '/etc/kubernetes/manifests/kube-apiserver.yaml'), nodePlan.changes[1]!.after);
  const events = read(node, SETTINGS.logPath!)
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  assert.ok(events.length > 0);
  assert.ok(events.every((e) => e.kind === 'Event' && e.level === 'Metadata' && e.stage === 'ResponseComplete'));
  // Backup outside the manifests folder, root-only.
  const backupDir = join(node.layout.root, run.nodes[0]!.backupDir!);
  assert.ok(run.nodes[0]!.backupDir!.startsWith('/etc/kubernetes/auditscope-backups/'));
  assert.equal(statSync(backupDir).mode & 0o777, 0o700);
  const manifestCopy = readdirSync(backupDir).find((name) => name.startsWith('manifest-'))!;
  assert.equal(statSync(join(backupDir, manifestCopy)).mode & 0o777, 0o600);
  assert.equal(readFileSync(join(backupDir, manifestCopy), 'utf8'), rigFixture('kube-apiserver.stock.yaml'));
  assert.deepEqual(readdirSync(join(node.layout.root, 'etc/kubernetes/manifests')), ['kube-apiserver.yaml']);
  const order = steps.filter((s) => s.status === 'ok').map((s) => s.step);
  assert.deepEqual(order, [
    'connect',
    'verify',
    'backup',
    'write-policy',
    'write-manifest',
    'wait-restart',
    'check-log',
  ]);

  // Re-applying the same policy and settings is a no-op: nothing written, no restart.
  const running = node.sim.runningContainerId();
  const again = await applyTo([node]);
  assert.deepEqual(again.plan.nodes[0]!.changes, []);
  assert.equal(again.run.nodes[0]!.outcome, 'unchanged');
  assert.equal(node.sim.runningContainerId(), running);

  // A policy-only change still restarts the API server (through the policy-hash annotation).
  const changed = POLICY.replace(
    '- level: Metadata\n',
    '- level: Request\n    verbs: ["create"]\n  - level: Metadata\n',
  );
  const third = await applyTo([node], changed);
  const diff = third.plan.nodes[0]!.changes.find((c) => c.role === 'manifest')!.diff;
  assert.match(diff, /^\+ {4}auditscope\.io\/policy-sha256: /m);
  assert.equal(third.run.nodes[0]!.outcome, 'applied', third.run.nodes[0]!.message);
  assert.notEqual(node.sim.runningContainerId(), running);
  assert.equal(read(node, SETTINGS.policyPath), changed);
});

test('a policy path outside every mount fails on the node, rolls back, and leaves the node byte-for-byte as before', async () => {
  const node = await simNode('broken');
  await applyTo([node]);
  const manifestPath = '/etc/kubernetes/manifests/kube-apiserver.yaml';
  const manifestBefore = readFileSync(join(node.layout.root, manifestPath));
  const policyBefore = readFileSync(join(node.layout.root, SETTINGS.policyPath));
  const manifestMode = statSync(join(node.layout.root, manifestPath)).mode;
  const running = node.sim.runningContainerId()!;
  // The flag points at a file no volume mounts: kube-apiserver cannot read it inside its container.
  const outside = '/opt/auditscope/policy.yaml';
  const broken = manifestBefore
    .toString('utf8')
    .replace(`--audit-policy-file=${SETTINGS.policyPath}`, `--audit-policy-file=${outside}`);
  const plan: NodePlan = {
    nodeId: node.target.id,
    label: node.target.label,
    kubernetesVersion: '1.29',
    checks: [],
    changes: [
      fileChange('policy', outside, null, POLICY),
      fileChange('manifest', manifestPath, manifestBefore.toString('utf8'), broken),
    ],
    notes: [],
    blocked: false,
    expectLogPath: SETTINGS.logPath!,
  };
  const steps: StepEvent[] = [];
  const run = await runRollout([node.target], [plan], { timings: SIM_TIMINGS, onStep: (e) => steps.push(e) });
  const result = run.nodes[0]!;
  assert.equal(run.outcome, 'failed');
  assert.equal(result.outcome, 'rolled-back', result.message);
  assert.match(
    result.apiserverLog ?? '',
    /loading audit policy file: failed to read file path "\/opt\/auditscope\/policy.yaml"/,
  );
  assert.deepEqual(readFileSync(join(node.layout.root, manifestPath)), manifestBefore);
  assert.equal(statSync(join(node.layout.root, manifestPath)).mode, manifestMode);
  assert.deepEqual(readFileSync(join(node.layout.root, SETTINGS.policyPath)), policyBefore);
  assert.equal(existsSync(join(node.layout.root, outside)), false);
  assert.deepEqual(readdirSync(join(node.layout.root, 'etc/kubernetes/manifests')), ['kube-apiserver.yaml']);
  assert.notEqual(node.sim.runningContainerId(), null);
  assert.notEqual(node.sim.runningContainerId(), running);
  const okSteps = steps.filter((s) => s.status === 'ok').map((s) => s.step);
  assert.ok(okSteps.includes('rollback') && okSteps.includes('rollback-health'), okSteps.join(','));
});

test('with three nodes, a failure on the second stops the rollout and leaves the third untouched', async () => {
  const stock = rigFixture('kube-apiserver.stock.yaml');
  // A stale flag is harmless while the log backend is off; enabling it makes kube-apiserver refuse to start.
  const stale = stock.replace(
    '    - --allow-privileged=true\n',
    '    - --allow-privileged=true\n    - --audit-log-mode=async\n',
  );
  const [first, second, third] = [await simNode('three-a'), await simNode('three-b', stale), await simNode('three-c')];
  const thirdManifest = read(third, '/etc/kubernetes/manifests/kube-apiserver.yaml');
  const thirdContainer = third.sim.runningContainerId();
  const { plan, run } = await applyTo([first!, second!, third!]);
  assert.ok(plan.nodes.every((n) => !n.blocked));
  assert.equal(run.outcome, 'failed');
  assert.deepEqual(
    run.nodes.map((n) => n.outcome),
    ['applied', 'rolled-back', 'not-started'],
  );
  assert.match(run.nodes[1]!.apiserverLog ?? '', /invalid audit log mode async/);
  assert.equal(read(second!, '/etc/kubernetes/manifests/kube-apiserver.yaml'), stale);
  assert.equal(read(third!, '/etc/kubernetes/manifests/kube-apiserver.yaml'), thirdManifest);
  assert.equal(existsSync(join(third!.layout.root, SETTINGS.policyPath)), false);
  assert.equal(third!.sim.runningContainerId(), thirdContainer);
});

test('cutting the SSH connection during the manifest write leaves the old or the new manifest, and the next run recovers', async () => {
  const node = await simNode('cut');
  const manifestPath = '/etc/kubernetes/manifests/kube-apiserver.yaml';
  for (const [index, delayMs] of [0, 4, 20].entries()) {
    const policy = `${POLICY}# variant ${index}\n`;
    const plan = await planRollout([node.target], applyRequest(policy));
    const oldText = plan.nodes[0]!.changes.find((c) => c.role === 'manifest')!.before;
    const newText = plan.nodes[0]!.changes.find((c) => c.role === 'manifest')!.after;
    let session: SshSession | undefined;
    const run = await runRollout([node.target], plan.nodes, {
      timings: SIM_TIMINGS,
      connect: async (target) => {
        session = await SshSession.connect(target.connection!);
        return { session, release: () => session!.close() };
      },
      onStep: (event) => {
        if (event.step === 'write-manifest' && event.status === 'running')
          setTimeout(() => session!.destroy(), delayMs);
      },
    });
    assert.notEqual(run.outcome, 'succeeded', `delay ${delayMs}: the cut should have interrupted the run`);
    const onDisk = read(node, manifestPath);
    assert.ok(
      onDisk === oldText || onDisk === newText,
      `delay ${delayMs}: the manifest is neither the old nor the new one`,
    );
    assert.deepEqual(readdirSync(join(node.layout.root, 'etc/kubernetes/manifests')), ['kube-apiserver.yaml']);

    const retry = await applyTo([node], policy);
    assert.equal(retry.run.outcome, 'succeeded', `delay ${delayMs}: ${JSON.stringify(retry.run.nodes)}`);
    assert.equal(read(node, manifestPath), newText);
    assert.equal(read(node, SETTINGS.policyPath), policy);
    const staging = join(node.layout.root, 'etc/kubernetes/auditscope-backups/.staging');
    assert.deepEqual(existsSync(staging) ? readdirSync(staging) : [], []);
  }
});
