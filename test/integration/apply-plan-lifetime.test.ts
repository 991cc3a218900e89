// apply.start refuses a plan older than its 30-minute lifetime, also when the confirmation dialog stayed open past
// it, and tells the user to plan again; a fresh plan still runs. Real handlers, real sshd rig, simulated node;
// only the handlers' clock is ours, so that 30 minutes pass at once.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunResult } from '../../shared/apply/types.ts';
import { DEFAULT_NODE_PATHS } from '../../shared/ipc/contract/nodes.ts';
import { PLAN_LIFETIME_MS } from '../../electron/backend/apply/plan-store.ts';
import { applyHandlers } from '../../electron/backend/handlers/apply.ts';
import type { PlatformServices } from '../../electron/backend/platform.ts';
import type { Emit } from '../../electron/backend/environment.ts';
import { createServices, type BackendServices } from '../../electron/backend/services.ts';
import { rigFixture } from '../rig/node-layout.ts';
import { startRig, type Rig } from '../rig/rig.ts';
import { SIM_TIMINGS, startSimNode, type SimNode } from '../sim/sim-node.ts';

let rig: Rig<'admin'>;
let node: SimNode;
let backend: BackendServices;
let services: BackendServices['nodes'];
let handlers: ReturnType<typeof applyHandlers>;
let profileId: string;
let manifest: string;
let now = Date.now();
const finished: RunResult[] = [];
const userData = mkdtempSync(join(tmpdir(), 'auditscope-plan-lifetime-'));

/** The desktop app's confirmation dialog when set; browser mode (confirmed: true in the call) when not. */
let confirmWith: PlatformServices['confirm'];

before(async () => {
  rig = await startRig<'admin'>({ users: { admin: { sudo: 'nopasswd' } }, layout: false });
  node = await startSimNode(rig, rig.users.admin, 'lifetime');
  const emit = ((channel: string, payload: unknown) => {
    if (channel === 'apply.finished') finished.push(payload as RunResult);
  }) as Emit;
  const platform: PlatformServices = {
    get confirm() {
      return confirmWith;
    },
  };
  backend = createServices(
    { mode: 'browser', userDataDir: userData, platform, emit },
    {
      nodes: { hostKeys: { knownHostsFiles: [rig.knownHostsFile], appStorePath: join(userData, 'kh') } },
      apply: { timings: SIM_TIMINGS, now: () => now },
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
  manifest = join(node.layout.root, 'etc/kubernetes/manifests/kube-apiserver.yaml');
});
after(async () => {
  await services?.pool.closeAll();
  await node?.sim.stop();
  rig?.stop();
});

function plan() {
  return handlers['apply.plan']({
    action: 'apply',
    nodeIds: [profileId],
    policyText: rigFixture('audit-policy.yaml'),
    settings: {
      policyPath: '/etc/kubernetes/audit-policy.yaml',
      logPath: '/var/log/kubernetes/audit/audit.log',
      maxAge: 9,
    },
    nodeOptions: { [profileId]: { livezUrl: node.target.livezUrl! } },
  });
}

test('a plan older than 30 minutes is refused with a message to plan again, and nothing is changed', async () => {
  const stock = readFileSync(manifest, 'utf8');
  const stale = await plan();
  assert.equal(stale.nodes[0]!.blocked, false, JSON.stringify(stale.nodes[0]!.checks));
  now += PLAN_LIFETIME_MS + 60_000;
  await assert.rejects(handlers['apply.start']({ planId: stale.planId, confirmed: true }), (error) => {
    assert.equal((error as { code?: string }).code, 'plan-expired');
    assert.match((error as Error).message, /made 31 minutes ago and has expired.*plan again/);
    return true;
  });
  // Pruned on that call: asking again finds no such plan.
  await assert.rejects(
    handlers['apply.start']({ planId: stale.planId, confirmed: true }),
    /no longer available.*plan again/,
  );
  assert.equal(readFileSync(manifest, 'utf8'), stock);
  assert.equal(finished.length, 0);
});

test('a confirmation dialog left open past the lifetime does not start the stale plan', async () => {
  const stock = readFileSync(manifest, 'utf8');
  const fresh = await plan();
  const slowConfirm = async () => {
    now += PLAN_LIFETIME_MS + 1;
    return true;
  };
  confirmWith = slowConfirm;
  try {
    await assert.rejects(handlers['apply.start']({ planId: fresh.planId }), /has expired/);
  } finally {
    confirmWith = undefined;
  }
  assert.equal(readFileSync(manifest, 'utf8'), stock);
  assert.equal(finished.length, 0);
});

test('a plan within its lifetime still runs', async () => {
  const fresh = await plan();
  now += PLAN_LIFETIME_MS - 60_000;
  const started = await handlers['apply.start']({ planId: fresh.planId, confirmed: true });
  assert.ok('runId' in started);
  for (let i = 0; i < 400 && finished.length < 1; i++) await new Promise((resolve) => setTimeout(resolve, 25));
  assert.equal(finished[0]?.outcome, 'succeeded', JSON.stringify(finished[0]));
  assert.match(readFileSync(manifest, 'utf8'), /--audit-log-maxage=9/);
});
