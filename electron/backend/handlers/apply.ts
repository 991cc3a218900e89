// Handlers of the Apply flow: plan, start (confirmed by the main process in Electron), cancel, journal.
import { createHash, randomUUID } from 'node:crypto';
import type { RolloutPlan, RunResult } from '../../../shared/apply/types.ts';
import type { JournalEntryView } from '../../../shared/ipc/contract/apply.ts';
import { AppFailure } from '../../../shared/errors.ts';
import { inventoryTargets, pooledConnector } from '../apply/inventory-targets.ts';
import type { NodeTarget } from '../apply/node-target.ts';
import { planRollout, type RolloutRequest } from '../apply/plan-rollout.ts';
import { runRollout } from '../apply/rollout.ts';
import type { HandlerMap } from '../handler-types.ts';
import type { NodeProfile } from '../../../shared/ipc/contract/nodes.ts';
import { revertChanges, type JournalEntry } from '../journal/journal.ts';
import type { BackendServices } from '../services.ts';
import { PLAN_LIFETIME_MS, PlanStore, stalePlanMessage } from '../apply/plan-store.ts';

type ApplyChannel = 'apply.plan' | 'apply.start' | 'apply.cancel' | 'apply.journal';

interface StoredPlan {
  plan: RolloutPlan;
  targets: NodeTarget[];
  profiles: Map<string, NodeProfile>;
}

const VERBS = {
  apply: 'Apply audit settings to',
  revert: 'Revert the audit change on',
  disable: 'Disable audit logging on',
};

export function toJournalView(entry: JournalEntry): JournalEntryView {
  return {
    id: entry.id,
    at: entry.at,
    user: entry.user,
    action: entry.action,
    revertOf: entry.revertOf,
    policySha256: entry.policySha256,
    outcome: entry.outcome,
    nodes: entry.nodes.map((node) => ({
      nodeId: node.nodeId,
      label: node.label,
      host: node.host,
      outcome: node.result.outcome,
      message: node.result.message,
      backupDir: node.result.backupDir,
      changes: node.changes.map((change) => ({ role: change.role, path: change.path, diff: change.diff })),
    })),
    revertible: Object.keys(revertChanges(entry)).length > 0,
  };
}

