// `auditscope manifest ...`: enable or disable audit logging in a kube-apiserver static pod manifest (or a kubeadm
// ClusterConfiguration) and print the result; the input file is never modified.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parseCommandLine, runDomain, usageError, type Command, type Domain, type OptionsConfig } from './command.ts';
import { CliError, printJsonLine, readTextFile } from './io.ts';
import {
  AUDIT_LOG_FORMATS,
  AUDIT_MODES,
  describeProblems,
  validateAuditSettings,
  type AuditLogFormat,
  type AuditMode,
  type AuditSettings,
} from '../../shared/manifest/audit-settings.ts';
import { disableAudit } from '../../shared/manifest/disable-audit.ts';
import { unifiedDiff } from '../../shared/manifest/diff.ts';
import { enableAudit } from '../../shared/manifest/enable-audit.ts';
import { applyKubeadmAudit, removeKubeadmAudit } from '../../shared/manifest/kubeadm-config.ts';
import { readAuditConfig } from '../../shared/manifest/read-audit-config.ts';
import type { EditResult, Refusal } from '../../shared/manifest/result.ts';

const NOTES = `--kubeadm: MANIFEST is a kubeadm ClusterConfiguration (e.g. the kubeadm-config ConfigMap's
data.ClusterConfiguration); the settings go to apiServer.extraArgs and apiServer.extraVolumes.
--diff: print a unified diff instead of the edited text.
The input file is never written. Exit 0 done, 1 the input was refused (reason and position on stderr), 2 usage or
I/O error.`;

const enableCommand: Command = {
  name: 'enable-audit',
  summary: 'Print MANIFEST with the audit flags, hostPath volumes and mounts set.',
  usage: `usage: auditscope manifest enable-audit MANIFEST --policy-path PATH (--log-path PATH | --webhook-config PATH)
         [--maxage N] [--maxbackup N] [--maxsize N] [--compress | --no-compress] [--format json|legacy]
         [--mode batch|blocking|blocking-strict] [--policy FILE] [--kubeadm] [--diff]

Prints MANIFEST with the --audit-* flags, the hostPath volumes and the mounts set (options left out keep what the
manifest has).
  --policy-path PATH     the policy file on the node (--audit-policy-file)
  --log-path PATH        the log file on the node (--audit-log-path); - for the apiserver's stdout
  --webhook-config PATH  a kubeconfig for the audit webhook backend (--audit-webhook-config-file)
  --maxage N, --maxbackup N, --maxsize N  rotation: days, files, MiB
  --compress, --no-compress  gzip rotated files, or not
  --format json|legacy   the log format;  --mode batch|blocking|blocking-strict  the log backend's mode
  --policy FILE          write the auditscope.io/policy-sha256 annotation from FILE's content, so that a
                         policy-only change restarts the apiserver
${NOTES}`,
  run: enableAuditCommand,
};

const disableCommand: Command = {
  name: 'disable-audit',
  summary: 'Print MANIFEST without any audit flag, audit volume or mount, or the policy-hash annotation.',
  usage: `usage: auditscope manifest disable-audit MANIFEST [--kubeadm] [--diff]

Prints MANIFEST without any --audit-* flag, audit volume or mount, or the auditscope.io/policy-sha256 annotation.
${NOTES}`,
  run: disableAuditCommand,
};

const showCommand: Command = {
  name: 'show-audit',
  summary: 'Print the audit configuration MANIFEST holds, and problems with it.',
  usage: `usage: auditscope manifest show-audit MANIFEST [--json]

Prints the audit flags, mounts and policy-hash annotation MANIFEST holds (with line numbers), and problems with
them. --json prints one object {"flags","mounts","policySha256","problems",…}.
Exit 0 done, 1 the input was refused (reason and position on stderr), 2 usage or I/O error.`,
  run: showAuditCommand,
};

const MANIFEST: Domain = { name: 'manifest', commands: [enableCommand, disableCommand, showCommand] };

export function run(argv: string[]): Promise<number> {
  return runDomain(MANIFEST, argv);
}

function parseOptions<const O extends OptionsConfig>(command: Command, argv: string[], options: O) {
  const parsed = parseCommandLine(command, argv, options, { min: 1, max: 1, what: 'MANIFEST file' }, true);
  return { file: parsed.positionals[0]!, values: parsed.values as Record<string, string | boolean | undefined> };
}

function count(
  command: Command,
  values: Record<string, string | boolean | undefined>,
  name: string,
): number | undefined {
  const value = values[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw usageError(command, `--${name} must be a non-negative integer, got "${String(value)}"`);
  }
  return Number(value);
}

function oneOf<T extends string>(
  command: Command,
  values: Record<string, string | boolean | undefined>,
  name: string,
  allowed: readonly T[],
): T | undefined {
  const value = values[name];
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T))
    throw usageError(command, `--${name} must be one of ${allowed.join(', ')}, got "${String(value)}"`);
  return value as T;
}

