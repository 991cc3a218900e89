// Shorter health-check waits for a simulated control plane (tests, demos), read from AUDITSCOPE_APPLY_TIMINGS by the
// app's backend and the CLI alike.
import { z } from 'zod';
import type { HealthTimings } from './health.ts';

const timingsSchema = z
  .object({
    restartTimeoutMs: z.number().int().min(1000).max(3_600_000).optional(),
    logTimeoutMs: z.number().int().min(500).max(3_600_000).optional(),
    pollMs: z.number().int().min(10).max(60_000).optional(),
  })
  .strict();

/** AUDITSCOPE_APPLY_TIMINGS (JSON): shorter waits for a simulated control plane; refused loudly when malformed. */
export function timingsFromEnv(raw = process.env.AUDITSCOPE_APPLY_TIMINGS): Partial<HealthTimings> | undefined {
  if (!raw) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new Error(`AUDITSCOPE_APPLY_TIMINGS is not JSON: ${(error as Error).message}`, { cause: error });
  }
  const parsed = timingsSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`AUDITSCOPE_APPLY_TIMINGS: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}
