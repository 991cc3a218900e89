// Nodes from the inventory as apply targets, connected through the Nodes section's pooled sessions (so host keys
// and secrets are the ones the user already accepted or typed there).
import type { NodeCheckOutcome, NodeProfile } from '../../../shared/ipc/contract/nodes.ts';
import { AppFailure } from '../../../shared/errors.ts';
import type { NodeServices } from '../inventory/node-services.ts';
import type { NodeConnector } from './connector.ts';
import type { NodeTarget } from './node-target.ts';

export function targetFromProfile(profile: NodeProfile, livezUrl?: string): NodeTarget {
  return {
    id: profile.id,
    label: profile.name,
    address: { host: profile.host, port: profile.port, username: profile.user },
    useSudo: profile.sudo !== 'none',
    fsRoot: profile.paths.fsRoot || undefined,
    manifestPath: profile.paths.manifestPath,
    livezUrl,
  };
}

function describeOutcome(profile: NodeProfile, outcome: NodeCheckOutcome): string {
  const fix = `open "${profile.name}" in the Nodes section and run "Test connection" first`;
  switch (outcome.kind) {
    case 'host-key-unknown':
      return `the host key of ${outcome.host} is not trusted yet: ${fix}`;
    case 'secret-required':
      return `${outcome.prompt} is needed: ${fix}`;
    case 'host-key-changed':
    case 'host-key-revoked':
    case 'failed':
      return outcome.message;
    case 'cancelled':
      return 'cancelled';
    default:
      return `cannot connect to ${profile.host}: ${fix}`;
  }
}

export async function inventoryTargets(
  services: NodeServices,
  nodeIds: readonly string[],
  nodeOptions: Record<string, { livezUrl?: string }> = {},
): Promise<{ targets: NodeTarget[]; profiles: Map<string, NodeProfile> }> {
  const profiles = new Map<string, NodeProfile>();
  for (const id of nodeIds) {
    const found = await services.inventory.findNode(id);
    if (!found) throw new AppFailure('not-found', `node ${id} is not in the inventory (removed since?)`);
    profiles.set(id, found.node);
  }
  return { targets: nodeIds.map((id) => targetFromProfile(profiles.get(id)!, nodeOptions[id]?.livezUrl)), profiles };
}

export function pooledConnector(services: NodeServices, profiles: Map<string, NodeProfile>): NodeConnector {
  return async (target) => {
    const profile = profiles.get(target.id)!;
    const opened = await services.openSession(profile);
    if (!opened.ok) throw new Error(describeOutcome(profile, opened.failure.outcome));
    // Pooled: the Nodes section keeps using the session.
    return { session: opened.session, release: () => undefined };
  };
}
