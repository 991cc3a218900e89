// The policy-hash annotation: the kubelet restarts a static pod when its metadata changes, so writing the policy's
// hash into metadata.annotations makes a policy-only change take effect.
import { isMap, type Node, type YAMLMap } from 'yaml';
import { POLICY_HASH_ANNOTATION } from './audit-settings.ts';
import { column, detectLayout, spaces } from './block-layout.ts';
import { appendToMap, fillEmptyValue, isEmptyValue, prependToMap, removePair, replaceNode } from './block-edits.ts';
import type { EditPlan } from './edit-plan.ts';
import type { ApiServerPod } from './load-pod-manifest.ts';
import { ManifestRefusal } from './result.ts';
import { renderScalar, styleOf } from './scalar-render.ts';
import { findPair, nodeStart, requireBlock, scalarText, type AnyPair } from './yaml-nodes.ts';

function requireMetadata(pod: ApiServerPod): YAMLMap {
  const metadata = pod.metadata;
  if (!metadata || metadata.items.length === 0) {
    throw new ManifestRefusal(
      'unsupported-layout',
      'the Pod has no metadata to hold the policy-hash annotation',
      nodeStart(pod.pod),
    );
  }
  requireBlock(metadata, 'the Pod metadata');
  return metadata;
}

export function planAnnotation(pod: ApiServerPod, hash: string, plan: EditPlan): void {
  const metadata = requireMetadata(pod);
  const step = detectLayout(pod.source, pod.pod).step;
  const metadataColumn = column(pod.source, nodeStart(metadata.items[0] as AnyPair));
  const entry = (indent: number) => `${spaces(indent)}${POLICY_HASH_ANNOTATION}: ${renderScalar(hash)}`;
  const note = `set annotation ${POLICY_HASH_ANNOTATION}=${hash}`;
  const annotationsPair = findPair(metadata, 'annotations');
  if (!annotationsPair) {
    plan.add(
      prependToMap(pod.source, metadata, [`${spaces(metadataColumn)}annotations:`, entry(metadataColumn + step)]),
      note,
    );
    return;
  }
  if (isEmptyValue(annotationsPair)) {
    plan.add(fillEmptyValue(pod.source, annotationsPair, [entry(metadataColumn + step)]), note);
    return;
  }
  const annotations = annotationsPair.value;
  if (!isMap(annotations))
    throw new ManifestRefusal(
      'unsupported-layout',
      'metadata.annotations is not a mapping',
      nodeStart(annotationsPair),
    );
  requireBlock(annotations, 'metadata.annotations');
  const existing = findPair(annotations, POLICY_HASH_ANNOTATION);
  if (existing) {
    if (scalarText(existing.value) === hash) return;
    const value = existing.value as Node | null;
    if (!value?.range)
      throw new ManifestRefusal(
        'unsupported-layout',
        `the ${POLICY_HASH_ANNOTATION} annotation cannot be updated`,
        nodeStart(existing),
      );
    // An empty value (`key:`) has a zero-width range right after the colon: keep a space after the colon.
    const gap = value.range[0] === value.range[1] ? ' ' : '';
    plan.add(replaceNode(value, gap + renderScalar(hash, styleOf(value))), note);
    return;
  }
  const annotationColumn = column(pod.source, nodeStart(annotations.items[0] as AnyPair));
  plan.add(appendToMap(pod.source, annotations, 'metadata.annotations', [entry(annotationColumn)]), note);
}

export function readPolicyHash(pod: ApiServerPod): string | undefined {
  const annotations = pod.metadata && findPair(pod.metadata, 'annotations')?.value;
  return isMap(annotations) ? scalarText(findPair(annotations, POLICY_HASH_ANNOTATION)?.value) : undefined;
}

/** Removes our annotation, and the annotations key when ours was its only entry. */
export function planAnnotationRemoval(pod: ApiServerPod, plan: EditPlan): void {
  const annotationsPair = pod.metadata && findPair(pod.metadata, 'annotations');
  const annotations = annotationsPair?.value;
  if (!annotationsPair || !isMap(annotations)) return;
  const ours = findPair(annotations, POLICY_HASH_ANNOTATION);
  if (!ours) return;
  requireBlock(annotations, 'metadata.annotations');
  const note = `removed annotation ${POLICY_HASH_ANNOTATION}`;
  if (annotations.items.length === 1) plan.add(removePair(pod.source, annotationsPair, '{}'), note);
  else plan.add(removePair(pod.source, ours, '{}'), note);
}
