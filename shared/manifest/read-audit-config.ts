// Reads the audit configuration currently written in a kube-apiserver manifest, for node probing and for showing
// "before" values in the apply flow. Flags follow kube-apiserver semantics: the last occurrence wins.
import { readPolicyHash } from './annotation-edits.ts';
import { isAuditFlag, type FlagList } from './apiserver-flags.ts';
import { isWithin, trimTrailingSlash } from './audit-settings.ts';
import { mountPathForFlag } from './audit-targets.ts';
import { loadApiServerPod, type ApiServerPod } from './load-pod-manifest.ts';
import { toRefusal } from './parse-guards.ts';
import type { Refusal } from './result.ts';
import { SourceText } from './source-text.ts';
import { nodeStart } from './yaml-nodes.ts';

export interface AuditFlagEntry {
  name: string;
  value: string | undefined;
  list: FlagList;
  /** 1-based line of the flag item. */
  line: number;
}

export interface AuditMountEntry {
  mountPath: string;
  volumeName?: string;
  /** hostPath.path of the volume, when it is a hostPath volume. */
  hostPath?: string;
  hostPathType?: string;
  readOnly: boolean;
  line: number;
}

/** Where a container path really lives on the host, through the deepest mount containing it. */
export interface PathResolution {
  containerPath: string;
  /** undefined when no hostPath mount contains the path: the file is not visible to the apiserver. */
  hostPath?: string;
  mountPath?: string;
  readOnly?: boolean;
}

export interface AuditConfig {
  /** Every --audit-* flag occurrence, in order. */
  flags: AuditFlagEntry[];
  policyPath?: string;
  logPath?: string;
  webhookConfigPath?: string;
  maxAge?: number;
  maxBackup?: number;
  maxSize?: number;
  compress?: boolean;
  format?: string;
  logMode?: string;
  webhookMode?: string;
  /** The auditscope.io/policy-sha256 annotation. */
  policySha256?: string;
  /** The kube-apiserver container's volumeMounts that hold the audit files (exact or covering). */
  mounts: AuditMountEntry[];
  policy?: PathResolution;
  logDirectory?: PathResolution;
  webhookConfig?: PathResolution;
  /** Things that would stop the apiserver or lose events, in plain words. */
  problems: string[];
}

export type ReadAuditConfigResult = { ok: true; config: AuditConfig } | Refusal;

const PFLAG_BOOLEANS: Record<string, boolean> = {
  '1': true,
  t: true,
  T: true,
  TRUE: true,
  true: true,
  True: true,
  '0': false,
  f: false,
  F: false,
  FALSE: false,
  false: false,
  False: false,
};

function resolvePath(pod: ApiServerPod, containerPath: string): PathResolution {
  let best: (typeof pod.mounts)[number] | undefined;
  for (const mount of pod.mounts) {
    if (mount.mountPath === undefined || !isWithin(containerPath, mount.mountPath)) continue;
    if (!best || trimTrailingSlash(mount.mountPath).length > trimTrailingSlash(best.mountPath!).length) best = mount;
  }
  if (!best) return { containerPath };
  const volume = pod.volumes.find((each) => each.name === best.name);
  if (volume?.hostPath === undefined) return { containerPath, mountPath: best.mountPath, readOnly: best.readOnly };
  const rest = trimTrailingSlash(containerPath).slice(trimTrailingSlash(best.mountPath!).length);
  return {
    containerPath,
    hostPath: trimTrailingSlash(volume.hostPath) + rest,
    mountPath: best.mountPath,
    readOnly: best.readOnly,
  };
}

export function readAuditConfigFromPod(pod: ApiServerPod): AuditConfig {
  const line = (offset: number) => pod.source.position(offset).line;
  const flags = pod.flags
    .filter((flag) => isAuditFlag(flag.name))
    .map((flag) => ({ name: flag.name, value: flag.value, list: flag.list, line: line(nodeStart(flag.flagItem)) }));
  const problems: string[] = [];
  const last = (name: string) => flags.filter((flag) => flag.name === name).pop();
  for (const name of new Set(flags.map((flag) => flag.name))) {
    const count = flags.filter((flag) => flag.name === name).length;
    if (count > 1) problems.push(`--${name} appears ${count} times; the last one (line ${last(name)!.line}) wins`);
  }
  const count = (name: string): number | undefined => {
    const value = last(name)?.value;
    if (value === undefined) return undefined;
    if (!/^\d+$/.test(value)) {
      problems.push(`--${name}=${value} is not a non-negative integer; kube-apiserver will refuse to start`);
      return undefined;
    }
    return Number(value);
  };
  const compressFlag = last('audit-log-compress');
  const config: AuditConfig = {
    flags,
    policyPath: last('audit-policy-file')?.value,
    logPath: last('audit-log-path')?.value,
    webhookConfigPath: last('audit-webhook-config-file')?.value,
    maxAge: count('audit-log-maxage'),
    maxBackup: count('audit-log-maxbackup'),
    maxSize: count('audit-log-maxsize'),
    compress: compressFlag ? (compressFlag.value === undefined ? true : PFLAG_BOOLEANS[compressFlag.value]) : undefined,
    format: last('audit-log-format')?.value,
    logMode: last('audit-log-mode')?.value,
    webhookMode: last('audit-webhook-mode')?.value,
    policySha256: readPolicyHash(pod),
    mounts: [],
    problems,
  };
  const resolved = new Set<string>();
  const check = (what: string, path: string | undefined, needWritable: boolean): PathResolution | undefined => {
    if (path === undefined) return undefined;
    const resolution = resolvePath(pod, path);
    if (resolution.mountPath !== undefined) resolved.add(resolution.mountPath);
    if (resolution.hostPath === undefined) {
      problems.push(`${what} ${path} is not inside any hostPath volumeMount of the kube-apiserver container`);
    } else if (needWritable && resolution.readOnly) {
      problems.push(`${what} ${path} is on a read-only mount (${resolution.mountPath})`);
    }
    return resolution;
  };
  config.policy = check('the audit policy file', config.policyPath, false);
  if (config.logPath !== undefined && config.logPath !== '-') {
    config.logDirectory = check('the audit log directory', mountPathForFlag('audit-log-path', config.logPath), true);
  }
  config.webhookConfig = check('the audit webhook config', config.webhookConfigPath, false);
  if (config.policyPath === undefined && (config.logPath !== undefined || config.webhookConfigPath !== undefined)) {
    problems.push('an audit backend is configured but --audit-policy-file is not set, so nothing is audited');
  }
  for (const mount of pod.mounts) {
    if (mount.mountPath === undefined || !resolved.has(mount.mountPath)) continue;
    const volume = pod.volumes.find((each) => each.name === mount.name);
    config.mounts.push({
      mountPath: mount.mountPath,
      volumeName: mount.name,
      hostPath: volume?.hostPath,
      hostPathType: volume?.hostPathType,
      readOnly: mount.readOnly,
      line: line(nodeStart(mount.node)),
    });
  }
  return config;
}

export function readAuditConfig(text: string): ReadAuditConfigResult {
  try {
    return { ok: true, config: readAuditConfigFromPod(loadApiServerPod(text)) };
  } catch (error) {
    return toRefusal(new SourceText(text), error);
  }
}
