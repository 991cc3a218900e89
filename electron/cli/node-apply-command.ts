// `auditscope node apply` / `auditscope node revert`: plan (preflight + diffs) and, only with --yes, run the
// transactional rollout on one node over SSH. Every run is journalled in the user-data folder.
import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ApplySettings, NodePlan, RolloutPlan, StepEvent } from '../../shared/apply/types.ts';
import type { NodeConnector } from '../node/apply/connector.ts';
import type { NodeTarget } from '../node/apply/node-target.ts';
import { planRollout, type RolloutRequest } from '../node/apply/plan-rollout.ts';
import { runRollout } from '../node/apply/rollout.ts';
import { timingsFromEnv } from '../node/apply/timings-env.ts';
import { ApplyJournal, revertChanges } from '../node/journal/journal.ts';
import type { SudoConfig } from '../node/ssh/sudo.ts';
import { defaultUserDataDir } from '../node/user-data.ts';
import { CliError, printJsonLine, readTextFile } from './io.ts';
import { chooseAuth, connectWithPrompts } from './node-commands.ts';

const USAGE = `usage: auditscope node apply --host H [--port P] --user U [--identity KEYFILE] [--known-hosts FILE] [--sudo]
         --policy FILE [--policy-path P] [--log-path P] [--maxage N] [--maxbackup N] [--maxsize N] [--compress]
         [--manifest-path P] [--livez-url URL] [--fs-root DIR] [--yes] [--json]
       auditscope node revert --host H [--port P] --user U [...connection options] [--entry ID] [--yes] [--json]

Without --yes nothing is written: the preflight checks and the exact diffs are printed.
With --yes the node is changed transactionally (backup, atomic writes, health wait, automatic rollback).
revert restores the files from before the newest journalled apply on this host (or --entry ID).`;

