// The same audit settings persisted in a kubeadm ClusterConfiguration (apiServer.extraArgs and extraVolumes), so
// that `kubeadm upgrade` regenerates the manifest with them. Formatting is preserved the same way as for manifests.
import { isMap, isScalar, isSeq, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import {
  describeProblems,
  isWithin,
  trimTrailingSlash,
  validateAuditSettings,
  type AuditSettings,
  type ValidationOptions,
} from './audit-settings.ts';
import {
  desiredAuditFlags,
  desiredAuditMounts,
  mountPathForFlag,
  ROLE_FLAGS,
  type DesiredMount,
} from './audit-targets.ts';
import { column, itemPrefix, spaces } from './block-layout.ts';
import {
  appendToMap,
  appendToSeq,
  emptyPairValue,
  fillEmptyValue,
  isEmptyValue,
  removeItems,
  removePair,
  replaceNode,
} from './block-edits.ts';
import { EditPlan } from './edit-plan.ts';
import { loadClusterConfiguration, type KubeadmClusterConfig } from './kubeadm-document.ts';
import { toRefusal } from './parse-guards.ts';
import { ManifestRefusal, type EditResult } from './result.ts';
import { renderScalar, styleOf } from './scalar-render.ts';
import { SourceText } from './source-text.ts';
import {
  findPair,
  getNode,
  getString,
  keyName,
  mapItems,
  nodeStart,
  requireBlock,
  scalarText,
  type AnyPair,
} from './yaml-nodes.ts';

/** Volume names kubeadm uses for the apiserver; an extraVolume with one of them would replace it. */
const KUBEADM_BUILTIN_VOLUMES = [
  'ca-certs',
  'etc-ca-certificates',
  'etc-pki',
  'k8s-certs',
  'usr-local-share-ca-certificates',
  'usr-share-ca-certificates',
  'flexvolume-dir',
];

interface ExtraArg {
  name: string;
  value: string | undefined;
  /** The list item ({name, value}) or the map pair. */
  node: YAMLMap | AnyPair;
  valueNode?: Node;
}

interface ExtraVolume {
  node: YAMLMap;
  name?: string;
  hostPath?: string;
  mountPath?: string;
  readOnly: boolean;
}

interface Section {
  config: KubeadmClusterConfig;
  plan: EditPlan;
  apiServer?: YAMLMap;
  args: ExtraArg[];
  volumes: ExtraVolume[];
}

function readSection(config: KubeadmClusterConfig, plan: EditPlan): Section {
  const apiServer = config.apiServerPair?.value;
  if (config.apiServerPair && !isEmptyValue(config.apiServerPair) && !isMap(apiServer)) {
    throw new ManifestRefusal('unsupported-layout', 'apiServer is not a mapping', nodeStart(config.apiServerPair));
  }
  const section: Section = { config, plan, apiServer: isMap(apiServer) ? apiServer : undefined, args: [], volumes: [] };
  const extraArgs = section.apiServer && getNode(section.apiServer, 'extraArgs');
  if (isSeq(extraArgs)) {
    for (const item of mapItems(extraArgs)) {
      const name = getString(item, 'name');
      if (name !== undefined)
        section.args.push({ name, value: getString(item, 'value'), node: item, valueNode: getNode(item, 'value') });
    }
  } else if (isMap(extraArgs)) {
    for (const pair of extraArgs.items as AnyPair[]) {
      const name = keyName(pair);
      if (name !== undefined)
        section.args.push({
          name,
          value: scalarText(pair.value),
          node: pair,
          valueNode: (pair.value as Node) ?? undefined,
        });
    }
  }
  const extraVolumes = section.apiServer && getNode(section.apiServer, 'extraVolumes');
  if (isSeq(extraVolumes)) {
    for (const node of mapItems(extraVolumes)) {
      const readOnly = getNode(node, 'readOnly');
      section.volumes.push({
        node,
        name: getString(node, 'name'),
        hostPath: getString(node, 'hostPath'),
        mountPath: getString(node, 'mountPath'),
        readOnly: isScalar(readOnly) && readOnly.value === true,
      });
    }
  }
  return section;
}

/** Lines of one new list item in the list's style: block (`- name: x` / `  value: y`) or flow (`- {name: x, value: y}`). */
function itemLines(fields: [string, string][], flow: boolean): string[] {
  const render = (key: string, value: string) => (key === 'readOnly' ? value : renderScalar(value, 'PLAIN', flow));
  if (flow) return [`{${fields.map(([key, value]) => `${key}: ${render(key, value)}`).join(', ')}}`];
  return fields.map(([key, value]) => `${key}: ${render(key, value)}`);
}

type Additions = Partial<Record<'extraArgs' | 'extraVolumes', [string, string][][]>>;

/** Lines of a new `key:` block (key line included) for items, with the key at `keyColumn`. */
function newKeyLines(section: Section, key: keyof Additions, items: [string, string][][], keyColumn: number): string[] {
  const { step, seqIndent } = section.config.layout;
  if (key === 'extraArgs' && section.config.argsForm === 'map') {
    return [
      `${spaces(keyColumn)}${key}:`,
      ...items.map(([[name, value]]) => `${spaces(keyColumn + step)}${renderScalar(name!)}: ${renderScalar(value!)}`),
    ];
  }
  const prefix = spaces(keyColumn + seqIndent) + '- ';
  return [
    `${spaces(keyColumn)}${key}:`,
    ...items.flatMap((fields) =>
      itemLines(fields, false).map((line, index) => (index === 0 ? prefix : spaces(prefix.length)) + line),
    ),
  ];
}

/** Appends items to existing non-empty apiServer.<key>; returns false when the key must be created. */
function appendToExisting(section: Section, key: keyof Additions, items: [string, string][][]): boolean {
  const { config, plan } = section;
  const source = config.source;
  const existing = section.apiServer && getNode(section.apiServer, key);
  if (key === 'extraArgs' && config.argsForm === 'map' && isMap(existing) && existing.items.length > 0) {
    requireBlock(existing, `apiServer.${key}`);
    const keyColumn = column(source, nodeStart(existing.items[0] as AnyPair));
    plan.add(
      appendToMap(
        source,
        existing,
        `apiServer.${key}`,
        items.map(([[name, value]]) => `${spaces(keyColumn)}${renderScalar(name!)}: ${renderScalar(value!)}`),
      ),
    );
    return true;
  }
  if (isSeq(existing) && existing.items.length > 0) {
    const prefix = itemPrefix(source, existing);
    if (prefix === undefined)
      throw new ManifestRefusal(
        'unsupported-layout',
        `apiServer.${key} is laid out in a way that cannot be extended`,
        nodeStart(existing),
      );
    const flow = (existing.items as Node[]).every((item) => isMap(item) && item.flow);
    const lines = items.flatMap((fields) =>
      itemLines(fields, flow).map((line, index) => (index === 0 ? prefix : spaces(prefix.length)) + line),
    );
    plan.add(appendToSeq(source, existing as YAMLSeq, `apiServer.${key}`, lines));
    return true;
  }
  const pair = section.apiServer && findPair(section.apiServer, key);
  if (pair && !isEmptyValue(pair))
    throw new ManifestRefusal('unsupported-layout', `apiServer.${key} has an unexpected shape`, nodeStart(pair));
  return false;
}

/** Adds extraArgs/extraVolumes items, creating the keys and apiServer itself once, as needed. */
function addToApiServer(section: Section, additions: Additions): void {
  const { config, plan } = section;
  const source = config.source;
  const created: (keyof Additions)[] = [];
  for (const key of ['extraArgs', 'extraVolumes'] as const) {
    const items = additions[key];
    if (items && items.length > 0 && !appendToExisting(section, key, items)) created.push(key);
  }
  if (created.length === 0) return;
  const apiServer = section.apiServer;
  if (apiServer && apiServer.items.length > 0) {
    requireBlock(apiServer, 'apiServer');
    const keyColumn = column(source, nodeStart(apiServer.items[0] as AnyPair));
    for (const key of created) {
      const pair = findPair(apiServer, key);
      const lines = newKeyLines(section, key, additions[key]!, keyColumn);
      if (pair) plan.add(fillEmptyValue(source, pair, lines.slice(1)));
      else plan.add(appendToMap(source, apiServer, 'apiServer', lines));
    }
    return;
  }
  const rootColumn = column(source, nodeStart(config.root.items[0] as AnyPair));
  const lines = created.flatMap((key) => newKeyLines(section, key, additions[key]!, rootColumn + config.layout.step));
  if (config.apiServerPair) plan.add(fillEmptyValue(source, config.apiServerPair, lines));
  else {
    requireBlock(config.root, 'the ClusterConfiguration');
    plan.add(
      appendToMap(source, config.root, 'the ClusterConfiguration', [`${spaces(rootColumn)}apiServer:`, ...lines]),
    );
  }
}

function removeArg(section: Section, arg: ExtraArg, why: string): void {
  const { plan, config } = section;
  const note = `removed extraArgs ${arg.name}=${arg.value ?? ''}${why}`;
  if (isMap(arg.node)) plan.add(removeItems(config.source, arg.node), note);
  else plan.add(removePair(config.source, arg.node, '{}'), note);
}

function planArgs(section: Section, settings: AuditSettings): Additions {
  const pending: [string, string][] = [];
  for (const flag of desiredAuditFlags(settings)) {
    const found = section.args.filter((arg) => arg.name === flag.name);
    if (flag.value === null) {
      for (const arg of found) removeArg(section, arg, '');
      continue;
    }
    const [kept, ...duplicates] = found;
    if (!kept) pending.push([flag.name, flag.value]);
    else if (kept.value !== flag.value) {
      const valueNode = kept.valueNode;
      if (!valueNode?.range)
        throw new ManifestRefusal(
          'unsupported-layout',
          `extraArgs ${flag.name} has no value to replace`,
          nodeStart(kept.node),
        );
      // An empty value (`key:`) has a zero-width range right after the colon: keep a space after the colon.
      const gap = valueNode.range[0] === valueNode.range[1] ? ' ' : '';
      const flow = isMap(kept.node) && kept.node.flow === true;
      section.plan.add(
        replaceNode(valueNode, gap + renderScalar(flag.value, styleOf(valueNode), flow)),
        `changed extraArgs ${flag.name} from ${kept.value ?? '(empty)'} to ${flag.value}`,
      );
    }
    for (const duplicate of duplicates) removeArg(section, duplicate, ' (duplicate)');
  }
  const mapEntries = section.config.argsForm === 'map';
  for (const [name, value] of pending) section.plan.changes.push(`added extraArgs ${name}=${value}`);
  return {
    extraArgs: pending.map(([name, value]): [string, string][] =>
      mapEntries
        ? [[name, value]]
        : [
            ['name', name],
            ['value', value],
          ],
    ),
  };
}

function setField(section: Section, volume: ExtraVolume, key: string, value: string): void {
  const node = getNode(volume.node, key);
  if (!isScalar(node))
    throw new ManifestRefusal(
      'unsupported-layout',
      `extraVolumes ${volume.name ?? ''} has no ${key} to update`,
      nodeStart(volume.node),
    );
  const text = key === 'readOnly' ? value : renderScalar(value, styleOf(node), volume.node.flow === true);
  section.plan.add(replaceNode(node, text), `set extraVolumes ${volume.name} ${key} to ${value}`);
}

function planVolumes(section: Section, settings: AuditSettings): Additions {
  const taken = new Set([...KUBEADM_BUILTIN_VOLUMES, ...section.volumes.map((volume) => volume.name ?? '')]);
  const claimed = new Set<ExtraVolume>();
  const pending: [string, string][][] = [];
  const norm = (path: string | undefined) => (path === undefined ? undefined : trimTrailingSlash(path));
  for (const target of desiredAuditMounts(settings)) {
    const exact = section.volumes.find((volume) => norm(volume.mountPath) === target.path);
    if (exact) {
      claimed.add(exact);
      if (norm(exact.hostPath) !== target.path) setField(section, exact, 'hostPath', target.path);
      if (target.role === 'log' && exact.readOnly) setField(section, exact, 'readOnly', 'false');
      continue;
    }
    const covering = section.volumes
      .filter((volume) => volume.mountPath !== undefined && isWithin(target.path, volume.mountPath))
      .sort((a, b) => norm(b.mountPath)!.length - norm(a.mountPath)!.length)[0];
    if (
      covering &&
      norm(covering.hostPath) === norm(covering.mountPath) &&
      (target.role !== 'log' || !covering.readOnly)
    )
      continue;
    const previousValue = section.args.filter((arg) => arg.name === target.flag).pop()?.value;
    const previousPath = previousValue === undefined ? undefined : mountPathForFlag(target.flag, previousValue);
    const previous = section.volumes.find(
      (volume) =>
        !claimed.has(volume) && norm(volume.mountPath) === previousPath && norm(volume.hostPath) === previousPath,
    );
    if (previous && previousPath !== undefined) {
      claimed.add(previous);
      setField(section, previous, 'mountPath', target.path);
      setField(section, previous, 'hostPath', target.path);
      continue;
    }
    let name = target.name;
    for (let suffix = 2; taken.has(name); suffix++) name = `${target.name}-${suffix}`;
    taken.add(name);
    pending.push(volumeFields(name, target));
    section.plan.changes.push(
      `added extraVolumes ${name} (${target.path}, ${target.readOnly ? 'read-only, ' : ''}pathType ${target.type})`,
    );
  }
  return { extraVolumes: pending };
}

function volumeFields(name: string, target: DesiredMount): [string, string][] {
  return [
    ['name', name],
    ['hostPath', target.path],
    ['mountPath', target.path],
    ['readOnly', String(target.readOnly)],
    ['pathType', target.type],
  ];
}

function run(text: string, edit: (section: Section) => void): EditResult {
  const source = new SourceText(text);
  try {
    const config = loadClusterConfiguration(source);
    const plan = new EditPlan(source);
    edit(readSection(config, plan));
    return plan.result();
  } catch (error) {
    return toRefusal(source, error);
  }
}

/**
 * Writes the audit settings into a kubeadm ClusterConfiguration (v1beta2/3: extraArgs map; v1beta4: {name, value}
 * list) plus extraVolumes. The policy-hash annotation has no place there and is ignored.
 */
export function applyKubeadmAudit(text: string, settings: AuditSettings, options: ValidationOptions = {}): EditResult {
  const problems = validateAuditSettings(settings, options);
  if (problems.length > 0) return { ok: false, code: 'invalid-settings', reason: describeProblems(problems) };
  return run(text, (section) => {
    addToApiServer(section, { ...planArgs(section, settings), ...planVolumes(section, settings) });
  });
}

/** Removes every audit-* extraArg and the extraVolumes at the paths they named; empty keys go too. */
export function removeKubeadmAudit(text: string): EditResult {
  return run(text, (section) => {
    const { plan, config } = section;
    const auditArgs = section.args.filter((arg) => arg.name.startsWith('audit-'));
    const paths = new Set<string>();
    for (const role of Object.keys(ROLE_FLAGS) as (keyof typeof ROLE_FLAGS)[]) {
      for (const arg of auditArgs.filter((each) => each.name === ROLE_FLAGS[role] && each.value !== undefined)) {
        const path = mountPathForFlag(arg.name, arg.value!);
        if (path !== undefined) paths.add(path);
        if (role === 'log' && arg.value!.startsWith('/')) paths.add(trimTrailingSlash(arg.value!));
      }
    }
    const otherArgPaths = section.args.filter((arg) => !arg.name.startsWith('audit-') && arg.value?.startsWith('/'));
    const volumes = section.volumes.filter(
      (volume) =>
        volume.mountPath !== undefined &&
        paths.has(trimTrailingSlash(volume.mountPath)) &&
        !otherArgPaths.some((arg) => isWithin(arg.value!, volume.mountPath!)),
    );
    const apiServer = section.apiServer;
    if (!apiServer) return;
    const emptied = (key: string, removed: number) => {
      const value = getNode(apiServer, key);
      return (isSeq(value) || isMap(value)) && value.items.length > 0 && value.items.length === removed;
    };
    const argsEmptied = emptied('extraArgs', auditArgs.length);
    const volumesEmptied = emptied('extraVolumes', volumes.length);
    const remainingKeys = (apiServer.items as AnyPair[]).filter(
      (pair) =>
        !(keyName(pair) === 'extraArgs' && argsEmptied) && !(keyName(pair) === 'extraVolumes' && volumesEmptied),
    );
    if (remainingKeys.length === 0 && config.apiServerPair && (argsEmptied || volumesEmptied)) {
      // kubeadm itself writes an empty section as `apiServer: {}`.
      plan.add(
        emptyPairValue(config.source, config.apiServerPair, '{}'),
        'emptied apiServer (it held only audit settings)',
      );
      return;
    }
    if (argsEmptied)
      plan.add(
        removePair(config.source, findPair(apiServer, 'extraArgs')!, '[]'),
        'removed apiServer.extraArgs (audit flags only)',
      );
    else for (const arg of auditArgs) removeArg(section, arg, '');
    if (volumesEmptied)
      plan.add(
        removePair(config.source, findPair(apiServer, 'extraVolumes')!, '[]'),
        'removed apiServer.extraVolumes (audit volumes only)',
      );
    else
      for (const volume of volumes)
        plan.add(removeItems(config.source, volume.node), `removed extraVolumes ${volume.name ?? volume.mountPath}`);
  });
}
