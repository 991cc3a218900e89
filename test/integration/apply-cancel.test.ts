// Cancelling a rollout between steps, over the real sshd rig against simulated control-plane nodes: the node being
// changed is rolled back to exactly what it had (bytes, no leftovers, an API server running), the rollout reports
// "cancelled", and the nodes after it are not touched.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StepEvent, StepId, StepStatus } from '../../shared/apply/types.ts';
import { planRollout } from '../../electron/backend/apply/plan-rollout.ts';
import { runRollout } from '../../electron/backend/apply/rollout.ts';
import { rigFixture } from '../rig/node-layout.ts';
import { startRig, type Rig } from '../rig/rig.ts';
import { SIM_TIMINGS, startSimNode, type SimNode } from '../sim/sim-node.ts';

let rig: Rig<'admin'>;
const nodes: SimNode[] = [];
const POLICY = rigFixture('audit-policy.yaml');
const MANIFEST = '/etc/kubernetes/manifests/kube-apiserver.yaml';
const POLICY_PATH = '/etc/kubernetes/audit-policy.yaml';
const applyRequest = {
  action: 'apply',
  policyText: POLICY,
  policySha256: createHash('sha256').update(POLICY).digest('hex'),
  settings: { policyPath: POLICY_PATH, logPath: '/var/log/kubernetes/audit/audit.log' },
} as const;

before(async () => {
  rig = await startRig<'admin'>({ users: { admin: { sudo: 'nopasswd' } }, layout: false });
});
after(async () => {
  for (const node of nodes) await node.sim.stop();
  rig?.stop();
});

async function simNode(id: string): Promise<SimNode> {
  const node = await startSimNode(rig, rig.users.admin, id);
  nodes.push(node);
  return node;
}

/** Everything a run could have touched on the node, to compare before and after. */
function snapshot(node: SimNode) {
  const at = (path: string) => join(node.layout.root, path);
  const staging = at('/etc/kubernetes/auditscope-backups/.staging');
  return {
    manifest: readFileSync(at(MANIFEST)),
    policy: existsSync(at(POLICY_PATH)) ? readFileSync(at(POLICY_PATH)) : null,
    manifestsDir: readdirSync(at('/etc/kubernetes/manifests')),
    staging: existsSync(staging) ? readdirSync(staging) : [],
  };
}

/** Runs the rollout and aborts it as soon as `when` is seen for the first node. */
async function runCancelledAt(targets: SimNode[], when: { step: StepId; status: StepStatus }) {
  const plan = await planRollout(
    targets.map((n) => n.target),
    applyRequest,
  );
  const controller = new AbortController();
  const steps: StepEvent[] = [];
  const run = await runRollout(
    targets.map((n) => n.target),
    plan.nodes,
    {
      timings: SIM_TIMINGS,
      signal: controller.signal,
      onStep: (event) => {
        steps.push(event);
        if (event.step === when.step && event.status === when.status) controller.abort();
      },
    },
  );
  return { run, steps };
}

test('cancel after the policy is written: that node is rolled back before its manifest changes, the next is not started', async () => {
  const [first, second] = [await simNode('cancel-a'), await simNode('cancel-b')];
  const before = [snapshot(first!), snapshot(second!)];
  const containers = [first!.sim.runningContainerId(), second!.sim.runningContainerId()];

  const { run, steps } = await runCancelledAt([first!, second!], { step: 'write-policy', status: 'ok' });
  assert.equal(run.outcome, 'cancelled');
  assert.deepEqual(
    run.nodes.map((n) => n.outcome),
    ['rolled-back', 'not-started'],
  );
  assert.match(run.nodes[0]!.message, /^cancelled; rolled back to the previous files$/);
  assert.equal(run.nodes[1]!.message, 'not started: the run was cancelled');
  // The manifest step never ran; the policy file written before the cancel was removed again.
  assert.ok(!steps.some((s) => s.step === 'write-manifest' && s.status === 'running'));
  assert.ok(steps.some((s) => s.step === 'rollback' && s.status === 'ok'));
  assert.deepEqual([snapshot(first!), snapshot(second!)], before);
  assert.equal(before[0]!.policy, null);
  // Neither API server was restarted.
  assert.deepEqual([first!.sim.runningContainerId(), second!.sim.runningContainerId()], containers);
  assert.ok(!steps.some((s) => s.nodeId === second!.target.id));
});

test('cancel while the API server restarts: the previous files come back and the previous configuration is healthy', async () => {
  const node = await simNode('cancel-restart');
  const before = snapshot(node);
  const { run, steps } = await runCancelledAt([node], { step: 'wait-restart', status: 'running' });
  assert.equal(run.outcome, 'cancelled');
  assert.equal(run.nodes[0]!.outcome, 'rolled-back', run.nodes[0]!.message);
  assert.match(run.nodes[0]!.message, /^cancelled while waiting for the API server; rolled back/);
  // The rollback finishes even though the run was cancelled: it waits for the old configuration to be healthy.
  assert.ok(steps.some((s) => s.step === 'rollback-health' && s.status === 'ok'));
  assert.deepEqual(snapshot(node), before);
  const response = await fetch(node.target.livezUrl!);
  assert.equal(await response.text(), 'ok');

  // A new run after the cancel starts from a clean node and succeeds.
  const plan = await planRollout([node.target], applyRequest);
  assert.equal(plan.nodes[0]!.checks.find((c) => c.id === 'leftovers')!.status, 'ok');
  const retry = await runRollout([node.target], plan.nodes, { timings: SIM_TIMINGS });
  assert.equal(retry.outcome, 'succeeded', JSON.stringify(retry.nodes));
});
