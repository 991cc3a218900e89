// Probe a control-plane node over SSH: OS, kubelet, crictl, distribution, sudo, the kube-apiserver manifest and
// the audit configuration it declares (policy content and hash, log size, rotation, free disk at the log folder).
import { createHash } from 'node:crypto';
import { readAuditConfig, type AuditConfig } from '../../../shared/manifest/read-audit-config.ts';
import { SshError } from '../ssh/errors.ts';
import type { SshSession } from '../ssh/session.ts';
import { DISTRIBUTION_MARKERS, DISTRIBUTION_NOTES, detectDistribution } from './distribution.ts';
import { gatherNodeFacts } from './node-facts.ts';
import { isRotatedBackupOf } from './rotated-logs.ts';

export const KUBEADM_DEFAULT_PATHS = {
  manifestPath: '/etc/kubernetes/manifests/kube-apiserver.yaml',
  policyPath: '/etc/kubernetes/audit-policy.yaml',
  logPath: '/var/log/kubernetes/audit/audit.log',
} as const;

export interface ProbeOptions {
  /** Override where the manifest is; defaults to kubeadm's. */
  manifestPath?: string;
  /** Override the policy file's host path (otherwise taken from the manifest through its hostPath mounts). */
  policyPath?: string;
  /** Override the audit log's host path (otherwise taken from the manifest). */
  logPath?: string;
  /** Read root-only files through sudo (the session's sudo mode). Ignored when logged in as root. */
  useSudo?: boolean;
  /** Treat this folder as the node's "/" (for test layouts and chroots); reported paths stay node paths. */
  fsRoot?: string;
}

import type { ProbeAudit, ProbeResult, SudoStatus } from '../../../shared/nodes/probe-result.ts';
export type { ProbeAudit, ProbeResult, SudoStatus } from '../../../shared/nodes/probe-result.ts';

export async function probeNode(
  session: SshSession,
  username: string,
  options: ProbeOptions = {},
): Promise<ProbeResult> {
  const root = (options.fsRoot ?? '').replace(/\/+$/, '');
  const onNode = (nodePath: string) => root + nodePath;
  const warnings: string[] = [];
  const markerPaths = Object.values(DISTRIBUTION_MARKERS).flat();
  const facts = await gatherNodeFacts(session, onNode('/etc/os-release'), markerPaths.map(onNode));
  const sudo = await sudoStatus(session, facts.uid);
  const canSudo = sudo === 'nopasswd' || sudo === 'password';
  const privileged = facts.uid !== 0 && options.useSudo === true && canSudo;
  if (facts.uid !== 0 && options.useSudo && !canSudo)
    warnings.push(`sudo is not usable (${sudo}); root-only files may be unreadable`);
  const fileOptions = { sudo: privileged };

  const manifestPath = options.manifestPath ?? KUBEADM_DEFAULT_PATHS.manifestPath;
  let manifestFound = false;
  let manifestError: string | null = null;
  let config: AuditConfig | undefined;
  try {
    const text = (await session.readFile(onNode(manifestPath), fileOptions)).toString('utf8');
    manifestFound = true;
    const parsed = readAuditConfig(text);
    if (parsed.ok) config = parsed.config;
    else
      manifestError = `${manifestPath}${parsed.line ? `:${parsed.line}:${parsed.column ?? 1}` : ''}: ${parsed.reason}`;
  } catch (error) {
    manifestError =
      error instanceof SshError && error.code === 'not-found'
        ? `${manifestPath} does not exist`
        : (error as Error).message;
  }

  const distribution = detectDistribution({
    markers: facts.existingMarkers.map((path) => path.slice(root.length)),
    processes: facts.processes,
    manifestFound,
  });
  const audit = await probeAudit(session, config, options, onNode, fileOptions, warnings);
  return {
    host: session.host,
    user: username,
    os: {
      id: facts.osRelease.ID ?? null,
      versionId: facts.osRelease.VERSION_ID ?? null,
      prettyName: facts.osRelease.PRETTY_NAME ?? null,
    },
    kubeletRunning: facts.processes.includes('kubelet'),
    runtime: { crictl: facts.crictl },
    distribution,
    distributionNote: DISTRIBUTION_NOTES[distribution],
    sudo,
    manifestPath,
    manifestFound,
    manifestError,
    audit,
    warnings,
  };
}

async function sudoStatus(session: SshSession, uid: number): Promise<SudoStatus> {
  if (uid === 0) return 'root';
  if (session.sudoMode === 'password') {
    try {
      await session.check(['true'], { sudo: true });
      return 'password';
    } catch (error) {
      if (error instanceof SshError && error.code === 'sudo-password-rejected') return 'password-rejected';
      if (error instanceof SshError && error.code === 'sudo-not-allowed') return 'not-allowed';
      throw error;
    }
  }
  const result = await session.exec(['sudo', '-n', 'true']);
  if (result.code === 0) return 'nopasswd';
  if (result.code === 127) return 'not-installed';
  if (/a password is required/i.test(result.stderr)) return 'password-required';
  return 'not-allowed';
}

