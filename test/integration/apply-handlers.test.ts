// The apply.* handlers end to end (browser-mode context): inventory node → plan → confirm → step events →
// journal → revert from the journal, over the real sshd rig against a simulated control-plane node.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunResult, StepEvent } from '../../shared/apply/types.ts';
import { DEFAULT_NODE_PATHS } from '../../shared/ipc/contract/nodes.ts';
import { applyHandlers } from '../../electron/backend/handlers/apply.ts';
import type { Emit } from '../../electron/backend/environment.ts';
import { createServices, type BackendServices } from '../../electron/backend/services.ts';
import { rigFixture } from '../rig/node-layout.ts';
import { startRig, type Rig } from '../rig/rig.ts';
import { SIM_TIMINGS, startSimNode, type SimNode } from '../sim/sim-node.ts';

let rig: Rig<'admin'>;
let node: SimNode;
const userData = mkdtempSync(join(tmpdir(), 'auditscope-apply-handlers-'));

let backend: BackendServices;
let services: BackendServices['nodes'];
let handlers: ReturnType<typeof applyHandlers>;
let nodeOptions: Record<string, { livezUrl: string }>;
let profileId: string;
let manifest: string;
let stock: string;
const steps: StepEvent[] = [];
const finished: RunResult[] = [];

before(async () => {
  rig = await startRig<'admin'>({ users: { admin: { sudo: 'nopasswd' } }, layout: false });
  node = await startSimNode(rig, rig.users.admin, 'ui');
  const emit = ((channel: string, payload: unknown) => {
    if (channel === 'apply.step') steps.push(payload as StepEvent);
    if (channel === 'apply.finished') finished.push(payload as RunResult);
  }) as Emit;
  backend = createServices(
    { mode: 'browser', userDataDir: userData, platform: {}, emit },
    {
      nodes: { hostKeys: { knownHostsFiles: [rig.knownHostsFile], appStorePath: join(userData, 'kh') } },
      apply: { timings: SIM_TIMINGS },
    },
  );
  services = backend.nodes;
  const cluster = await services.inventory.addCluster('sim');
  const profile = await services.inventory.addNode(cluster.id, {
    name: 'cp-sim',
    host: '127.0.0.1',
    port: rig.sshd.port,
    user: rig.users.admin.name,
    auth: { kind: 'key', privateKeyPath: rig.users.admin.privateKeyPath },
    sudo: 'nopasswd',
    paths: { ...DEFAULT_NODE_PATHS, fsRoot: node.layout.root },
  });
  profileId = profile.id;
  handlers = applyHandlers(backend);
  nodeOptions = { [profile.id]: { livezUrl: node.target.livezUrl! } };
  manifest = join(node.layout.root, 'etc/kubernetes/manifests/kube-apiserver.yaml');
  stock = readFileSync(manifest, 'utf8');
});
after(async () => {
  await services?.pool.closeAll();
  await node?.sim.stop();
  rig?.stop();
});

/** Starts a confirmed plan and returns its result (apply.finished arrives after apply.start returns). */
async function runPlan(planId: string): Promise<RunResult> {
  const count = finished.length + 1;
  const started = await handlers['apply.start']({ planId, confirmed: true });
  assert.ok('runId' in started);
  return waitFinished(count);
}

/** The run result once `count` runs have finished. */
async function waitFinished(count: number): Promise<RunResult> {
  for (let i = 0; i < 400 && finished.length < count; i++) await new Promise((r) => setTimeout(r, 25));
  assert.ok(finished.length >= count, `run ${count} did not finish`);
  return finished[count - 1]!;
}

