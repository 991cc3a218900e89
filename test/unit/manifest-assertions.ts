// Independent checks on edited manifests: parse the output with `yaml` and look at the structure the kubelet sees.
import assert from 'node:assert/strict';
import { parse } from 'yaml';

interface Container {
  name?: string;
  command?: unknown[];
  args?: unknown[];
  volumeMounts?: { name?: string; mountPath?: string; readOnly?: boolean }[];
}

interface Pod {
  metadata?: { annotations?: Record<string, string> };
  spec: { containers: Container[]; volumes?: { name?: string; hostPath?: { path?: string; type?: string } }[] };
}

export function apiServerContainer(text: string): { pod: Pod; container: Container } {
  const pod = parse(text.replace(/^\uFEFF/, '')) as Pod;
  const container = pod.spec.containers.find((each) => each.name === 'kube-apiserver');
  assert.ok(container, 'the output has a kube-apiserver container');
  return { pod, container };
}

/** All values of a flag in command+args, reading both `--f=v` and `--f v`. */
export function flagValues(container: Container, name: string): (string | undefined)[] {
  const items = [...(container.command ?? []), ...(container.args ?? [])].map(String);
  const values: (string | undefined)[] = [];
  for (let i = 0; i < items.length; i++) {
    if (items[i]!.startsWith(`--${name}=`)) values.push(items[i]!.slice(name.length + 3));
    else if (items[i] === `--${name}`) {
      const next = items[i + 1];
      if (next !== undefined && !next.startsWith('--') && name !== 'audit-log-compress') {
        values.push(next);
        i++;
      } else values.push(undefined);
    }
  }
  return values;
}

export function auditFlagNames(container: Container): string[] {
  return [...(container.command ?? []), ...(container.args ?? [])]
    .map(String)
    .filter((item) => item.startsWith('--audit-'))
    .map((item) => item.slice(2).split('=')[0]!);
}

const trim = (path: string) => path.replace(/\/+$/, '');

/** The path is visible in the container at the same path through exactly one suitable mount. */
export function assertMounted(text: string, path: string, options: { writable?: boolean; type?: string } = {}): void {
  const { pod, container } = apiServerContainer(text);
  const mounts = container.volumeMounts ?? [];
  const volumes = pod.spec.volumes ?? [];
  const names = volumes.map((volume) => volume.name);
  assert.equal(new Set(names).size, names.length, `volume names are unique: ${names.join(', ')}`);
  const mountPaths = mounts.map((mount) => trim(mount.mountPath ?? ''));
  assert.equal(new Set(mountPaths).size, mountPaths.length, `mount paths are unique: ${mountPaths.join(', ')}`);
  for (const mount of mounts)
    assert.ok(names.includes(mount.name), `volumeMount ${mount.name} names an existing volume`);
  const covering = mounts
    .filter((mount) => path === trim(mount.mountPath!) || path.startsWith(trim(mount.mountPath!) + '/'))
    .sort((a, b) => b.mountPath!.length - a.mountPath!.length)[0];
  assert.ok(covering, `${path} is inside a volumeMount`);
  const volume = volumes.find((each) => each.name === covering.name)!;
  assert.equal(
    trim(volume.hostPath?.path ?? ''),
    trim(covering.mountPath!),
    `volume ${volume.name} mounts the same host path`,
  );
  if (options.writable) assert.notEqual(covering.readOnly, true, `${path} is writable`);
  if (options.type && trim(covering.mountPath!) === path) assert.equal(volume.hostPath?.type, options.type);
}

/** Every original line not matched by `mayChange` is still there, in the same order. */
export function assertLinesKept(
  original: string,
  edited: string,
  mayChange: (line: string) => boolean = () => false,
): void {
  const before = original.replace(/^\uFEFF/, '').split(/\r?\n/);
  const after = edited.replace(/^\uFEFF/, '').split(/\r?\n/);
  let cursor = 0;
  for (const line of before) {
    if (mayChange(line)) continue;
    const found = after.indexOf(line, cursor);
    assert.ok(found >= 0, `untouched line kept in order: ${JSON.stringify(line)}`);
    cursor = found + 1;
  }
}
