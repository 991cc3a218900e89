// The checks run on a node before anything is written: each one a PreflightCheck the plan shows.
import type { PreflightCheck } from '../../../shared/apply/types.ts';
import { SshError } from '../ssh/errors.ts';
import type { RemoteNode } from './remote-node.ts';
import { directoryOf, STAGING_DIR } from './node-target.ts';

export const check = (
  id: PreflightCheck['id'],
  label: string,
  status: PreflightCheck['status'],
  detail: string,
): PreflightCheck => ({ id, label, status, detail });

export async function checkSudo(node: RemoteNode): Promise<PreflightCheck> {
  const uid = (await node.session.exec(['id', '-u'])).stdout.trim();
  if (uid === '0') return check('sudo', 'Privileges', 'ok', 'logged in as root');
  if (!node.target.useSudo) {
    return check('sudo', 'Privileges', 'failed', 'the manifest and policy are root-owned: enable sudo for this node');
  }
  try {
    await node.session.check(['true'], { sudo: true });
    return check('sudo', 'Privileges', 'ok', `sudo works (${node.session.sudoMode})`);
  } catch (error) {
    return check('sudo', 'Privileges', 'failed', `sudo is not usable: ${(error as Error).message}`);
  }
}

/** Our own leftovers from an interrupted run, and backup copies that the kubelet would start as pods. */
export async function checkLeftovers(
  node: RemoteNode,
  manifestPath: string,
): Promise<{ check: PreflightCheck; ours: string[] }> {
  const manifestsDir = directoryOf(manifestPath);
  const ours: string[] = [];
  const foreign: string[] = [];
  try {
    for (const entry of await node.session.listDir(node.at(manifestsDir), { sudo: node.target.useSudo })) {
      if (entry.name.startsWith('.auditscope-')) ours.push(`${manifestsDir}/${entry.name}`);
      else if (!entry.name.startsWith('.') && /auditscope|\.(bak|orig|backup|old|save)$|\.yaml\.|~$/.test(entry.name)) {
        foreign.push(`${manifestsDir}/${entry.name}`);
      }
    }
    for (const entry of await node.session
      .listDir(node.at(STAGING_DIR), { sudo: node.target.useSudo })
      .catch((error: unknown) => {
        if (error instanceof SshError && error.code === 'not-found') return [];
        throw error;
      })) {
      ours.push(`${STAGING_DIR}/${entry.name}`);
    }
  } catch (error) {
    return { check: check('leftovers', 'Manifests folder', 'failed', (error as Error).message), ours };
  }
  if (foreign.length > 0) {
    return {
      check: check(
        'leftovers',
        'Manifests folder',
        'warning',
        `the kubelet also runs ${foreign.join(', ')} as static pods; move backup copies out of ${manifestsDir}`,
      ),
      ours,
    };
  }
  if (ours.length > 0) {
    return {
      check: check(
        'leftovers',
        'Manifests folder',
        'warning',
        `left over from an interrupted run, removed before writing: ${ours.join(', ')}`,
      ),
      ours,
    };
  }
  return { check: check('leftovers', 'Manifests folder', 'ok', `nothing of Auditscope's in ${manifestsDir}`), ours };
}

// $1 = folder; walks up to the nearest existing parent (the log folder may not exist yet) and prints df's line.
const DF_SCRIPT = `d=$1; while [ ! -e "$d" ]; do d=\${d%/*}; [ -n "$d" ] || d=/; done; df -Pk -- "$d" | tail -n 1`;

export async function freeBytesAt(node: RemoteNode, nodeDir: string): Promise<number> {
  const out = await node.script(DF_SCRIPT, [node.at(nodeDir)]);
  const availableKb = Number(out.trim().split(/\s+/)[3]);
  if (!Number.isFinite(availableKb)) throw new Error(`unexpected df output: ${out.trim()}`);
  return availableKb * 1024;
}
