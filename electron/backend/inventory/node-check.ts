// What "Test connection" and "Probe" do once a session is open: who we are and whether sudo works, or the full
// probe with the paths it detected compared against the profile's.
import type {
  DetectedPaths,
  NodeCheckOutcome,
  NodeProbe,
  NodeProfile,
  SudoStatus,
} from '../../../shared/ipc/contract/nodes.ts';
import { probeNode } from '../nodes/probe.ts';
import { SshError } from '../ssh/errors.ts';
import type { SshSession } from '../ssh/session.ts';

async function remoteIdentity(session: SshSession, signal?: AbortSignal): Promise<{ name: string; uid: number }> {
  const name = (await session.check(['id', '-un'], { signal })).stdout.toString('utf8').trim();
  const uid = Number((await session.check(['id', '-u'], { signal })).stdout.toString('utf8').trim());
  return { name, uid };
}

async function sudoCheck(session: SshSession, node: NodeProfile, uid: number, signal?: AbortSignal) {
  if (uid === 0) return 'root' as const;
  if (node.sudo === 'none') return 'not-used' as const;
  if (node.sudo === 'password') {
    try {
      await session.check(['true'], { sudo: true, signal });
      return 'password' as const;
    } catch (error) {
      if (error instanceof SshError && error.code === 'sudo-not-allowed') return 'not-allowed' as const;
      throw error;
    }
  }
  const result = await session.exec(['sudo', '-n', 'true'], { signal });
  if (result.code === 0) return 'nopasswd' as const;
  if (result.code === 127) return 'not-installed' as const;
  if (/a password is required/i.test(result.stderr)) return 'password-required' as const;
  return 'not-allowed' as const;
}

export async function testConnection(
  session: SshSession,
  node: NodeProfile,
  signal?: AbortSignal,
): Promise<Extract<NodeCheckOutcome, { kind: 'connected' }>> {
  const identity = await remoteIdentity(session, signal);
  const sudo: SudoStatus | 'not-used' = await sudoCheck(session, node, identity.uid, signal);
  return { kind: 'connected', remoteUser: identity.name, sudo };
}

/** The policy and log paths the manifest names, when they differ from the profile's. */
export function detectedPathsFor(node: NodeProfile, probe: NodeProbe): DetectedPaths | null {
  const policyPath = probe.audit.policyPath ?? node.paths.policyPath;
  const logPath = probe.audit.logPath && probe.audit.logPath !== '-' ? probe.audit.logPath : node.paths.logPath;
  if (policyPath === node.paths.policyPath && logPath === node.paths.logPath) return null;
  return { manifestPath: node.paths.manifestPath, policyPath, logPath };
}

export async function probeProfile(
  session: SshSession,
  node: NodeProfile,
): Promise<Extract<NodeCheckOutcome, { kind: 'probed' }>> {
  const probe: NodeProbe = await probeNode(session, node.user, {
    manifestPath: node.paths.manifestPath,
    useSudo: node.sudo !== 'none',
    fsRoot: node.paths.fsRoot || undefined,
  });
  // A wrong sudo password is something the user can fix at once: ask again rather than show a half-empty card.
  if (probe.sudo === 'password-rejected') throw new SshError('sudo-password-rejected', 'sudo rejected the password');
  return { kind: 'probed', probe, detectedPaths: detectedPathsFor(node, probe) };
}
