// SIMULATOR (test only): one simulated control-plane node reachable over the rig's sshd — a node layout in its
// own folder, a simulated kubelet + stand-in apiserver, and the NodeTarget the apply runner needs for it.
import { join } from 'node:path';
import type { NodeTarget } from '../../electron/node/apply/node-target.ts';
import { rigFixture, seedNodeLayout, type NodeLayout } from '../rig/node-layout.ts';
import { freeLoopbackPort } from '../rig/processes.ts';
import type { Rig } from '../rig/rig.ts';
import { keyLogin } from '../rig/session-options.ts';
import type { RigUser } from '../rig/users.ts';
import { SimulatedControlPlane } from './kubelet.ts';

export interface SimNode {
  target: NodeTarget;
  layout: NodeLayout;
  sim: SimulatedControlPlane;
}

export interface SimNodeOptions {
  /** Manifest text; defaults to the stock kubeadm manifest (audit off). */
  manifest?: string;
  /** Policy already on the node; defaults to none. */
  policy?: string | null;
}

export async function startSimNode<U extends string>(
  rig: Rig<U>,
  user: RigUser,
  id: string,
  options: SimNodeOptions = {},
): Promise<SimNode> {
  const layout = seedNodeLayout(join(rig.dir, `node-${id}`), {
    manifest: options.manifest ?? rigFixture('kube-apiserver.stock.yaml'),
    policy: options.policy ?? null,
    logBytes: null,
  });
  const sim = await SimulatedControlPlane.start({ root: layout.root, port: await freeLoopbackPort() });
  await sim.waitForNewContainer([]);
  const target: NodeTarget = {
    id,
    label: `${id} (simulated)`,
    address: { host: '127.0.0.1', port: rig.sshd.port, username: user.name },
    connection: keyLogin(rig.sshd, user, rig.knownHostsFile, rig.emptyStorePath(), { sudo: { mode: 'nopasswd' } }),
    useSudo: true,
    fsRoot: layout.root,
    livezUrl: sim.livezUrl,
  };
  return { target, layout, sim };
}

/** Timings for the simulator: restarts take tens of milliseconds, so poll fast and give up fast. */
export const SIM_TIMINGS = { restartTimeoutMs: 6000, logTimeoutMs: 3000, pollMs: 50 };
