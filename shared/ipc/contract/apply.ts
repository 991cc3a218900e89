// Applying audit settings to control-plane nodes: plan (preflight + diffs), start (after a confirmation raised by
// the main process in Electron, or the in-page dialog in browser mode), step events, cancel, journal and revert.
import { z } from 'zod';
import type { RolloutPlan, RunResult, StepEvent } from '../../apply/types.ts';
import { event, request } from '../define.ts';

const entityId = z.string().regex(/^[a-z0-9-]{1,64}$/);
const opaqueId = z.string().regex(/^[A-Za-z0-9-]{1,64}$/);
const nodePath = z
  .string()
  .max(4096)
  .regex(/^\/[^\0\r\n]*$/, 'expected an absolute path (starting with /) without line breaks');
const count = z.number().int().min(0).max(1_000_000);

export const webhookSettingsSchema = z
  .object({
    configPath: nodePath,
    server: z.string().url().max(2048),
    certificateAuthorityPath: nodePath.optional(),
    clientCertificatePath: nodePath.optional(),
    clientKeyPath: nodePath.optional(),
  })
  .strict();

export const applySettingsSchema = z
  .object({
    policyPath: nodePath,
    logPath: z.union([nodePath, z.literal('-')]).optional(),
    maxAge: count.optional(),
    maxBackup: count.optional(),
    maxSize: count.optional(),
    compress: z.boolean().optional(),
    webhook: webhookSettingsSchema.optional(),
    persistKubeadm: z.boolean().optional(),
  })
  .strict();

/** Per-node overrides the inventory does not hold. */
const nodeOptionsSchema = z.record(
  entityId,
  z
    .object({
      livezUrl: z
        .string()
        .regex(/^https?:\/\/[^\s]{1,2000}$/, 'expected an http(s) URL')
        .optional(),
    })
    .strict(),
);

const nodeIds = z.array(entityId).min(1, 'choose at least one node').max(100);

export const planInputSchema = z.discriminatedUnion('action', [
  z
    .object({
      action: z.literal('apply'),
      nodeIds,
      policyText: z
        .string()
        .min(1)
        .max(1024 * 1024),
      settings: applySettingsSchema,
      nodeOptions: nodeOptionsSchema.optional(),
    })
    .strict(),
  z
    .object({
      action: z.literal('disable'),
      nodeIds,
      persistKubeadm: z.boolean(),
      nodeOptions: nodeOptionsSchema.optional(),
    })
    .strict(),
  z.object({ action: z.literal('revert'), journalId: opaqueId, nodeOptions: nodeOptionsSchema.optional() }).strict(),
]);

/** A journal entry as the UI lists it (file contents included: the diffs are shown again). */
export interface JournalEntryView {
  id: string;
  at: string;
  user: string;
  action: RolloutPlan['action'];
  revertOf: string | null;
  policySha256: string | null;
  outcome: RunResult['outcome'];
  nodes: {
    nodeId: string;
    label: string;
    host: string;
    outcome: RunResult['nodes'][number]['outcome'];
    message: string;
    backupDir: string | null;
    changes: { role: string; path: string; diff: string }[];
  }[];
  /** Whether "Revert" makes sense (some node was changed by it). */
  revertible: boolean;
}

export const applyRequests = {
  /** Connects to each node, runs the preflight checks and computes the diffs. Nothing is written. */
  'apply.plan': request<RolloutPlan>()(planInputSchema),
  /**
   * Starts the planned rollout. In Electron the main process asks for confirmation naming the nodes; in browser
   * mode `confirmed` must be true (the in-page dialog). Returns at once; progress comes as apply.step events.
   */
  'apply.start': request<{ runId: string } | { declined: true }>()(
    z.object({ planId: opaqueId, confirmed: z.boolean().optional() }).strict(),
  ),
  'apply.cancel': request<{ cancelled: boolean }>()(z.object({ runId: opaqueId }).strict()),
  'apply.journal': request<{ entries: JournalEntryView[]; damagedLines: number[] }>()(z.object({}).strict()),
};

export const applyEvents = {
  'apply.step': event<StepEvent>(),
  'apply.finished': event<RunResult>(),
};
