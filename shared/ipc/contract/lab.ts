// The policy lab: replay a sample of logged requests through the draft policy on the backend. A run streams
// `lab.update` events (partial results while the sample is read, then the final one) and can be cancelled.
import { z } from 'zod';
import type { LabProgress, LabResult } from '../../lab/types.ts';
import { event, request } from '../define.ts';

const runId = z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'expected a run id of letters, digits and dashes');
const absolutePath = z
  .string()
  .trim()
  .min(1, 'a path is required')
  .max(4096)
  .regex(/^(\/|~\/|[A-Za-z]:[\\/])[^\0\r\n]*$/, 'expected an absolute path (or one starting with ~/)');

export const labSourceSchema = z.discriminatedUnion('kind', [
  /** Files or folders on the backend machine. */
  z.object({ kind: z.literal('paths'), paths: z.array(absolutePath).min(1).max(50) }).strict(),
  /** The bundled sample audit log. */
  z.object({ kind: z.literal('sample') }).strict(),
  /** The sources open in a log explorer session. */
  z
    .object({
      kind: z.literal('session'),
      sessionId: z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'expected a session id'),
    })
    .strict(),
]);
export type LabSource = z.infer<typeof labSourceSchema>;

export type LabRunState = 'running' | 'done' | 'cancelled' | 'error';

export interface LabUpdate {
  runId: string;
  state: LabRunState;
  progress: LabProgress | null;
  /** Partial while running, final when done. */
  result: LabResult | null;
  message?: string;
}

export const labRequests = {
  /** Starts a run under the caller's id; results arrive as `lab.update`. Fails at once for an invalid policy. */
  'lab.simulate': request<{ runId: string }>()(
    z
      .object({
        runId,
        source: labSourceSchema,
        policyText: z.string().max(4 * 1024 * 1024),
        kubeVersion: z.string().regex(/^1\.\d{1,2}$/, 'expected a Kubernetes version like 1.36'),
        talkers: z.number().int().min(1).max(50),
      })
      .strict(),
  ),
  'lab.cancel': request<{ cancelled: boolean }>()(z.object({ runId }).strict()),
};

export const labEvents = {
  'lab.update': event<LabUpdate>(),
};
