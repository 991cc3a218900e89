// Turns audit logging on in a kube-apiserver static pod manifest with the smallest possible text change.
import { planAnnotation } from './annotation-edits.ts';
import {
  describeProblems,
  validateAuditSettings,
  type AuditSettings,
  type ValidationOptions,
} from './audit-settings.ts';
import { desiredAuditFlags, desiredAuditMounts } from './audit-targets.ts';
import { EditPlan } from './edit-plan.ts';
import { planFlagEdits } from './flag-edits.ts';
import { loadApiServerPod } from './load-pod-manifest.ts';
import { planMountEdits } from './mount-edits.ts';
import { toRefusal } from './parse-guards.ts';
import type { EditResult } from './result.ts';
import { SourceText } from './source-text.ts';

/**
 * Sets every --audit-* flag the settings define (settings left undefined keep what the manifest has), mounts the
 * policy file, log directory and webhook config, and writes the policy-hash annotation when a hash is given.
 * Applying the result again changes nothing.
 */
export function enableAudit(text: string, settings: AuditSettings, options: ValidationOptions = {}): EditResult {
  const problems = validateAuditSettings(settings, options);
  if (problems.length > 0) return { ok: false, code: 'invalid-settings', reason: describeProblems(problems) };
  try {
    const pod = loadApiServerPod(text);
    const plan = new EditPlan(pod.source);
    planFlagEdits(pod, desiredAuditFlags(settings), plan);
    planMountEdits(pod, desiredAuditMounts(settings), plan);
    if (settings.policySha256 !== undefined) planAnnotation(pod, settings.policySha256, plan);
    return plan.result();
  } catch (error) {
    return toRefusal(new SourceText(text), error);
  }
}
