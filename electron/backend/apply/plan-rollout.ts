// Plans every selected node (each over its own short SSH session). A node that cannot be reached gets a plan
// with a failed connection check instead of failing the whole plan.
import { randomUUID } from 'node:crypto';
import type { FileChange, NodePlan, RolloutPlan, RunAction } from '../../../shared/apply/types.ts';
import { directConnector, type NodeConnector, type OpenedSession } from './connector.ts';
import type { NodeTarget } from './node-target.ts';
import { planNode, type PlanRequest } from './planner.ts';
import { check } from './preflight.ts';
import { RemoteNode } from './remote-node.ts';

export type RolloutRequest =
  | Extract<PlanRequest, { action: 'apply' }>
  | Extract<PlanRequest, { action: 'disable' }>
  | { action: 'revert'; revertOf: string; changesByNode: Record<string, FileChange[]> };

export async function planRollout(
  targets: readonly NodeTarget[],
  request: RolloutRequest,
  connect: NodeConnector = directConnector,
): Promise<RolloutPlan> {
  const nodes: NodePlan[] = [];
  for (const target of targets) {
    const nodeRequest: PlanRequest =
      request.action === 'revert' ? { action: 'revert', changes: request.changesByNode[target.id] ?? [] } : request;
    let opened: OpenedSession | undefined;
    try {
      opened = await connect(target);
      nodes.push(await planNode(new RemoteNode(opened.session, target), nodeRequest));
    } catch (error) {
      nodes.push({
        nodeId: target.id,
        label: target.label,
        kubernetesVersion: null,
        checks: [check('connection', 'Connection', 'failed', (error as Error).message)],
        changes: [],
        notes: [],
        blocked: true,
        expectLogPath: null,
      });
    } finally {
      opened?.release();
    }
  }
  return {
    planId: randomUUID(),
    action: request.action as RunAction,
    nodes,
    policySha256: request.action === 'apply' ? request.policySha256 : null,
    revertOf: request.action === 'revert' ? request.revertOf : null,
  };
}
