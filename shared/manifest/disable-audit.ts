// Turns audit logging off: removes every --audit-* flag, the mounts and volumes that served them, and our annotation.
import { planAnnotationRemoval } from './annotation-edits.ts';
import { EditPlan } from './edit-plan.ts';
import { planFlagRemoval } from './flag-edits.ts';
import { loadApiServerPod } from './load-pod-manifest.ts';
import { planMountRemoval } from './mount-edits.ts';
import { toRefusal } from './parse-guards.ts';
import type { EditResult } from './result.ts';
import { SourceText } from './source-text.ts';

/**
 * The reverse of enableAudit: on a manifest that had no audit settings before, disable(enable(x)) === x.
 * Mounts are removed only when they sit exactly at the policy/webhook file or the log directory named by the flags
 * and no other flag points into them; volumes only when no other mount uses them.
 */
export function disableAudit(text: string): EditResult {
  try {
    const pod = loadApiServerPod(text);
    const plan = new EditPlan(pod.source);
    // Mounts first: they are found through the flag values, which are removed next.
    planMountRemoval(pod, plan);
    planFlagRemoval(pod, plan);
    planAnnotationRemoval(pod, plan);
    return plan.result();
  } catch (error) {
    return toRefusal(new SourceText(text), error);
  }
}
