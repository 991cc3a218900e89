// One control-plane node as the apply runner sees it: how to reach it and where its files are.
import type { SshSessionOptions } from '../ssh/session.ts';

export interface NodeTarget {
  id: string;
  label: string;
  /** Who and where, for messages and the journal. */
  address: { host: string; port: number; username: string };
  /** Full options for a private session (CLI, tests); the app connects through the Nodes pool instead. */
  connection?: SshSessionOptions;
  /** Write root-owned files through the session's sudo configuration (needed unless logged in as root). */
  useSudo: boolean;
  /** Treat this folder as the node's "/" (test layouts, chroots); paths shown to the user stay node paths. */
  fsRoot?: string;
  /** Defaults to kubeadm's /etc/kubernetes/manifests/kube-apiserver.yaml. */
  manifestPath?: string;
  /** Health URL checked from the node itself; defaults to https://127.0.0.1:<--secure-port>/livez. */
  livezUrl?: string;
  /** Used when the manifest's image tag does not name a version, e.g. "1.30". */
  kubernetesVersion?: string;
}

export const DEFAULT_MANIFEST_PATH = '/etc/kubernetes/manifests/kube-apiserver.yaml';
/** Backups and the staging area live here: outside the manifests folder, on the same file system. */
export const BACKUP_ROOT = '/etc/kubernetes/auditscope-backups';
export const STAGING_DIR = `${BACKUP_ROOT}/.staging`;

export function manifestPathOf(target: NodeTarget): string {
  return target.manifestPath ?? DEFAULT_MANIFEST_PATH;
}

export function directoryOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? '/' : path.slice(0, slash);
}