const OPTIONS = {
  host: { type: 'string' },
  port: { type: 'string' },
  user: { type: 'string' },
  identity: { type: 'string' },
  'known-hosts': { type: 'string' },
  sudo: { type: 'boolean' },
  policy: { type: 'string' },
  'policy-path': { type: 'string' },
  'log-path': { type: 'string' },
  maxage: { type: 'string' },
  maxbackup: { type: 'string' },
  maxsize: { type: 'string' },
  compress: { type: 'boolean' },
  'manifest-path': { type: 'string' },
  'livez-url': { type: 'string' },
  'fs-root': { type: 'string' },
  entry: { type: 'string' },
  'accept-new-host-key': { type: 'boolean' },
  yes: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function count(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new CliError(`--${name} must be a non-negative integer, got "${value}"`, 2);
  return Number(value);
}

export async function run(command: 'apply' | 'revert', argv: string[]): Promise<number> {
  let values;
  try {
    values = parseArgs({ args: argv, options: OPTIONS, allowPositionals: false, strict: true }).values;
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n${USAGE}`, 2);
  }
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (!values.host || !values.user) throw new CliError(`--host and --user are required\n${USAGE}`, 2);
  const port = values.port === undefined ? 22 : Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new CliError(`invalid --port ${values.port}`, 2);
  const userData = process.env.AUDITSCOPE_USER_DATA ?? defaultUserDataDir();
  const journal = new ApplyJournal(userData);
  const nodeId = `cli-${values.host.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${port}`.slice(0, 64);

  let request: RolloutRequest;
  if (command === 'apply') {
    if (!values.policy) throw new CliError(`--policy FILE is required\n${USAGE}`, 2);
    const policyText = await readTextFile(values.policy);
    const settings: ApplySettings = {
      policyPath: values['policy-path'] ?? '/etc/kubernetes/audit-policy.yaml',
      logPath: values['log-path'] ?? '/var/log/kubernetes/audit/audit.log',
      maxAge: count('maxage', values.maxage),
      maxBackup: count('maxbackup', values.maxbackup),
      maxSize: count('maxsize', values.maxsize),
      compress: values.compress,
    };
    request = {
      action: 'apply',
      policyText,
      policySha256: createHash('sha256').update(policyText).digest('hex'),
      settings,
    };
  } else {
    const { entries } = await journal.list();
    const entry = values.entry
      ? entries.find((e) => e.id === values.entry)
      : entries.find((e) => e.action === 'apply' && revertChanges(e)[nodeId] !== undefined);
    if (!entry)
      throw new CliError(
        values.entry ? `no journal entry ${values.entry}` : `no journalled apply for ${values.host} to revert`,
        1,
      );
    const changes = revertChanges(entry)[nodeId];
    if (!changes) throw new CliError(`journal entry ${entry.id} changed nothing on ${values.host}`, 1);
    request = { action: 'revert', revertOf: entry.id, changesByNode: { [nodeId]: changes } };
  }

  const sudo: SudoConfig = !values.sudo
    ? { mode: 'none' }
    : process.env.AUDITSCOPE_SUDO_PASSWORD
      ? { mode: 'password', password: process.env.AUDITSCOPE_SUDO_PASSWORD }
      : { mode: 'nopasswd' };
  const knownHostsFile = values['known-hosts'];
  const session = await connectWithPrompts({
    host: values.host,
    port,
    username: values.user,
    auth: await chooseAuth(values.identity),
    hostKeys: knownHostsFile
      ? { knownHostsFiles: [knownHostsFile], appStorePath: join(userData, 'known_hosts') }
      : { knownHostsFiles: [join(homedir(), '.ssh', 'known_hosts')], appStorePath: join(userData, 'known_hosts') },
    sudo,
    onUnknownHostKey: () => values['accept-new-host-key'] === true,
  });
  const target: NodeTarget = {
    id: nodeId,
    label: `${values.user}@${values.host}`,
    address: { host: values.host, port, username: values.user },
    useSudo: values.sudo === true,
    fsRoot: values['fs-root'],
    manifestPath: values['manifest-path'],
    livezUrl: values['livez-url'],
  };
  const connect: NodeConnector = async () => ({ session, release: () => undefined });
  try {
    const plan = await planRollout([target], request, connect);
    const node = plan.nodes[0]!;
    if (!values.yes || node.blocked) {
      if (values.json) printJsonLine(plan);
      else process.stdout.write(describePlan(plan));
      if (node.blocked) return 1;
      if (!values.json)
        process.stdout.write(
          node.changes.length === 0 ? 'nothing to change\n' : 'nothing written; re-run with --yes to apply\n',
        );
      return 0;
    }
    if (!values.json) process.stdout.write(describePlan(plan));
    const result = await runRollout([target], plan.nodes, {
      connect,
      timings: applyTimings(),
      onStep: (event: StepEvent) => {
        if (values.json) printJsonLine(event);
        else if (event.status !== 'running')
          process.stderr.write(`${event.step.padEnd(16)} ${event.status.padEnd(7)} ${event.message}\n`);
      },
    });
    const touched = result.nodes.some((n) => n.outcome !== 'not-started');
    if (touched) {
      await journal.append({
        id: result.runId,
        at: new Date().toISOString(),
        action: plan.action,
        revertOf: plan.revertOf,
        policySha256: plan.policySha256,
        outcome: result.outcome,
        nodes: result.nodes.map((r) => ({
          nodeId,
          label: target.label,
          host: `${values.user}@${values.host}:${port}`,
          changes: node.changes,
          result: r,
        })),
      });
    }
    const nodeResult = result.nodes[0]!;
    if (values.json) printJsonLine({ ...result, journalId: touched ? result.runId : null });
    else {
      process.stdout.write(`${nodeResult.outcome}: ${nodeResult.message}\n`);
      if (nodeResult.backupDir) process.stdout.write(`backup: ${nodeResult.backupDir}\n`);
      if (nodeResult.apiserverLog) process.stdout.write(`last kube-apiserver log lines:\n${nodeResult.apiserverLog}\n`);
    }
    return result.outcome === 'succeeded' ? 0 : 1;
  } finally {
    session.close();
  }
}

/** AUDITSCOPE_APPLY_TIMINGS (for simulated control planes), as in the app; a malformed value is a usage error. */
function applyTimings() {
  try {
    return timingsFromEnv();
  } catch (error) {
    throw new CliError((error as Error).message, 2);
  }
}

function describePlan(plan: RolloutPlan): string {
  const lines: string[] = [];
  for (const node of plan.nodes as NodePlan[]) {
    lines.push(`node ${node.label} (Kubernetes ${node.kubernetesVersion ?? 'unknown'})`);
    for (const c of node.checks)
      lines.push(
        `  [${c.status === 'ok' ? ' ok ' : c.status === 'warning' ? 'warn' : 'FAIL'}] ${c.label}: ${c.detail}`,
      );
    for (const change of node.changes) lines.push('', change.diff.trimEnd());
    lines.push('');
  }
  return lines.join('\n') + '\n';
}
