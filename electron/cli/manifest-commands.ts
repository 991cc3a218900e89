// `auditscope manifest ...`: enable or disable audit logging in a kube-apiserver static pod manifest (or a kubeadm
// ClusterConfiguration) and print the result; the input file is never modified.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parseArgs, type ParseArgsConfig } from 'node:util';
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

const USAGE = `usage: auditscope manifest <command> ...

commands:
  enable-audit MANIFEST --policy-path PATH (--log-path PATH | --webhook-config PATH) [--maxage N] [--maxbackup N]
               [--maxsize N] [--compress | --no-compress] [--format json|legacy] [--mode batch|blocking|blocking-strict]
               [--policy FILE] [--kubeadm] [--diff]
      Print MANIFEST with the audit flags, hostPath volumes and mounts set. With --policy, the
      auditscope.io/policy-sha256 annotation is written from FILE's content (a policy-only change then restarts
      the apiserver). Options left out keep what the manifest has.
  disable-audit MANIFEST [--kubeadm] [--diff]
      Print MANIFEST without any --audit-* flag, audit volume or mount, or the policy-hash annotation.
  show-audit MANIFEST [--json]
      Print the audit configuration the manifest holds, and problems with it.

--kubeadm: MANIFEST is a kubeadm ClusterConfiguration (e.g. the kubeadm-config ConfigMap's data.ClusterConfiguration);
the settings go to apiServer.extraArgs and apiServer.extraVolumes.
--diff: print a unified diff instead of the edited text.
The input file is never written. Exit 0 done, 1 the input was refused (reason on stderr), 2 usage or I/O error.`;

export async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'enable-audit':
      return enableCommand(rest);
    case 'disable-audit':
      return disableCommand(rest);
    case 'show-audit':
      return showCommand(rest);
    case '--help':
    case '-h':
      process.stdout.write(USAGE + '\n');
      return 0;
    default:
      throw new CliError(command ? `unknown manifest command "${command}"\n${USAGE}` : USAGE, 2);
  }
}

function parseOptions(argv: string[], options: ParseArgsConfig['options']) {
  try {
    const parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true, allowNegative: true });
    if (parsed.positionals.length !== 1) {
      throw new CliError(`expected exactly one MANIFEST file, got ${parsed.positionals.length}\n${USAGE}`, 2);
    }
    return { file: parsed.positionals[0]!, values: parsed.values as Record<string, string | boolean | undefined> };
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`${(error as Error).message}\n${USAGE}`, 2);
  }
}

function count(values: Record<string, string | boolean | undefined>, name: string): number | undefined {
  const value = values[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new CliError(`--${name} must be a non-negative integer, got "${String(value)}"`, 2);
  }
  return Number(value);
}

function oneOf<T extends string>(
  values: Record<string, string | boolean | undefined>,
  name: string,
  allowed: readonly T[],
): T | undefined {
  const value = values[name];
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T))
    throw new CliError(`--${name} must be one of ${allowed.join(', ')}, got "${String(value)}"`, 2);
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

async function enableCommand(argv: string[]): Promise<number> {
  const { file, values } = parseOptions(argv, {
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
  if (typeof values['policy-path'] !== 'string') throw new CliError(`--policy-path is required\n${USAGE}`, 2);
  const settings: AuditSettings = { policyPath: values['policy-path'] };
  if (typeof values['log-path'] === 'string') settings.logPath = values['log-path'];
  if (typeof values['webhook-config'] === 'string') settings.webhookConfigPath = values['webhook-config'];
  settings.maxAge = count(values, 'maxage');
  settings.maxBackup = count(values, 'maxbackup');
  settings.maxSize = count(values, 'maxsize');
  if (typeof values.compress === 'boolean') settings.compress = values.compress;
  settings.format = oneOf<AuditLogFormat>(values, 'format', AUDIT_LOG_FORMATS);
  settings.mode = oneOf<AuditMode>(values, 'mode', AUDIT_MODES);
  for (const key of Object.keys(settings) as (keyof AuditSettings)[])
    if (settings[key] === undefined) delete settings[key];
  const problems = validateAuditSettings(settings);
  if (problems.length > 0) throw new CliError(describeProblems(problems), 2);
  if (typeof values.policy === 'string') settings.policySha256 = await policyHash(values.policy);
  const text = await readTextFile(file);
  const result = values.kubeadm ? applyKubeadmAudit(text, settings) : enableAudit(text, settings);
  return finish(file, text, result, values.diff === true);
}

async function disableCommand(argv: string[]): Promise<number> {
  const { file, values } = parseOptions(argv, { kubeadm: { type: 'boolean' }, diff: { type: 'boolean' } });
  const text = await readTextFile(file);
  return finish(file, text, values.kubeadm ? removeKubeadmAudit(text) : disableAudit(text), values.diff === true);
}

async function showCommand(argv: string[]): Promise<number> {
  const { file, values } = parseOptions(argv, { json: { type: 'boolean' } });
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