test('plan, confirm, progress events, journal and revert through the apply handlers', async () => {
  const plan = await handlers['apply.plan']({
    action: 'apply',
    nodeIds: [profileId],
    policyText: rigFixture('audit-policy.yaml'),
    settings: {
      policyPath: '/etc/kubernetes/audit-policy.yaml',
      logPath: '/var/log/kubernetes/audit/audit.log',
      maxAge: 5,
    },
    nodeOptions,
  });
  assert.equal(plan.nodes[0]!.blocked, false, JSON.stringify(plan.nodes[0]!.checks));
  // Browser mode: no native confirmation, so the page must confirm first.
  await assert.rejects(handlers['apply.start']({ planId: plan.planId }), /confirm the change to cp-sim/);
  const started = await handlers['apply.start']({ planId: plan.planId, confirmed: true });
  assert.ok('runId' in started);
  const result = await waitFinished(1);
  assert.equal(result.outcome, 'succeeded', JSON.stringify(result));
  assert.ok(steps.some((s) => s.step === 'wait-restart' && s.status === 'ok'));
  assert.match(readFileSync(manifest, 'utf8'), /--audit-log-maxage=5/);

  const journal = await handlers['apply.journal']({});
  assert.equal(journal.entries.length, 1);
  assert.equal(journal.entries[0]!.revertible, true);
  assert.match(
    journal.entries[0]!.nodes[0]!.changes.find((c) => c.role === 'manifest')!.diff,
    /\+ {4}- --audit-log-maxage=5/,
  );

  const revertPlan = await handlers['apply.plan']({ action: 'revert', journalId: journal.entries[0]!.id, nodeOptions });
  assert.equal(revertPlan.action, 'revert');
  await handlers['apply.start']({ planId: revertPlan.planId, confirmed: true });
  const reverted = await waitFinished(2);
  assert.equal(reverted.outcome, 'succeeded', JSON.stringify(reverted));
  assert.equal(readFileSync(manifest, 'utf8'), stock);
  const after = await handlers['apply.journal']({});
  assert.deepEqual(
    after.entries.map((e) => e.action),
    ['revert', 'apply'],
  );
});

test('"disable audit" removes every audit flag, mount and annotation, restarts the API server, and is revertible', async () => {
  const audited = rigFixture('kube-apiserver.audited.yaml');
  const apply = await handlers['apply.plan']({
    action: 'apply',
    nodeIds: [profileId],
    policyText: rigFixture('audit-policy.yaml'),
    settings: { policyPath: '/etc/kubernetes/audit-policy.yaml', logPath: '/var/log/kubernetes/audit/audit.log' },
    nodeOptions,
  });
  assert.equal((await runPlan(apply.planId)).outcome, 'succeeded');
  const enabled = readFileSync(manifest, 'utf8');
  assert.match(enabled, /--audit-policy-file=/);
  assert.notEqual(enabled, audited);
  const container = node.sim.runningContainerId();

  const plan = await handlers['apply.plan']({
    action: 'disable',
    nodeIds: [profileId],
    persistKubeadm: false,
    nodeOptions,
  });
  assert.equal(plan.action, 'disable');
  assert.equal(plan.nodes[0]!.blocked, false, JSON.stringify(plan.nodes[0]!.checks));
  assert.deepEqual(
    plan.nodes[0]!.changes.map((c) => c.role),
    ['manifest'],
  );
  assert.match(plan.nodes[0]!.changes[0]!.diff, /^- {4}- --audit-policy-file=\/etc\/kubernetes\/audit-policy\.yaml$/m);
  await assert.rejects(handlers['apply.start']({ planId: plan.planId }), /confirm the change to cp-sim/);
  const disabled = await runPlan(plan.planId);
  assert.equal(disabled.outcome, 'succeeded', JSON.stringify(disabled));
  // Exactly what the apply added is gone: the manifest is the stock one again, and a new API server runs it.
  const text = readFileSync(manifest, 'utf8');
  assert.doesNotMatch(text, /--audit-|auditscope\.io\/policy-sha256|audit-policy|audit-log/);
  assert.equal(text, stock);
  assert.notEqual(node.sim.runningContainerId(), container);
  // The policy file stays (harmless and unread), so a revert of the disable needs only the manifest.
  assert.ok(readFileSync(join(node.layout.root, 'etc/kubernetes/audit-policy.yaml'), 'utf8').length > 0);

  const journal = await handlers['apply.journal']({});
  assert.equal(journal.entries[0]!.action, 'disable');
  assert.equal(journal.entries[0]!.revertible, true);
  const revert = await handlers['apply.plan']({ action: 'revert', journalId: journal.entries[0]!.id, nodeOptions });
  assert.equal((await runPlan(revert.planId)).outcome, 'succeeded');
  assert.equal(readFileSync(manifest, 'utf8'), enabled);
});
