// SIMULATOR (test only): how the simulated kubelet and stand-in kube-apiserver read a static pod manifest —
// the flags of the first container, its volumeMounts and the pod's hostPath volumes.
import { parse } from 'yaml';

export interface PodMountView {
  name: string;
  mountPath: string;
  readOnly: boolean;
}

export interface PodVolumeView {
  name: string;
  hostPath?: string;
  type?: string;
}

export interface PodView {
  /** Last occurrence wins, as with kube-apiserver's flag parsing; undefined value = boolean flag without value. */
  flags: Map<string, string | undefined>;
  image: string;
  mounts: PodMountView[];
  volumes: PodVolumeView[];
}

type Json = Record<string, unknown>;
const asObject = (value: unknown): Json =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** Throws with the kubelet's kind of message when the file is not a usable Pod. */
export function readPod(text: string): PodView {
  const pod = asObject(parse(text.replace(/^\uFEFF/, '')));
  if (pod.kind !== 'Pod') throw new Error(`invalid pod: kind is ${JSON.stringify(pod.kind)}, not "Pod"`);
  const spec = asObject(pod.spec);
  const container = asObject(asArray(spec.containers)[0]);
  const items = [...asArray(container.command), ...asArray(container.args)].map(String);
  const flags = new Map<string, string | undefined>();
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (!item.startsWith('--')) continue;
    const eq = item.indexOf('=');
    if (eq > 0) flags.set(item.slice(2, eq), item.slice(eq + 1));
    else if (i + 1 < items.length && !items[i + 1]!.startsWith('-')) flags.set(item.slice(2), items[++i]);
    else flags.set(item.slice(2), undefined);
  }
  return {
    flags,
    image: String(container.image ?? ''),
    mounts: asArray(container.volumeMounts).map((raw) => {
      const mount = asObject(raw);
      return {
        name: String(mount.name ?? ''),
        mountPath: String(mount.mountPath ?? ''),
        readOnly: mount.readOnly === true,
      };
    }),
    volumes: asArray(spec.volumes).map((raw) => {
      const volume = asObject(raw);
      const hostPath = volume.hostPath === undefined ? undefined : asObject(volume.hostPath);
      return {
        name: String(volume.name ?? ''),
        hostPath: hostPath ? String(hostPath.path ?? '') : undefined,
        type: hostPath?.type === undefined ? undefined : String(hostPath.type),
      };
    }),
  };
}

const trim = (path: string) => (path.length > 1 ? path.replace(/\/+$/, '') : path);

/** The host path behind a container path, through the deepest hostPath mount containing it; null when unmounted. */
export function resolveInContainer(
  view: PodView,
  containerPath: string,
): { hostPath: string; readOnly: boolean } | null {
  let best: PodMountView | undefined;
  const target = trim(containerPath);
  for (const mount of view.mounts) {
    const base = trim(mount.mountPath);
    if (target !== base && !target.startsWith(base === '/' ? '/' : base + '/')) continue;
    if (!best || base.length > trim(best.mountPath).length) best = mount;
  }
  if (!best) return null;
  const volume = view.volumes.find((each) => each.name === best.name);
  if (volume?.hostPath === undefined) return null;
  return { hostPath: trim(volume.hostPath) + target.slice(trim(best.mountPath).length), readOnly: best.readOnly };
}

/** The kubelet's notion of "the pod changed": the parsed object, not the text (comments/whitespace don't count). */
export function podIdentity(text: string): string {
  const sorted = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sorted);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.keys(value as Json)
          .sort()
          .map((key) => [key, sorted((value as Json)[key])]),
      );
    }
    return value;
  };
  return JSON.stringify(sorted(parse(text.replace(/^\uFEFF/, ''))));
}
