// `auditscope node apply` / `auditscope node revert`: plan (preflight + diffs) and, only with --yes, run the
// transactional rollout on one node over SSH. Every run is journalled in the user-data folder.
import { createHash } from 'node:crypto';
import type { ApplySettings, NodePlan, RolloutPlan, StepEvent } from '../../shared/apply/types.ts';
import type { NodeConnector } from '../backend/apply/connector.ts';
import type { NodeTarget } from '../backend/apply/node-target.ts';
import { planRollout, type RolloutRequest } from '../backend/apply/plan-rollout.ts';
import { runRollout } from '../backend/apply/rollout.ts';
import { timingsFromEnv } from '../backend/apply/timings-env.ts';
import { ApplyJournal, revertChanges } from '../backend/journal/journal.ts';
import { defaultUserDataDir } from '../backend/user-data.ts';
import { parseCommandLine, usageError, type Command } from './command.ts';
import { CliError, printJsonLine, readTextFile } from './io.ts';
import { connectSsh, SSH_NOTES, SSH_OPTIONS, SSH_SYNOPSIS, sshOptions } from './ssh-options.ts';

const RUN_NOTES = `Without --yes nothing is written: the preflight checks and the exact diffs are printed.
With --yes the node is changed transactionally (backup, atomic writes, health wait, automatic rollback) and the
run is journalled in the user-data folder.
  --manifest-path P  the kube-apiserver manifest (default /etc/kubernetes/manifests/kube-apiserver.yaml)
  --livez-url URL    where to wait for the restarted kube-apiserver to become healthy
  --fs-root DIR      treat DIR as the node's "/" (chroots, test layouts)
  --json             without --yes: the plan as one object; with --yes: one step event per line, then the result
${SSH_NOTES}
Exit 0 planned or done, 1 a preflight check failed, the change was rolled back or refused (host key, login),
2 usage, connection or I/O error.`;

export const applyCommand: Command = {
  name: 'apply',
  summary: 'Plan, and with --yes apply, an audit policy and audit flags on a node (backup, health wait, rollback).',
  usage: `usage: auditscope node apply ${SSH_SYNOPSIS} --policy FILE [--policy-path P] [--log-path P]
         [--maxage N] [--maxbackup N] [--maxsize N] [--compress] [--manifest-path P] [--livez-url URL] [--fs-root DIR]
         [--yes] [--json]

Writes FILE to --policy-path on the node (default /etc/kubernetes/audit-policy.yaml) and sets the audit flags,
volumes and mounts in the kube-apiserver manifest; logs go to --log-path (default
/var/log/kubernetes/audit/audit.log), rotated by --maxage days, --maxbackup files and --maxsize MiB.
${RUN_NOTES}`,
  run: (argv) => runApplyOrRevert('apply', argv),
};

export const revertCommand: Command = {
  name: 'revert',
  summary: 'Plan, and with --yes restore, the files from before the newest journalled apply on a node.',
  usage: `usage: auditscope node revert ${SSH_SYNOPSIS} [--entry ID] [--manifest-path P] [--livez-url URL] [--fs-root DIR] [--yes] [--json]

Restores the files from before the newest apply this CLI journalled for the host and port (or journal entry ID).
${RUN_NOTES}`,
  run: (argv) => runApplyOrRevert('revert', argv),
};

const TARGET_OPTIONS = {
  ...SSH_OPTIONS,
  'manifest-path': { type: 'string' },
  'livez-url': { type: 'string' },
  'fs-root': { type: 'string' },
  yes: { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

const APPLY_OPTIONS = {
  ...TARGET_OPTIONS,
  policy: { type: 'string' },
  'policy-path': { type: 'string' },
  'log-path': { type: 'string' },
  maxage: { type: 'string' },
  maxbackup: { type: 'string' },
  maxsize: { type: 'string' },
  compress: { type: 'boolean' },
} as const;

const REVERT_OPTIONS = { ...TARGET_OPTIONS, entry: { type: 'string' } } as const;

function count(command: Command, name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw usageError(command, `--${name} must be a non-negative integer, got "${value}"`);
  return Number(value);
}

/** The journal's node id for a host and port reached from the CLI. */
function cliNodeId(host: string, port: number): string {
  return `cli-${host.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${port}`.slice(0, 64);
}

async function applyRequest(argv: string[]) {
  const { values } = parseCommandLine(applyCommand, argv, APPLY_OPTIONS, { min: 0, max: 0, what: 'arguments' });
  if (!values.policy) throw usageError(applyCommand, '--policy FILE is required');
  const connection = sshOptions(applyCommand, values);
  const settings: ApplySettings = {
    policyPath: values['policy-path'] ?? '/etc/kubernetes/audit-policy.yaml',
    logPath: values['log-path'] ?? '/var/log/kubernetes/audit/audit.log',
    maxAge: count(applyCommand, 'maxage', values.maxage),
    maxBackup: count(applyCommand, 'maxbackup', values.maxbackup),
    maxSize: count(applyCommand, 'maxsize', values.maxsize),
    compress: values.compress,
  };
  const timings = applyTimings();
  const policyText = await readTextFile(values.policy);
  const request: RolloutRequest = {
    action: 'apply',
    policyText,
    policySha256: createHash('sha256').update(policyText).digest('hex'),
    settings,
  };
  return { values, request, nodeId: cliNodeId(connection.host, connection.port ?? 22), timings };
}

async function revertRequest(argv: string[], journal: ApplyJournal) {
  const { values } = parseCommandLine(revertCommand, argv, REVERT_OPTIONS, { min: 0, max: 0, what: 'arguments' });
  const connection = sshOptions(revertCommand, values);
  const nodeId = cliNodeId(connection.host, connection.port ?? 22);
  const timings = applyTimings();
  const { entries } = await journal.list();
  const entry = values.entry
    ? entries.find((e) => e.id === values.entry)
    : entries.find((e) => e.action === 'apply' && revertChanges(e)[nodeId] !== undefined);
  if (!entry) {
    throw new CliError(
      values.entry ? `no journal entry ${values.entry}` : `no journalled apply for ${values.host} to revert`,
      1,
    );
  }
  const changes = revertChanges(entry)[nodeId];
  if (!changes) throw new CliError(`journal entry ${entry.id} changed nothing on ${values.host}`, 1);
  const request: RolloutRequest = { action: 'revert', revertOf: entry.id, changesByNode: { [nodeId]: changes } };
  return { values, request, nodeId, timings };
}

async function runApplyOrRevert(action: 'apply' | 'revert', argv: string[]): Promise<number> {
  const command = action === 'apply' ? applyCommand : revertCommand;
  const journal = new ApplyJournal(defaultUserDataDir());
  const { values, request, nodeId, timings } =
    action === 'apply' ? await applyRequest(argv) : await revertRequest(argv, journal);
  const { session, options } = await connectSsh(command, values);
  const port = options.port ?? 22;
  const target: NodeTarget = {
    id: nodeId,
    label: `${options.username}@${options.host}`,
    address: { host: options.host, port, username: options.username },
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
      timings,
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
          host: `${options.username}@${options.host}:${port}`,
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
