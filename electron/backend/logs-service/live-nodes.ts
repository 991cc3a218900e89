// Nodes of the inventory as live sources of an explorer session. Reaching a node goes through the Nodes section's
// services first (the same host-key store, held secrets and outcomes), so a node that needs the user — an unknown
// host key, a password — comes back as that outcome instead of a tail stuck in an error state.
import type { LiveNodeFailure } from '../../../shared/ipc/contract/logs.ts';
import type { Cluster, NodeProfile } from '../../../shared/ipc/contract/nodes.ts';
import { AppFailure } from '../../../shared/errors.ts';
import type { NodeServices, TrustedHostKey } from '../inventory/node-services.ts';
import type { LogIndex } from '../logs/log-index.ts';
import { startLiveSource, type LiveSource, type LiveSourceOptions } from '../logs/live-source.ts';

export type LiveTarget = { kind: 'nodes'; nodeIds: string[] } | { kind: 'cluster'; clusterId: string };

/** A node ready to tail: its profile, its cluster's name and the tail's options minus the index. */
export interface LiveNodePlan {
  node: NodeProfile;
  cluster: string;
  logPath: string;
  start(index: LogIndex): LiveSource;
}

/** Tuning for tests (fast polls and reconnects); the defaults suit a real node. */
export type LiveTuning = Pick<LiveSourceOptions, 'pollMs' | 'reconnect' | 'heartbeatMs' | 'start'>;

/** The node's audit log as seen over SSH: the profile's path under its root prefix. */
export function nodeLogPath(node: NodeProfile): string {
  return node.paths.fsRoot.replace(/\/+$/, '') + node.paths.logPath;
}

/** The nodes a target names, with their cluster's name (every node of a cluster is a control-plane node here). */
export function resolveTarget(clusters: Cluster[], target: LiveTarget): { node: NodeProfile; cluster: string }[] {
  if (target.kind === 'cluster') {
    const cluster = clusters.find((candidate) => candidate.id === target.clusterId);
    if (!cluster) throw new AppFailure('not-found', `there is no cluster with id ${target.clusterId}`);
    if (cluster.nodes.length === 0) {
      throw new AppFailure('not-found', `cluster ${cluster.name} has no nodes: add them in the Nodes section`);
    }
    return cluster.nodes.map((node) => ({ node, cluster: cluster.name }));
  }
  return target.nodeIds.map((id) => {
    for (const cluster of clusters) {
      const node = cluster.nodes.find((candidate) => candidate.id === id);
      if (node) return { node, cluster: cluster.name };
    }
    throw new AppFailure('not-found', `there is no node with id ${id} (removed since?)`);
  });
}

/**
 * Checks that each node can be reached the way the Nodes section reaches it, and plans a tail for those that can.
 * The tail itself uses its own connections (it reconnects on its own), built from the same profile and secrets.
 */
export async function planLiveNodes(
  services: NodeServices,
  nodes: { node: NodeProfile; cluster: string }[],
  options: { trustHostKey?: TrustedHostKey; tuning?: LiveTuning } = {},
): Promise<{ plans: LiveNodePlan[]; failures: LiveNodeFailure[] }> {
  const plans: LiveNodePlan[] = [];
  const failures: LiveNodeFailure[] = [];
  for (const { node, cluster } of nodes) {
    const opened = await services.openSession(node, { trustHostKey: options.trustHostKey });
    if (!opened.ok) {
      failures.push({ nodeId: node.id, nodeName: node.name, outcome: opened.failure.outcome });
      continue;
    }
    const plan = await services.sessionPlan(node);
    if (!plan.ok) {
      failures.push({ nodeId: node.id, nodeName: node.name, outcome: plan.outcome });
      continue;
    }
    const logPath = nodeLogPath(node);
    plans.push({
      node,
      cluster,
      logPath,
      start: (index) =>
        startLiveSource({
          connection: plan.options,
          logPath,
          sudo: node.sudo !== 'none',
          node: node.name,
          cluster,
          // The active file from its start: the user sees recent history at once, then new events as they come.
          start: options.tuning?.start ?? 'current',
          index,
          pollMs: options.tuning?.pollMs ?? 150,
          reconnect: options.tuning?.reconnect,
          heartbeatMs: options.tuning?.heartbeatMs,
        }),
    });
  }
  return { plans, failures };
}