async function policyHash(path: string): Promise<string> {
  try {
    return createHash('sha256')
      .update(await readFile(path))
      .digest('hex');
  } catch (error) {
    throw new CliError(`cannot read the policy file ${path}: ${(error as Error).message}`, 2);
  }
}

function refusalMessage(file: string, refusal: Refusal): string {
  const where = refusal.line === undefined ? file : `${file}:${refusal.line}:${refusal.column ?? 1}`;
  return `${where}: refused: ${refusal.reason}`;
}

/** Prints the edited text (or a diff); a refusal goes to stderr only, with exit code 1. */
function finish(file: string, original: string, result: EditResult, diff: boolean): number {
  if (!result.ok) {
    process.stderr.write(`auditscope: ${refusalMessage(file, result)}\n`);
    return 1;
  }
  process.stdout.write(
    diff ? unifiedDiff(original, result.text, { oldLabel: file, newLabel: `${file} (edited)` }) : result.text,
  );
  return 0;
}

async function enableAuditCommand(argv: string[]): Promise<number> {
  const { file, values } = parseOptions(enableCommand, argv, {
    'policy-path': { type: 'string' },
    'log-path': { type: 'string' },
    'webhook-config': { type: 'string' },
    maxage: { type: 'string' },
    maxbackup: { type: 'string' },
    maxsize: { type: 'string' },
    compress: { type: 'boolean' },
    format: { type: 'string' },
    mode: { type: 'string' },
    policy: { type: 'string' },
    kubeadm: { type: 'boolean' },
    diff: { type: 'boolean' },
  });
  if (typeof values['policy-path'] !== 'string') throw usageError(enableCommand, '--policy-path is required');
  const settings: AuditSettings = { policyPath: values['policy-path'] };
  if (typeof values['log-path'] === 'string') settings.logPath = values['log-path'];
  if (typeof values['webhook-config'] === 'string') settings.webhookConfigPath = values['webhook-config'];
  settings.maxAge = count(enableCommand, values, 'maxage');
  settings.maxBackup = count(enableCommand, values, 'maxbackup');
  settings.maxSize = count(enableCommand, values, 'maxsize');
  if (typeof values.compress === 'boolean') settings.compress = values.compress;
  settings.format = oneOf<AuditLogFormat>(enableCommand, values, 'format', AUDIT_LOG_FORMATS);
  settings.mode = oneOf<AuditMode>(enableCommand, values, 'mode', AUDIT_MODES);
  for (const key of Object.keys(settings) as (keyof AuditSettings)[])
    if (settings[key] === undefined) delete settings[key];
  const problems = validateAuditSettings(settings);
  if (problems.length > 0) throw usageError(enableCommand, describeProblems(problems));
  if (typeof values.policy === 'string') settings.policySha256 = await policyHash(values.policy);
  const text = await readTextFile(file);
  const result = values.kubeadm ? applyKubeadmAudit(text, settings) : enableAudit(text, settings);
  return finish(file, text, result, values.diff === true);
}

async function disableAuditCommand(argv: string[]): Promise<number> {
  const { file, values } = parseOptions(disableCommand, argv, {
    kubeadm: { type: 'boolean' },
    diff: { type: 'boolean' },
  });
  const text = await readTextFile(file);
  return finish(file, text, values.kubeadm ? removeKubeadmAudit(text) : disableAudit(text), values.diff === true);
}

async function showAuditCommand(argv: string[]): Promise<number> {
  const { file, values } = parseOptions(showCommand, argv, { json: { type: 'boolean' } });
  const result = readAuditConfig(await readTextFile(file));
  if (!result.ok) {
    process.stderr.write(`auditscope: ${refusalMessage(file, result)}\n`);
    return 1;
  }
  const config = result.config;
  if (values.json) {
    printJsonLine(config);
    return 0;
  }
  const lines: string[] = [];
  if (config.flags.length === 0) lines.push('audit: off (no --audit-* flags)');
  for (const flag of config.flags)
    lines.push(
      `${file}:${flag.line}: --${flag.name}${flag.value === undefined ? '' : `=${flag.value}`} (${flag.list})`,
    );
  for (const mount of config.mounts) {
    lines.push(
      `${file}:${mount.line}: mount ${mount.mountPath} <- ${mount.hostPath ?? '(not a hostPath volume)'}` +
        `${mount.hostPathType ? ` type ${mount.hostPathType}` : ''}${mount.readOnly ? ' read-only' : ''} (volume ${mount.volumeName ?? '?'})`,
    );
  }
  if (config.policySha256) lines.push(`policy sha256 annotation: ${config.policySha256}`);
  for (const problem of config.problems) lines.push(`problem: ${problem}`);
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}
