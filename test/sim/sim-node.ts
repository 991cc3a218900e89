// SIMULATOR (test only): one simulated control-plane node reachable over the rig's sshd — a node layout in its
// own folder, a simulated kubelet + stand-in apiserver, crictl and kubectl stand-ins, optionally kubeadm's
// admin.conf and kubeadm-config ConfigMap, and the NodeTarget the apply runner needs for it.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NodeTarget } from '../../electron/backend/apply/node-target.ts';
import { rigFixture, seedNodeLayout, type NodeLayout } from '../rig/node-layout.ts';
import { freeLoopbackPort } from '../rig/processes.ts';
import type { Rig } from '../rig/rig.ts';
import { keyLogin } from '../rig/session-options.ts';
import type { RigUser } from '../rig/users.ts';
import { standInKubectlBundle } from './bundle.ts';
import { writeConfigMap } from './configmaps.ts';
import { SimulatedControlPlane } from './kubelet.ts';
import { installKubectlShim } from './shims.ts';

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
  /** false: the stand-in apiserver runs with --anonymous-auth=false (anonymous /livez answers 401). */
  anonymousAuth?: boolean;
  /** Write kubeadm's /etc/kubernetes/admin.conf with a token the stand-in accepts. */
  adminConf?: boolean;
  /** ClusterConfiguration YAML of the kube-system/kubeadm-config ConfigMap; none when undefined. */
  kubeadmConfig?: string;
}

const TOKEN_FILE = '/etc/kubernetes/pki/auditscope-sim-tokens.csv';
export const ADMIN_CONF = '/etc/kubernetes/admin.conf';

/** kubeadm's admin.conf, with a static token instead of a client certificate (the simulator speaks plain HTTP). */
function adminConf(server: string, token: string): string {
  return `apiVersion: v1
kind: Config
clusters:
- cluster:
    server: ${server}
  name: kubernetes
contexts:
- context:
    cluster: kubernetes
    user: kubernetes-admin
  name: kubernetes-admin@kubernetes
current-context: kubernetes-admin@kubernetes
users:
- name: kubernetes-admin
  user:
    token: ${token}
`;
}

function withFlags(manifest: string, flags: string[]): string {
  if (flags.length === 0) return manifest;
  const anchor = '    - kube-apiserver\n';
  if (!manifest.includes(anchor)) throw new Error('the simulator adds flags after "    - kube-apiserver"');
  return manifest.replace(anchor, anchor + flags.map((flag) => `    - ${flag}\n`).join(''));
}

function writeRootOnly(path: string, text: string): void {
  mkdirSync(join(path, '..'), { recursive: true, mode: 0o755 });
  writeFileSync(path, text, { mode: 0o600 });
  chmodSync(path, 0o600);
}

export async function startSimNode<U extends string>(
  rig: Rig<U>,
  user: RigUser,
  id: string,
  options: SimNodeOptions = {},
): Promise<SimNode> {
  const port = await freeLoopbackPort();
  const flags: string[] = [];
  if (options.anonymousAuth === false) flags.push('--anonymous-auth=false');
  if (options.adminConf) flags.push(`--token-auth-file=${TOKEN_FILE}`);
  const layout = seedNodeLayout(join(rig.dir, `node-${id}`), {
    manifest: withFlags(options.manifest ?? rigFixture('kube-apiserver.stock.yaml'), flags),
    policy: options.policy ?? null,
    logBytes: null,
  });
  const origin = `http://127.0.0.1:${port}`;
  if (options.adminConf) {
    const token = randomBytes(16).toString('hex');
    writeRootOnly(join(layout.root, TOKEN_FILE), `${token},kubernetes-admin,kubernetes-admin,system:masters\n`);
    writeRootOnly(join(layout.root, ADMIN_CONF), adminConf(origin, token));
  }
  const sim = await SimulatedControlPlane.start({ root: layout.root, port });
  installKubectlShim(layout.root, sim.stateDir, await standInKubectlBundle());
  if (options.kubeadmConfig !== undefined) {
    writeConfigMap(sim.stateDir, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'kubeadm-config', namespace: 'kube-system' },
      data: { ClusterConfiguration: options.kubeadmConfig },
    });
  }
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
