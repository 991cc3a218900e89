// hostPath volumes and volumeMounts that make the policy file, the log directory and the webhook config visible
// inside the kube-apiserver container at the same path as on the host.
import { isScalar, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import { isWithin, trimTrailingSlash } from './audit-settings.ts';
import { mountPathForFlag, ROLE_FLAGS, type DesiredMount, type MountRole } from './audit-targets.ts';
import { column, detectLayout, itemPrefix, spaces, type BlockLayout } from './block-layout.ts';
import {
  appendToMap,
  appendToSeq,
  fillEmptyValue,
  isEmptyValue,
  removeItems,
  removePair,
  replaceNode,
} from './block-edits.ts';
import type { EditPlan } from './edit-plan.ts';
import type { ApiServerPod, PodMount, PodVolume } from './load-pod-manifest.ts';
import { ManifestRefusal } from './result.ts';
import { renderScalar, styleOf } from './scalar-render.ts';
import { findPair, getMap, getNode, getSeq, keyName, nodeStart } from './yaml-nodes.ts';

const norm = (path: string | undefined) => (path === undefined ? undefined : trimTrailingSlash(path));

function volumeOf(pod: ApiServerPod, mount: PodMount): PodVolume | undefined {
  return pod.volumes.find((volume) => volume.name === mount.name);
}

/** True when a non-audit flag points into `path`: then the mount is not ours alone. */
function usedByOtherFlags(pod: ApiServerPod, path: string): boolean {
  return pod.flags.some(
    (flag) => !flag.name.startsWith('audit-') && flag.value?.startsWith('/') && isWithin(flag.value, path),
  );
}

/** The last value of a flag, which is the one kube-apiserver uses. */
function currentFlagValue(pod: ApiServerPod, name: string): string | undefined {
  return pod.flags.filter((flag) => flag.name === name).pop()?.value;
}

/** The mount through which the container sees `path`: the deepest one whose mountPath contains it. */
function mountCovering(pod: ApiServerPod, path: string): PodMount | undefined {
  let best: PodMount | undefined;
  for (const mount of pod.mounts) {
    if (mount.mountPath === undefined || !isWithin(path, mount.mountPath)) continue;
    if (!best || norm(mount.mountPath)!.length > norm(best.mountPath)!.length) best = mount;
  }
  return best;
}

function layoutOf(pod: ApiServerPod): BlockLayout {
  return detectLayout(pod.source, pod.pod);
}

/** Appends items to `key` of `owner` (creating the key when missing), in the list's own style. */
function addItems(
  pod: ApiServerPod,
  plan: EditPlan,
  owner: YAMLMap,
  key: string,
  items: string[][],
  what: string,
): void {
  const layout = layoutOf(pod);
  const pair = findPair(owner, key);
  const seq = getSeq(owner, key);
  const existingPrefix = seq ? itemPrefix(pod.source, seq) : undefined;
  if (seq && seq.items.length > 0) {
    if (existingPrefix === undefined)
      throw new ManifestRefusal(
        'unsupported-layout',
        `${what} is laid out in a way that cannot be extended`,
        nodeStart(seq),
      );
    const lines = items.flatMap((item) =>
      item.map((line, index) => (index === 0 ? existingPrefix : spaces(existingPrefix.length)) + line),
    );
    plan.add(appendToSeq(pod.source, seq, what, lines));
    return;
  }
  if (pair && !isEmptyValue(pair))
    throw new ManifestRefusal('unsupported-layout', `${what} is not a list`, nodeStart(pair));
  const keyColumn = pair ? column(pod.source, nodeStart(pair)) : column(pod.source, nodeStart(owner.items[0] as never));
  const prefix = spaces(keyColumn + layout.seqIndent) + '- ';
  const lines = items.flatMap((item) =>
    item.map((line, index) => (index === 0 ? prefix : spaces(prefix.length)) + line),
  );
  if (pair) plan.add(fillEmptyValue(pod.source, pair, lines));
  else plan.add(appendToMap(pod.source, owner, what, [spaces(keyColumn) + `${key}:`, ...lines]));
}

function nameFirst(items: { node: YAMLMap }[]): boolean {
  const first = items[0]?.node.items[0];
  return first !== undefined && keyName(first as never) === 'name';
}

function mountLines(pod: ApiServerPod, name: string, target: DesiredMount): string[] {
  const lines = nameFirst(pod.mounts)
    ? [`name: ${renderScalar(name)}`, `mountPath: ${renderScalar(target.path)}`]
    : [`mountPath: ${renderScalar(target.path)}`, `name: ${renderScalar(name)}`];
  if (target.readOnly) lines.push('readOnly: true');
  return lines;
}

function volumeLines(pod: ApiServerPod, name: string, target: DesiredMount): string[] {
  const step = spaces(layoutOf(pod).step);
  const hostPath = ['hostPath:', `${step}path: ${renderScalar(target.path)}`, `${step}type: ${target.type}`];
  const nameLine = `name: ${renderScalar(name)}`;
  return nameFirst(pod.volumes) ? [nameLine, ...hostPath] : [...hostPath, nameLine];
}

function uniqueName(base: string, taken: Set<string>): string {
  let name = base;
  for (let suffix = 2; taken.has(name); suffix++) name = `${base}-${suffix}`;
  taken.add(name);
  return name;
}

function setScalar(plan: EditPlan, node: Node | undefined, value: string, note: string, raw = false): void {
  if (!node || !isScalar(node))
    throw new ManifestRefusal('unsupported-layout', `cannot update ${note}: the field is missing or not a plain value`);
  plan.add(replaceNode(node, raw ? value : renderScalar(value, styleOf(node))), note);
}

/** Makes sure one desired path is mounted; returns without edits when it already is. */
interface PendingItems {
  volumes: string[][];
  mounts: string[][];
}

function ensureMount(
  pod: ApiServerPod,
  plan: EditPlan,
  target: DesiredMount,
  taken: Set<string>,
  claimed: Set<PodMount>,
  pending: PendingItems,
): void {
  const label = `the audit ${target.role === 'log' ? 'log directory' : target.role === 'policy' ? 'policy file' : 'webhook config'} ${target.path}`;
  const exact = pod.mounts.find((mount) => norm(mount.mountPath) === target.path);
  if (exact) {
    claimed.add(exact);
    const volume = volumeOf(pod, exact);
    if (!volume)
      throw new ManifestRefusal(
        'unsupported-layout',
        `the volumeMount "${exact.name}" for ${label} names a volume that does not exist`,
        nodeStart(exact.node),
      );
    if (volume.hostPath === undefined) {
      throw new ManifestRefusal(
        'unsupported-layout',
        `${label} is mounted from volume "${volume.name}", which is not a hostPath volume`,
        nodeStart(volume.node),
      );
    }
    if (norm(volume.hostPath) !== target.path) {
      if ((pod.volumeUseCount.get(volume.name!) ?? 0) > 1) {
        throw new ManifestRefusal(
          'unsupported-layout',
          `${label} is mounted from host path ${volume.hostPath}, a volume shared with other mounts`,
          nodeStart(volume.node),
        );
      }
      setScalar(
        plan,
        getNode(getMap(volume.node, 'hostPath')!, 'path'),
        target.path,
        `pointed volume ${volume.name} at host path ${target.path}`,
      );
    }
    if (target.role === 'log' && exact.readOnly) {
      setScalar(
        plan,
        getNode(exact.node, 'readOnly'),
        'false',
        `made volumeMount ${exact.name} writable for the audit log`,
        true,
      );
    }
    return;
  }
  const covering = mountCovering(pod, target.path);
  const coveringVolume = covering && volumeOf(pod, covering);
  if (
    covering &&
    coveringVolume?.hostPath !== undefined &&
    norm(coveringVolume.hostPath) === norm(covering.mountPath) &&
    (target.role !== 'log' || !covering.readOnly)
  ) {
    return; // Already visible at the same path through a directory mount (e.g. /etc/kubernetes).
  }
  const previousValue = currentFlagValue(pod, target.flag);
  const previousPath = previousValue === undefined ? undefined : mountPathForFlag(target.flag, previousValue);
  const previous =
    previousPath === undefined ? undefined : pod.mounts.find((mount) => norm(mount.mountPath) === previousPath);
  const previousVolume = previous && volumeOf(pod, previous);
  if (
    previous &&
    !claimed.has(previous) &&
    previousVolume &&
    norm(previousVolume.hostPath) === previousPath &&
    pod.volumeUseCount.get(previousVolume.name!) === 1 &&
    !usedByOtherFlags(pod, previousPath!)
  ) {
    // The flag moves: move its mount with it rather than leave a stale mount behind.
    claimed.add(previous);
    setScalar(
      plan,
      getNode(previous.node, 'mountPath'),
      target.path,
      `moved volumeMount ${previous.name} from ${previousPath} to ${target.path}`,
    );
    setScalar(
      plan,
      getNode(getMap(previousVolume.node, 'hostPath')!, 'path'),
      target.path,
      `moved volume ${previousVolume.name} from host path ${previousPath} to ${target.path}`,
    );
    return;
  }
  const reusable = pod.volumes.find((volume) => norm(volume.hostPath) === target.path);
  const name = reusable?.name ?? uniqueName(target.name, taken);
  if (!reusable) {
    pending.volumes.push(volumeLines(pod, name, target));
    plan.changes.push(`added volume ${name} (hostPath ${target.path}, type ${target.type})`);
  }
  pending.mounts.push(mountLines(pod, name, target));
  plan.changes.push(`added volumeMount ${name} at ${target.path}${target.readOnly ? ' (read-only)' : ''}`);
}

export function planMountEdits(pod: ApiServerPod, targets: readonly DesiredMount[], plan: EditPlan): void {
  const taken = new Set(pod.volumes.map((volume) => volume.name).filter((name): name is string => name !== undefined));
  const claimed = new Set<PodMount>();
  const pending: PendingItems = { volumes: [], mounts: [] };
  for (const target of targets) ensureMount(pod, plan, target, taken, claimed, pending);
  // One insertion per list, so a missing list is created once.
  if (pending.mounts.length > 0)
    addItems(pod, plan, pod.container, 'volumeMounts', pending.mounts, 'the kube-apiserver volumeMounts');
  if (pending.volumes.length > 0) addItems(pod, plan, pod.spec, 'volumes', pending.volumes, 'the Pod volumes');
}

/** The mounts that exist only to serve the current audit flags: exactly at the policy/webhook file or log directory/file. */
export function auditMounts(pod: ApiServerPod): { mount: PodMount; role: MountRole }[] {
  const found: { mount: PodMount; role: MountRole }[] = [];
  for (const role of Object.keys(ROLE_FLAGS) as MountRole[]) {
    for (const flag of pod.flags.filter((each) => each.name === ROLE_FLAGS[role] && each.value !== undefined)) {
      const paths = [mountPathForFlag(flag.name, flag.value!)];
      if (role === 'log' && flag.value!.startsWith('/')) paths.push(trimTrailingSlash(flag.value!));
      for (const mount of pod.mounts) {
        const mountPath = norm(mount.mountPath);
        if (mountPath === undefined || !paths.includes(mountPath) || found.some((each) => each.mount === mount))
          continue;
        if (usedByOtherFlags(pod, mountPath)) continue;
        found.push({ mount, role });
      }
    }
  }
  return found;
}

function removeFromList(pod: ApiServerPod, plan: EditPlan, owner: YAMLMap, key: string, remove: Set<YAMLMap>): void {
  const seq: YAMLSeq | undefined = getSeq(owner, key);
  if (!seq || remove.size === 0) return;
  if (seq.items.every((item) => remove.has(item as YAMLMap))) {
    plan.add(removePair(pod.source, findPair(owner, key)!, '[]'));
    return;
  }
  for (const item of seq.items) if (remove.has(item as YAMLMap)) plan.add(removeItems(pod.source, item as YAMLMap));
}

/** Removes the audit mounts, and their volumes when nothing else uses them. */
export function planMountRemoval(pod: ApiServerPod, plan: EditPlan): void {
  const mounts = auditMounts(pod);
  const mountNodes = new Set(mounts.map(({ mount }) => mount.node));
  const volumeNodes = new Set<YAMLMap>();
  for (const { mount } of mounts) {
    plan.changes.push(`removed volumeMount ${mount.name} at ${mount.mountPath}`);
    const volume = volumeOf(pod, mount);
    const uses = pod.volumeUseCount.get(mount.name ?? '') ?? 0;
    const removedUses = mounts.filter((each) => each.mount.name === mount.name).length;
    if (volume && uses === removedUses && !volumeNodes.has(volume.node)) {
      volumeNodes.add(volume.node);
      plan.changes.push(`removed volume ${volume.name} (hostPath ${volume.hostPath ?? '?'})`);
    }
  }
  removeFromList(pod, plan, pod.container, 'volumeMounts', mountNodes);
  removeFromList(pod, plan, pod.spec, 'volumes', volumeNodes);
}
