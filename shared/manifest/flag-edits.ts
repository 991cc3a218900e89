// Setting, replacing and removing --audit-* flags in the kube-apiserver container's command/args list.
import type { Scalar, YAMLSeq } from 'yaml';
import { BOOLEAN_AUDIT_FLAGS, isAuditFlag, type FlagOccurrence } from './apiserver-flags.ts';
import type { DesiredFlag } from './audit-targets.ts';
import { itemPrefix } from './block-layout.ts';
import { removeItems, replaceNode } from './block-edits.ts';
import type { EditPlan } from './edit-plan.ts';
import type { ApiServerPod } from './load-pod-manifest.ts';
import { ManifestRefusal } from './result.ts';
import { renderScalar, styleOf, type ScalarStyle } from './scalar-render.ts';
import { insertLinesAfter, insertLinesBefore } from './text-edits.ts';
import { lastContentOffset, nodeStart, requireBlock } from './yaml-nodes.ts';

const PFLAG_TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);

function describe(flag: FlagOccurrence): string {
  return flag.value === undefined ? `--${flag.name}` : `--${flag.name}=${flag.value}`;
}

function hasValue(flag: FlagOccurrence, value: string): boolean {
  if (BOOLEAN_AUDIT_FLAGS.has(flag.name) && value === 'true') {
    return flag.value === undefined || PFLAG_TRUE.has(flag.value);
  }
  return flag.value === value;
}

function lastNode(flag: FlagOccurrence): Scalar {
  return flag.valueItem ?? flag.flagItem;
}

export function removeFlag(pod: ApiServerPod, plan: EditPlan, flag: FlagOccurrence, why: string): void {
  requireBlock(flag.seq, `the kube-apiserver ${flag.list} list`);
  plan.add(
    removeItems(pod.source, flag.flagItem, lastNode(flag)),
    `removed ${describe(flag)} (${flag.list}, line ${plan.line(nodeStart(flag.flagItem))})${why}`,
  );
}

function replaceValue(pod: ApiServerPod, plan: EditPlan, flag: FlagOccurrence, value: string): void {
  requireBlock(flag.seq, `the kube-apiserver ${flag.list} list`);
  const note = `changed ${describe(flag)} to ${value} (${flag.list}, line ${plan.line(nodeStart(flag.flagItem))})`;
  if (flag.form === 'separate') {
    plan.add(replaceNode(flag.valueItem!, renderScalar(value, styleOf(flag.valueItem))), note);
  } else {
    plan.add(replaceNode(flag.flagItem, renderScalar(`--${flag.name}=${value}`, styleOf(flag.flagItem))), note);
  }
}

/** How the list writes its flags, so new ones look the same. */
function listStyle(flags: FlagOccurrence[]): { separate: boolean; quote: ScalarStyle } {
  const separate = flags.filter((flag) => flag.form === 'separate').length;
  const equals = flags.filter((flag) => flag.form === 'equals').length;
  const quoted = flags.filter((flag) => styleOf(flag.flagItem) !== 'PLAIN');
  const quote = quoted.length * 2 > flags.length ? styleOf(quoted[0]!.flagItem) : 'PLAIN';
  return { separate: separate > equals, quote };
}

function newItems(flag: DesiredFlag & { value: string }, style: { separate: boolean; quote: ScalarStyle }): string[] {
  if (BOOLEAN_AUDIT_FLAGS.has(flag.name)) {
    return [
      renderScalar(
        style.separate && flag.value === 'true' ? `--${flag.name}` : `--${flag.name}=${flag.value}`,
        style.quote,
      ),
    ];
  }
  if (style.separate) return [renderScalar(`--${flag.name}`, style.quote), renderScalar(flag.value, style.quote)];
  return [renderScalar(`--${flag.name}=${flag.value}`, style.quote)];
}

/** Start of the block of full-line comments directly above a line (they describe the item below them). */
function startAboveComments(pod: ApiServerPod, offset: number, indent: number): number {
  let start = pod.source.lineStart(offset);
  while (start > 0) {
    const previous = pod.source.lineStart(start - 1);
    const line = pod.source.lineText(previous);
    if (!line.trimStart().startsWith('#') || pod.source.indentAt(previous) !== indent) break;
    start = previous;
  }
  return start;
}

/** Adds flags at their alphabetical place (kubeadm sorts flags), or at the end of the list. */
function addFlags(pod: ApiServerPod, plan: EditPlan, flags: (DesiredFlag & { value: string })[]): void {
  if (flags.length === 0) return;
  const seq: YAMLSeq = pod.target.seq;
  const what = `the kube-apiserver ${pod.target.list} list`;
  requireBlock(seq, what);
  const prefix = itemPrefix(pod.source, seq);
  if (prefix === undefined)
    throw new ManifestRefusal(
      'unsupported-layout',
      `${what} is empty or oddly laid out; cannot add flags to it`,
      nodeStart(seq),
    );
  const listed = pod.flags.filter((flag) => flag.seq === seq);
  const style = listStyle(listed);
  for (const flag of flags) {
    const lines = newItems(flag, style).map((item) => prefix + item);
    const before = listed.find((existing) => existing.name > flag.name);
    const edit = before
      ? insertLinesBefore(pod.source, startAboveComments(pod, nodeStart(before.flagItem), prefix.indexOf('-')), lines)
      : insertLinesAfter(pod.source, lastContentOffset(seq), lines);
    plan.add(edit, `added ${lines.map((line) => line.trim().slice(2)).join(' ')} (${pod.target.list})`);
  }
}

/** Makes each desired flag appear exactly once with its value; removes flags whose value is null. */
export function planFlagEdits(pod: ApiServerPod, desired: readonly DesiredFlag[], plan: EditPlan): void {
  const toAdd: (DesiredFlag & { value: string })[] = [];
  for (const flag of desired) {
    const found = pod.flags.filter((existing) => existing.name === flag.name);
    if (flag.value === null) {
      for (const existing of found) removeFlag(pod, plan, existing, '');
      continue;
    }
    const [kept, ...duplicates] = found;
    if (!kept) {
      toAdd.push({ name: flag.name, value: flag.value });
      continue;
    }
    if (!hasValue(kept, flag.value)) replaceValue(pod, plan, kept, flag.value);
    for (const duplicate of duplicates) removeFlag(pod, plan, duplicate, ': duplicate');
  }
  addFlags(pod, plan, toAdd);
}

/** Removes every --audit-* flag. */
export function planFlagRemoval(pod: ApiServerPod, plan: EditPlan): void {
  for (const flag of pod.flags) if (isAuditFlag(flag.name)) removeFlag(pod, plan, flag, '');
}
