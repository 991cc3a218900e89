// A control-plane node's files rooted in a temp folder: `<root>/etc/kubernetes/manifests/kube-apiserver.yaml`,
// the policy, the audit log folder, /etc/os-release, with the owners and modes kubeadm uses (root, 0600/0700).
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

export function rigFixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

export interface NodeLayoutOptions {
  /** Manifest text; defaults to the kubeadm fixture with audit logging enabled. `null` leaves no manifest. */
  manifest?: string | null;
  /** Policy text at <root>/etc/kubernetes/audit-policy.yaml; `null` leaves none. */
  policy?: string | null;
  /** Bytes of (synthetic) audit log at <root>/var/log/kubernetes/audit/audit.log; `null` leaves no log. */
  logBytes?: number | null;
  /** Rotated backups to create next to the log, as [name, bytes]. */
  rotatedLogs?: [string, number][];
  osRelease?: string;
}

export interface NodeLayout {
  root: string;
  manifestPath: string;
  policyPath: string;
  logPath: string;
  /** Node-side paths as kubeadm names them, i.e. without the root prefix. */
  nodePaths: { manifestPath: string; policyPath: string; logPath: string };
}

export const KUBEADM_PATHS = {
  manifestPath: '/etc/kubernetes/manifests/kube-apiserver.yaml',
  policyPath: '/etc/kubernetes/audit-policy.yaml',
  logPath: '/var/log/kubernetes/audit/audit.log',
};

function writeRootOnly(path: string, content: string | Buffer, mode = 0o600): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o755 });
  writeFileSync(path, content, { mode });
  chmodSync(path, mode);
}

export function seedNodeLayout(root: string, options: NodeLayoutOptions = {}): NodeLayout {
  mkdirSync(root, { recursive: true, mode: 0o755 });
  chmodSync(root, 0o755);
  const at = (nodePath: string) => join(root, nodePath);
  const layout: NodeLayout = {
    root,
    manifestPath: at(KUBEADM_PATHS.manifestPath),
    policyPath: at(KUBEADM_PATHS.policyPath),
    logPath: at(KUBEADM_PATHS.logPath),
    nodePaths: { ...KUBEADM_PATHS },
  };
  writeRootOnly(at('/etc/os-release'), options.osRelease ?? rigFixture('os-release.ubuntu-22.04'), 0o644);
  mkdirSync(dirname(layout.manifestPath), { recursive: true, mode: 0o755 });
  const manifest = options.manifest === undefined ? rigFixture('kube-apiserver.audited.yaml') : options.manifest;
  if (manifest !== null) writeRootOnly(layout.manifestPath, manifest);
  const policy = options.policy === undefined ? rigFixture('audit-policy.yaml') : options.policy;
  if (policy !== null) writeRootOnly(layout.policyPath, policy);
  const logBytes = options.logBytes === undefined ? 4096 : options.logBytes;
  const logDir = dirname(layout.logPath);
  // Parents traversable as on a real node; only the audit folder itself is root-only (as kube-apiserver makes it).
  mkdirSync(dirname(logDir), { recursive: true, mode: 0o755 });
  mkdirSync(logDir, { recursive: true, mode: 0o700 });
  chmodSync(logDir, 0o700);
  if (logBytes !== null) writeRootOnly(layout.logPath, syntheticLog(logBytes));
  for (const [name, bytes] of options.rotatedLogs ?? []) writeRootOnly(join(logDir, name), syntheticLog(bytes));
  return layout;
}

/** Exactly `bytes` bytes of JSON lines (the content only has to look like a log; sizes are what the probe checks). */
function syntheticLog(bytes: number): Buffer {
  const line = Buffer.from(
    '{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","stage":"ResponseComplete"}\n',
  );
  const out = Buffer.alloc(bytes);
  for (let offset = 0; offset < bytes; offset += line.length) line.copy(out, offset);
  return out;
}
