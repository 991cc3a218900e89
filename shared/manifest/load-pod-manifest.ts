// Finds the parts of a kube-apiserver static pod manifest the audit editors work on, refusing anything that is not
// a single, literal Pod with a kube-apiserver container.
import { isMap, isScalar, isSeq, type Document, type YAMLMap, type YAMLSeq } from 'yaml';
import { parseFlags, type FlagList, type FlagOccurrence } from './apiserver-flags.ts';
import { refuseTemplates, parseSingleDocument } from './parse-guards.ts';
import { ManifestRefusal } from './result.ts';
import { SourceText } from './source-text.ts';
import { findPair, getMap, getNode, getSeq, getString, mapItems, nodeStart, scalarText } from './yaml-nodes.ts';

export interface PodVolume {
  node: YAMLMap;
  name?: string;
  /** hostPath.path, when the volume is a hostPath volume. */
  hostPath?: string;
  hostPathType?: string;
}

export interface PodMount {
  node: YAMLMap;
  name?: string;
  mountPath?: string;
  readOnly: boolean;
}

export interface ApiServerPod {
  source: SourceText;
  document: Document.Parsed;
  pod: YAMLMap;
  metadata?: YAMLMap;
  spec: YAMLMap;
  containers: YAMLSeq;
  container: YAMLMap;
  /** Every flag of the container, from `command` then `args`, in order. */
  flags: FlagOccurrence[];
  /** Where new flags go: the list that already holds audit flags, else the one holding most flags. */
  target: { list: FlagList; seq: YAMLSeq };
  volumes: PodVolume[];
  mounts: PodMount[];
  /** How many volumeMounts (in any container or init container) use each volume name. */
  volumeUseCount: Map<string, number>;
}

function readVolume(node: YAMLMap): PodVolume {
  const hostPath = getMap(node, 'hostPath');
  return {
    node,
    name: getString(node, 'name'),
    hostPath: hostPath ? getString(hostPath, 'path') : undefined,
    hostPathType: hostPath ? getString(hostPath, 'type') : undefined,
  };
}

function readMount(node: YAMLMap): PodMount {
  const readOnly = getNode(node, 'readOnly');
  return {
    node,
    name: getString(node, 'name'),
    mountPath: getString(node, 'mountPath'),
    readOnly: isScalar(readOnly) && readOnly.value === true,
  };
}

function commandName(container: YAMLMap): string | undefined {
  const first = scalarText(getSeq(container, 'command')?.items[0]);
  return first?.split('/').pop();
}

function findApiServerContainer(containers: YAMLSeq): YAMLMap | undefined {
  const candidates = mapItems(containers);
  return (
    candidates.find((container) => getString(container, 'name') === 'kube-apiserver') ??
    candidates.find(
      (container) =>
        commandName(container) === 'kube-apiserver' ||
        /(^|\/)kube-apiserver(-[a-z0-9]+)?[:@]/.test(getString(container, 'image') ?? ''),
    )
  );
}

function flagListOf(container: YAMLMap, list: FlagList): YAMLSeq | undefined {
  const pair = findPair(container, list);
  if (!pair || pair.value === null || (isScalar(pair.value) && pair.value.value === null)) return undefined;
  if (!isSeq(pair.value)) {
    throw new ManifestRefusal(
      'unsupported-layout',
      `the kube-apiserver container's ${list} is not a list`,
      nodeStart(pair),
    );
  }
  return pair.value;
}

function chooseTarget(container: YAMLMap, flags: FlagOccurrence[]): { list: FlagList; seq: YAMLSeq } {
  const command = flagListOf(container, 'command');
  const args = flagListOf(container, 'args');
  const firstAudit = flags.find((flag) => flag.name.startsWith('audit-'));
  if (firstAudit) return { list: firstAudit.list, seq: firstAudit.seq };
  const count = (list: FlagList) => flags.filter((flag) => flag.list === list).length;
  if (args && (!command || count('args') > count('command'))) return { list: 'args', seq: args };
  if (command) return { list: 'command', seq: command };
  throw new ManifestRefusal(
    'not-apiserver-manifest',
    'the kube-apiserver container has no command or args list to hold the flags',
    nodeStart(container),
  );
}

export function loadApiServerPod(text: string): ApiServerPod {
  const source = new SourceText(text);
  refuseTemplates(source);
  const document = parseSingleDocument(source, 'static pod manifest');
  const pod = document.contents;
  if (!isMap(pod)) {
    throw new ManifestRefusal(
      'not-apiserver-manifest',
      'not a Kubernetes object: the document is not a mapping',
      pod?.range?.[0],
    );
  }
  const kindNode = getNode(pod, 'kind');
  const kind = scalarText(kindNode);
  if (kind === undefined)
    throw new ManifestRefusal('not-apiserver-manifest', 'not a Kubernetes object: no "kind" field', nodeStart(pod));
  if (kind !== 'Pod') {
    throw new ManifestRefusal(
      'not-apiserver-manifest',
      `this is a ${kind}, not a Pod: only the kube-apiserver static pod manifest can be edited`,
      nodeStart(kindNode!),
    );
  }
  const apiVersionNode = getNode(pod, 'apiVersion');
  if (scalarText(apiVersionNode) !== 'v1') {
    throw new ManifestRefusal(
      'not-apiserver-manifest',
      `a Pod must have apiVersion "v1", found ${JSON.stringify(scalarText(apiVersionNode) ?? null)}`,
      apiVersionNode ? nodeStart(apiVersionNode) : nodeStart(pod),
    );
  }
  const spec = getMap(pod, 'spec');
  if (!spec) throw new ManifestRefusal('not-apiserver-manifest', 'the Pod has no spec mapping', nodeStart(pod));
  const containers = getSeq(spec, 'containers');
  if (!containers)
    throw new ManifestRefusal('not-apiserver-manifest', 'the Pod spec has no containers list', nodeStart(spec));
  const container = findApiServerContainer(containers);
  if (!container) {
    throw new ManifestRefusal(
      'not-apiserver-manifest',
      'no kube-apiserver container: no container is named "kube-apiserver", runs "kube-apiserver" or uses a kube-apiserver image',
      nodeStart(containers),
    );
  }
  const command = flagListOf(container, 'command');
  const args = flagListOf(container, 'args');
  const flags = [...(command ? parseFlags(command, 'command') : []), ...(args ? parseFlags(args, 'args') : [])];
  const volumeUseCount = new Map<string, number>();
  for (const key of ['containers', 'initContainers']) {
    for (const each of mapItems(getSeq(spec, key))) {
      for (const mount of mapItems(getSeq(each, 'volumeMounts')).map(readMount)) {
        if (mount.name !== undefined) volumeUseCount.set(mount.name, (volumeUseCount.get(mount.name) ?? 0) + 1);
      }
    }
  }
  return {
    source,
    document,
    pod,
    metadata: getMap(pod, 'metadata'),
    spec,
    containers,
    container,
    flags,
    target: chooseTarget(container, flags),
    volumes: mapItems(getSeq(spec, 'volumes')).map(readVolume),
    mounts: mapItems(getSeq(container, 'volumeMounts')).map(readMount),
    volumeUseCount,
  };
}
