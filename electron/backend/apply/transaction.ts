// One node's transaction: verify that the node still has what the plan read, back up, write the files (policy and
// webhook config first, the manifest last, by rename), wait for a new healthy kube-apiserver and for the audit log
// to grow. Any failure restores the backup, waits for health again and collects the failed container's log.
import type { FileChange, NodePlan, NodeResult, StepId, StepStatus } from '../../../shared/apply/types.ts';
import { backupDirName, writeBackup } from './backup.ts';
import {
  apiServerContainers,
  lastLogLines,
  logSize,
  waitForLogGrowth,
  waitForRestart,
  type HealthTimings,
} from './health.ts';
import { writeClusterConfiguration, readClusterConfiguration } from './kubeadm-configmap.ts';
import { livezUrlFor } from './livez.ts';
import { replaceManifest } from './manifest-swap.ts';
import { manifestPathOf, STAGING_DIR } from './node-target.ts';
import { checkLeftovers } from './preflight.ts';
import type { RemoteNode } from './remote-node.ts';

export interface TransactionContext {
  runId: string;
  timings: HealthTimings;
  signal?: AbortSignal;
  step(step: StepId, status: StepStatus, message: string): void;
}

class StepFailure extends Error {
  constructor(
    readonly step: StepId,
    message: string,
    readonly failedContainerId: string | null = null,
  ) {
    super(message);
  }
}

const FILE_MODES: Record<FileChange['role'], number> = {
  policy: 0o600,
  'webhook-config': 0o600,
  manifest: 0o600,
  'kubeadm-config': 0o600,
};

/** Policy and webhook config before the manifest that names them; deletions after the manifest stops naming them. */
function writeOrder(changes: FileChange[]): FileChange[] {
  const files = changes.filter((c) => c.role !== 'kubeadm-config');
  return [
    ...files.filter((c) => c.role !== 'manifest' && c.after !== null),
    ...files.filter((c) => c.role === 'manifest'),
    ...files.filter((c) => c.role !== 'manifest' && c.after === null),
  ];
}

export async function runNodeTransaction(
  node: RemoteNode,
  plan: NodePlan,
  ctx: TransactionContext,
): Promise<NodeResult> {
  const result: NodeResult = {
    nodeId: plan.nodeId,
    label: plan.label,
    outcome: 'failed',
    message: '',
    backupDir: null,
    apiserverLog: null,
  };
  const manifestPath = manifestPathOf(node.target);
  const current = new Map<string, Buffer | null>();
  const written: FileChange[] = [];
  let containersBefore: string[] = [];
  let livezUrl = '';
  const step = async <T>(
    id: StepId,
    running: string,
    work: () => Promise<T>,
    done: (value: T) => string,
  ): Promise<T> => {
    if (ctx.signal?.aborted) throw new StepFailure(id, 'cancelled');
    ctx.step(id, 'running', running);
    try {
      const value = await work();
      ctx.step(id, 'ok', done(value));
      return value;
    } catch (error) {
      const failure = error instanceof StepFailure ? error : new StepFailure(id, (error as Error).message);
      ctx.step(id, 'failed', failure.message);
      throw failure;
    }
  };

  try {
    await step(
      'verify',
      'checking the node still has what the plan read',
      async () => {
        for (const change of plan.changes) {
          const now =
            change.role === 'kubeadm-config'
              ? (await readClusterConfiguration(node)).text
              : ((bytes) => (current.set(change.path, bytes), bytes?.toString('utf8') ?? null))(
                  await node.read(change.path),
                );
          if (now !== change.before)
            throw new Error(`${change.path} changed since the plan was made; review the plan again`);
        }
        const leftovers = await checkLeftovers(node, manifestPath);
        for (const path of leftovers.ours) await node.remove(path);
        livezUrl = livezUrlFor(
          node.target,
          plan.changes.find((c) => c.role === 'manifest')?.after ?? (await node.readText(manifestPath)) ?? '',
        );
      },
      () => (plan.changes.length === 0 ? 'nothing to change' : 'unchanged since the plan'),
    );
    if (plan.changes.length === 0) {
      ctx.step('write-manifest', 'skipped', 'already up to date');
      return { ...result, outcome: 'unchanged', message: 'already up to date; nothing was written' };
    }
    result.backupDir = await step(
      'backup',
      'backing up the current files',
      () => writeBackup(node, backupDirName(new Date(), ctx.runId), current, plan.changes, ctx.runId),
      (dir) => `backup in ${dir} (root-only)`,
    );
    const manifestChange = plan.changes.find((c) => c.role === 'manifest');
    if (manifestChange) containersBefore = (await apiServerContainers(node)).map((c) => c.id);
    const logBefore = plan.expectLogPath ? await logSize(node, plan.expectLogPath) : 0;

    for (const change of writeOrder(plan.changes)) {
      const id: StepId =
        change.role === 'manifest'
          ? 'write-manifest'
          : change.role === 'policy'
            ? 'write-policy'
            : 'write-webhook-config';
      await step(
        id,
        `${change.after === null ? 'removing' : 'writing'} ${change.path}`,
        async () => {
          written.push(change);
          if (change.after === null) await node.remove(change.path);
          else if (change.role === 'manifest') await replaceManifest(node, change.path, change.after);
          else await node.write(change.path, change.after, FILE_MODES[change.role]);
        },
        () => `${change.after === null ? 'removed' : 'wrote'} ${change.path}`,
      );
    }

    if (manifestChange) {
      await step(
        'wait-restart',
        `waiting for a new kube-apiserver and ${livezUrl}`,
        async () => {
          const outcome = await waitForRestart(node, containersBefore, livezUrl, ctx.timings, ctx.signal);
          if (!outcome.ok) throw new StepFailure('wait-restart', outcome.reason, outcome.failedContainerId);
          return outcome;
        },
        ({ containerId, how }) =>
          `kube-apiserver ${containerId.slice(0, 13)} is running and /livez answers ok (${how})`,
      );
    }
    if (plan.expectLogPath) {
      const logPath = plan.expectLogPath;
      await step(
        'check-log',
        `waiting for events in ${logPath}`,
        async () => {
          const from = Math.min(logBefore, await logSize(node, logPath));
          if (!(await waitForLogGrowth(node, logPath, from, ctx.timings, ctx.signal))) {
            throw new Error(
              `${logPath} did not grow within ${Math.round(ctx.timings.logTimeoutMs / 1000)} s: no audit events are being written`,
            );
          }
        },
        () => `audit events are being written to ${logPath}`,
      );
    }
    const kubeadm = plan.changes.find((c) => c.role === 'kubeadm-config');
    if (kubeadm) {
      // The cluster-wide copy; a failure here leaves the node working, so it is reported, not rolled back.
      try {
        await step(
          'kubeadm-config',
          'updating the kubeadm-config ConfigMap',
          () => writeClusterConfiguration(node, kubeadm.after ?? ''),
          () => 'kubeadm-config updated',
        );
      } catch (error) {
        return {
          ...result,
          outcome: 'applied',
          message: `applied, but kubeadm-config was not updated: ${(error as Error).message}`,
        };
      }
    }
    return { ...result, outcome: 'applied', message: 'applied and healthy' };
  } catch (error) {
    const failure = error instanceof StepFailure ? error : new StepFailure('verify', (error as Error).message);
    if (written.length === 0) return { ...result, outcome: 'failed', message: failure.message };
    return rollBack(node, failure, written, containersBefore, livezUrl, result, ctx);
  }
}