type FileOptions = { sudo: boolean };

async function probeAudit(
  session: SshSession,
  config: AuditConfig | undefined,
  options: ProbeOptions,
  onNode: (path: string) => string,
  fileOptions: FileOptions,
  warnings: string[],
): Promise<ProbeAudit> {
  const enabled =
    config?.policyPath !== undefined && (config.logPath !== undefined || config.webhookConfigPath !== undefined);
  // Host paths: an explicit override, else the manifest's path seen through its hostPath mount, else kubeadm's.
  const policyPath =
    options.policyPath ??
    config?.policy?.hostPath ??
    config?.policyPath ??
    (config ? null : KUBEADM_DEFAULT_PATHS.policyPath);
  const logPath = options.logPath ?? hostLogPath(config) ?? (config ? null : KUBEADM_DEFAULT_PATHS.logPath);

  let policyContent: string | null = null;
  let policySha256: string | null = null;
  if (policyPath) {
    try {
      const bytes = await session.readFile(onNode(policyPath), fileOptions);
      policyContent = bytes.toString('utf8');
      policySha256 = createHash('sha256').update(bytes).digest('hex');
    } catch (error) {
      if (!(error instanceof SshError && error.code === 'not-found'))
        warnings.push(`policy ${policyPath}: ${(error as Error).message}`);
      else if (enabled)
        warnings.push(
          `the policy file ${policyPath} named by the manifest does not exist; kube-apiserver will not start`,
        );
    }
  }

  let logBytes: number | null = null;
  let rotatedFiles: number | null = null;
  let rotatedBytes: number | null = null;
  let freeBytes: number | null = null;
  if (logPath && logPath !== '-') {
    const logDir = logPath.slice(0, logPath.lastIndexOf('/')) || '/';
    try {
      logBytes = (await session.stat(onNode(logPath), fileOptions))?.size ?? null;
      const entries = await session.listDir(onNode(logDir), fileOptions).catch((error: unknown) => {
        if (error instanceof SshError && error.code === 'not-found') return [];
        throw error;
      });
      const backups = entries.filter((entry) => entry.type === 'file' && isRotatedBackupOf(logPath, entry.name));
      rotatedFiles = backups.length;
      rotatedBytes = backups.reduce((sum, entry) => sum + entry.size, 0);
    } catch (error) {
      warnings.push(`audit log ${logPath}: ${(error as Error).message}`);
    }
    freeBytes = await freeBytesAt(session, onNode(logDir)).catch((error: unknown) => {
      warnings.push(`free disk at ${logDir}: ${(error as Error).message}`);
      return null;
    });
  }
  const num = (value: number | undefined) => value ?? null;
  return {
    enabled,
    policyPath,
    policyFound: policyContent !== null,
    policySha256,
    policyContent,
    logPath,
    logBytes,
    maxage: num(config?.maxAge),
    maxbackup: num(config?.maxBackup),
    maxsize: num(config?.maxSize),
    compress: config?.compress ?? null,
    format: config?.format ?? null,
    mode: config?.logMode ?? null,
    webhookConfigPath: config?.webhookConfigPath ?? null,
    rotatedFiles,
    rotatedBytes,
    freeBytes,
    flags: (config?.flags ?? []).map((flag) => ({ name: flag.name, value: flag.value ?? null, line: flag.line })),
    problems: config?.problems ?? [],
  };
}

/** The log file's host path: the container path's folder mapped through its hostPath mount, plus the file name. */
function hostLogPath(config: AuditConfig | undefined): string | undefined {
  if (!config?.logPath) return undefined;
  if (config.logPath === '-') return '-';
  const name = config.logPath.slice(config.logPath.lastIndexOf('/') + 1);
  const hostDir = config.logDirectory?.hostPath;
  return hostDir ? `${hostDir.replace(/\/+$/, '')}/${name}` : config.logPath;
}

// $1 = folder; walks up to the nearest existing parent (the log folder may not exist yet) and prints df's line.
const DF_SCRIPT = `d=$1; while [ ! -e "$d" ]; do d=\${d%/*}; [ -n "$d" ] || d=/; done; df -Pk -- "$d" | tail -n 1`;

async function freeBytesAt(session: SshSession, dir: string): Promise<number> {
  const result = await session.check(['sh', '-c', DF_SCRIPT, 'df', dir]);
  const fields = result.stdout.toString('utf8').trim().split(/\s+/);
  const availableKb = Number(fields[3]);
  if (!Number.isFinite(availableKb)) throw new Error(`unexpected df output: ${result.stdout.toString('utf8').trim()}`);
  return availableKb * 1024;
}
