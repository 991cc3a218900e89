// Before anything is written: a copy of every file the run will touch, outside the manifests folder, root-only.
// backup.json records which files did not exist, so a manual restore knows to delete them.
import type { FileChange } from '../../../shared/apply/types.ts';
import { BACKUP_ROOT } from './node-target.ts';
import type { RemoteNode } from './remote-node.ts';

export function backupDirName(at: Date, runId: string): string {
  return `${BACKUP_ROOT}/${at.toISOString().replace(/[:.]/g, '-')}-${runId.slice(0, 8)}`;
}

/** Writes the copies from the bytes just verified on the node; returns the folder (node path). */
export async function writeBackup(
  node: RemoteNode,
  dir: string,
  current: Map<string, Buffer | null>,
  changes: FileChange[],
  runId: string,
): Promise<string> {
  await node.run(['mkdir', '-p', '-m', '0700', '--', node.at(dir)]);
  await node.run(['chmod', '0700', '--', node.at(dir)]);
  const index: { role: string; path: string; existed: boolean; copy: string | null }[] = [];
  for (const change of changes) {
    if (change.role === 'kubeadm-config') {
      if (change.before !== null) await node.write(`${dir}/kubeadm-ClusterConfiguration.yaml`, change.before, 0o600);
      index.push({
        role: change.role,
        path: change.path,
        existed: change.before !== null,
        copy: 'kubeadm-ClusterConfiguration.yaml',
      });
      continue;
    }
    const bytes = current.get(change.path) ?? null;
    const copy = bytes === null ? null : `${change.role}-${change.path.slice(change.path.lastIndexOf('/') + 1)}`;
    if (bytes !== null) await node.write(`${dir}/${copy}`, bytes, 0o600);
    index.push({ role: change.role, path: change.path, existed: bytes !== null, copy });
  }
  const record = { writtenBy: 'auditscope', runId, at: new Date().toISOString(), files: index };
  await node.write(`${dir}/backup.json`, JSON.stringify(record, null, 2) + '\n', 0o600);
  return dir;
}