async function rollBack(
  node: RemoteNode,
  failure: StepFailure,
  written: FileChange[],
  containersBefore: string[],
  livezUrl: string,
  result: NodeResult,
  ctx: TransactionContext,
): Promise<NodeResult> {
  const message = failure.message;
  try {
    ctx.step('collect-logs', 'running', 'reading the failed kube-apiserver log');
    const failedId =
      failure.failedContainerId ??
      (await apiServerContainers(node)).find((c) => !containersBefore.includes(c.id))?.id ??
      null;
    result.apiserverLog = failedId ? await lastLogLines(node, failedId) : null;
    ctx.step('collect-logs', 'ok', failedId ? `last lines of ${failedId.slice(0, 13)}` : 'no new container to read');
  } catch (error) {
    ctx.step('collect-logs', 'failed', (error as Error).message);
  }
  try {
    ctx.step('rollback', 'running', 'restoring the backup');
    // Listed before restoring: the kubelet may start the old configuration's container at once.
    const known = written.some((c) => c.role === 'manifest') ? (await apiServerContainers(node)).map((c) => c.id) : [];
    const restore = writeOrder(written.map((c) => ({ ...c, before: c.after, after: c.before })));
    for (const change of restore) {
      if (change.after === null) await node.remove(change.path);
      else if (change.role === 'manifest') await replaceManifest(node, change.path, change.after);
      else await node.write(change.path, change.after, FILE_MODES[change.role]);
    }
    await node.run(['rm', '-rf', '--', node.at(STAGING_DIR)]);
    ctx.step('rollback', 'ok', 'previous files restored');
    if (written.some((c) => c.role === 'manifest')) {
      ctx.step('rollback-health', 'running', 'waiting for the previous kube-apiserver to come back');
      // No abort signal: once rolling back, finish it even when the user cancelled.
      const back = await waitForRestart(node, known, livezUrl, ctx.timings);
      if (!back.ok) {
        ctx.step('rollback-health', 'failed', back.reason);
        return {
          ...result,
          outcome: 'rollback-failed',
          message: `${message}; restored the backup, but ${back.reason}`,
        };
      }
      ctx.step('rollback-health', 'ok', 'the previous kube-apiserver is healthy');
    }
    return { ...result, outcome: 'rolled-back', message: `${message}; rolled back to the previous files` };
  } catch (error) {
    ctx.step('rollback', 'failed', (error as Error).message);
    return {
      ...result,
      outcome: 'rollback-failed',
      message: `${message}; the rollback failed too (${(error as Error).message}); restore by hand from ${result.backupDir}`,
    };
  }
}