export function applyHandlers({
  nodes: services,
  journal,
  platform,
  emit,
  apply: options,
}: BackendServices): HandlerMap<ApplyChannel> {
  const { timings } = options;
  // A plan is a snapshot of the nodes: confirm it soon or plan again. Every call prunes expired plans.
  const lifetimeMs = options.planLifetimeMs ?? PLAN_LIFETIME_MS;
  const plans = new PlanStore<StoredPlan>(lifetimeMs, options.now);
  const staleFailure = (lookup: Parameters<typeof stalePlanMessage>[0]) =>
    new AppFailure('plan-expired', stalePlanMessage(lookup, lifetimeMs));
  const runs = new Map<string, AbortController>();

  return {
    'apply.plan': async (input) => {
      let request: RolloutRequest;
      let nodeIds: string[];
      if (input.action === 'revert') {
        const entry = await journal.get(input.journalId);
        if (!entry) throw new AppFailure('not-found', `journal entry ${input.journalId} does not exist`);
        const changesByNode = revertChanges(entry);
        nodeIds = Object.keys(changesByNode);
        if (nodeIds.length === 0)
          throw new AppFailure('nothing-to-revert', 'that run changed no node; there is nothing to revert');
        request = { action: 'revert', revertOf: entry.id, changesByNode };
      } else if (input.action === 'apply') {
        nodeIds = input.nodeIds;
        const policySha256 = createHash('sha256').update(input.policyText).digest('hex');
        request = { action: 'apply', policyText: input.policyText, policySha256, settings: input.settings };
      } else {
        nodeIds = input.nodeIds;
        request = { action: 'disable', persistKubeadm: input.persistKubeadm };
      }
      const { targets, profiles } = await inventoryTargets(services, nodeIds, input.nodeOptions);
      const plan = await planRollout(targets, request, pooledConnector(services, profiles));
      plans.add(plan.planId, { plan, targets, profiles });
      return plan;
    },

    'apply.start': async (input) => {
      const lookup = plans.get(input.planId);
      if (lookup.status !== 'ok') throw staleFailure(lookup);
      const stored = lookup.value;
      if (runs.size > 0) throw new AppFailure('busy', 'another rollout is running; wait for it or cancel it');
      const { plan } = stored;
      if (plan.nodes.some((node) => node.blocked)) {
        throw new AppFailure('blocked', 'a preflight check failed on at least one node; fix it and plan again');
      }
      const names = plan.nodes.map((node) => node.label).join(', ');
      if (platform.confirm) {
        const changed = plan.nodes.filter((node) => node.changes.length > 0).map((node) => node.label);
        const ok = await platform.confirm({
          title: `${VERBS[plan.action]} ${plan.nodes.length} node${plan.nodes.length === 1 ? '' : 's'}`,
          message: `${VERBS[plan.action]}: ${names}?`,
          detail:
            `Nodes are changed one at a time; each one's kube-apiserver restarts. A node that does not come back ` +
            `healthy is rolled back and the rollout stops.\nNodes with changes: ${changed.join(', ') || 'none'}.`,
          confirmLabel: plan.action === 'apply' ? 'Apply' : plan.action === 'revert' ? 'Revert' : 'Disable',
        });
        if (!ok) return { declined: true as const };
      } else if (input.confirmed !== true) {
        throw new AppFailure('confirmation-required', `confirm the change to ${names} first`);
      }
      // The confirmation dialog may have stayed open past the plan's lifetime.
      const confirmed = plans.get(input.planId);
      if (confirmed.status !== 'ok') throw staleFailure(confirmed);
      plans.delete(input.planId);
      const runId = randomUUID();
      const controller = new AbortController();
      runs.set(runId, controller);
      void (async () => {
        let finished: RunResult;
        try {
          const result = await runRollout(stored.targets, plan.nodes, {
            runId,
            timings,
            signal: controller.signal,
            onStep: (step) => emit('apply.step', step),
            connect: pooledConnector(services, stored.profiles),
          });
          const touched = result.nodes.some((node) => node.outcome !== 'not-started');
          const entry = touched
            ? await journal.append({
                id: runId,
                at: new Date().toISOString(),
                action: plan.action,
                revertOf: plan.revertOf,
                policySha256: plan.policySha256,
                outcome: result.outcome,
                nodes: result.nodes.map((nodeResult) => {
                  const target = stored.targets.find((t) => t.id === nodeResult.nodeId)!;
                  return {
                    nodeId: nodeResult.nodeId,
                    label: nodeResult.label,
                    host: `${target.address.username}@${target.address.host}:${target.address.port}`,
                    changes: plan.nodes.find((n) => n.nodeId === nodeResult.nodeId)?.changes ?? [],
                    result: nodeResult,
                  };
                }),
              })
            : null;
          finished = { ...result, journalId: entry?.id ?? null };
        } catch (error) {
          finished = {
            runId,
            outcome: 'failed',
            journalId: null,
            nodes: plan.nodes.map((node) => ({
              nodeId: node.nodeId,
              label: node.label,
              outcome: 'failed',
              message: (error as Error).message,
              backupDir: null,
              apiserverLog: null,
            })),
          };
        } finally {
          runs.delete(runId);
        }
        emit('apply.finished', finished);
      })();
      return { runId };
    },

    'apply.cancel': async (input) => {
      plans.prune();
      const controller = runs.get(input.runId);
      controller?.abort();
      return { cancelled: controller !== undefined };
    },

    'apply.journal': async () => {
      plans.prune();
      const { entries, damagedLines } = await journal.list();
      return { entries: entries.map(toJournalView), damagedLines };
    },
  };
}
