// A rollout: the nodes one at a time, each a transaction over its own SSH session. The first node that does not
// end applied (or unchanged) stops the rollout; the nodes after it are not touched. Cancel stops between steps.
import { randomUUID } from 'node:crypto';
import type { NodePlan, NodeResult, RunResult, StepEvent, StepId, StepStatus } from '../../../shared/apply/types.ts';
import { directConnector, type OpenedSession, type NodeConnector } from './connector.ts';
import { DEFAULT_TIMINGS, type HealthTimings } from './health.ts';
import type { NodeTarget } from './node-target.ts';
import { RemoteNode } from './remote-node.ts';
import { runNodeTransaction } from './transaction.ts';

export interface RolloutOptions {
  runId?: string;
  timings?: Partial<HealthTimings>;
  signal?: AbortSignal;
  onStep?: (event: StepEvent) => void;
  /** How a session is opened (pooled in the app; tests keep a handle to cut it); defaults to a private session. */
  connect?: NodeConnector;
}

export async function runRollout(
  targets: readonly NodeTarget[],
  plans: readonly NodePlan[],
  options: RolloutOptions = {},
): Promise<Omit<RunResult, 'journalId'>> {
  const runId = options.runId ?? randomUUID();
  const timings = { ...DEFAULT_TIMINGS, ...options.timings };
  const connect = options.connect ?? directConnector;
  const results: NodeResult[] = [];
  let stopped: 'failed' | 'cancelled' | null = null;
  for (const plan of plans) {
    const target = targets.find((t) => t.id === plan.nodeId);
    const notStarted = (message: string): NodeResult => ({
      nodeId: plan.nodeId,
      label: plan.label,
      outcome: 'not-started',
      message,
      backupDir: null,
      apiserverLog: null,
    });
    if (stopped) {
      results.push(
        notStarted(
          stopped === 'cancelled' ? 'not started: the run was cancelled' : 'not started: an earlier node failed',
        ),
      );
      continue;
    }
    if (options.signal?.aborted) {
      stopped = 'cancelled';
      results.push(notStarted('not started: the run was cancelled'));
      continue;
    }
    const emit = (step: StepId, status: StepStatus, message: string) =>
      options.onStep?.({ runId, nodeId: plan.nodeId, step, status, message, at: new Date().toISOString() });
    if (!target || plan.blocked) {
      emit('connect', 'failed', target ? 'a preflight check failed' : 'unknown node');
      results.push({
        ...notStarted(target ? 'blocked by a failed preflight check' : 'unknown node'),
        outcome: 'failed',
      });
      stopped = 'failed';
      continue;
    }
    let opened: OpenedSession | undefined;
    try {
      emit('connect', 'running', `connecting to ${target.address.username}@${target.address.host}`);
      opened = await connect(target);
      emit('connect', 'ok', 'connected');
      const result = await runNodeTransaction(new RemoteNode(opened.session, target), plan, {
        runId,
        timings,
        signal: options.signal,
        step: emit,
      });
      results.push(result);
      if (result.outcome !== 'applied' && result.outcome !== 'unchanged') {
        stopped = options.signal?.aborted ? 'cancelled' : 'failed';
      }
    } catch (error) {
      emit('connect', 'failed', (error as Error).message);
      results.push({ ...notStarted((error as Error).message), outcome: 'failed' });
      stopped = 'failed';
    } finally {
      opened?.release();
    }
  }
  const outcome = stopped ?? 'succeeded';
  return { runId, outcome: outcome === 'failed' ? 'failed' : outcome, nodes: results };
}
