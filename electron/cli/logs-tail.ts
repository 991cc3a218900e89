// `auditscope logs tail`: stream the matching events of a node's audit log over SSH, following rotation and
// reconnecting after dropped connections (exactly once: see electron/node/logs/live-source.ts). Secrets come from
// the environment, never from argv, as for `auditscope node probe`.
import { rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseQuery } from '../../shared/logs/query-parser.ts';
import { eventJsonLine } from '../node/logs/export.ts';
import { startLiveSource, type LiveState } from '../node/logs/live-source.ts';
import { openLogIndex, type GrowthReport, type LogIndex } from '../node/logs/log-index.ts';
import { rowOf, type EventRow } from '../node/logs/row-format.ts';
import type { SshAuth } from '../node/ssh/connect.ts';
import type { SudoConfig } from '../node/ssh/sudo.ts';
import { defaultUserDataDir } from '../node/user-data.ts';
import { CliError } from './io.ts';

export const TAIL_USAGE = `usage: auditscope logs tail --host H [--port P] --user U [--identity KEYFILE] [--known-hosts FILE]
         [--accept-new-host-key] [--sudo] [--log-path P] [--from end|current|all] [--q QUERY] [--json]
         [--node NAME] [--cluster NAME]

Follows the audit log on a node (default /var/log/kubernetes/audit/audit.log) across rotations and reconnects
after a dropped connection without losing or repeating events. Prints matching events as they arrive (a table
line each, or the raw events with --json); connection states go to stderr. Stop with Ctrl-C.
  --from end      only new events (default); current: the active file from its start; all: the rotated backups too
Authentication: --identity KEYFILE, else the ssh-agent in SSH_AUTH_SOCK, else AUDITSCOPE_SSH_PASSWORD.
Secrets (never on the command line): AUDITSCOPE_KEY_PASSPHRASE, AUDITSCOPE_SSH_PASSWORD, AUDITSCOPE_SUDO_PASSWORD.`;

const DEFAULT_LOG = '/var/log/kubernetes/audit/audit.log';
/** Errors that need the user: exit 1 (refused), the rest exit 2. */
const REFUSED = /host key|authentication|passphrase|sudo/i;

export async function tail(argv: string[]): Promise<number> {
  let values;
  try {
    values = parseArgs({
      args: argv,
      allowPositionals: false,
      strict: true,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        user: { type: 'string' },
        identity: { type: 'string' },
        'known-hosts': { type: 'string' },
        'accept-new-host-key': { type: 'boolean' },
        sudo: { type: 'boolean' },
        'log-path': { type: 'string' },
        from: { type: 'string', default: 'end' },
        q: { type: 'string', default: '' },
        json: { type: 'boolean', default: false },
        node: { type: 'string' },
        cluster: { type: 'string' },
      },
    }).values;
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n${TAIL_USAGE}`, 2);
  }
  if (!values.host || !values.user) throw new CliError(`--host and --user are required\n${TAIL_USAGE}`, 2);
  const port = values.port === undefined ? 22 : Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new CliError(`invalid --port ${values.port}`, 2);
  const from = values.from;
  if (from !== 'end' && from !== 'current' && from !== 'all')
    throw new CliError(`--from: "${from}" is not one of end, current, all`, 2);
  const logPath = values['log-path'] ?? DEFAULT_LOG;
  if (!logPath.startsWith('/')) throw new CliError(`--log-path must be an absolute path on the node: ${logPath}`, 2);
  const checked = parseQuery(values.q);
  if (!checked.ok) throw new CliError(`invalid query at column ${checked.position + 1}: ${checked.message}`, 1);

  const knownHostsFile = values['known-hosts'];
  const hostKeys = knownHostsFile
    ? { knownHostsFiles: [], appStorePath: knownHostsFile }
    : {
        knownHostsFiles: [join(homedir(), '.ssh', 'known_hosts')],
        appStorePath: join(defaultUserDataDir(), 'known_hosts'),
      };
  const sudo: SudoConfig = !values.sudo
    ? { mode: 'none' }
    : process.env.AUDITSCOPE_SUDO_PASSWORD
      ? { mode: 'password', password: process.env.AUDITSCOPE_SUDO_PASSWORD }
      : { mode: 'nopasswd' };
  const acceptNew = values['accept-new-host-key'] === true;
  const host = values.host;

  const index = openLogIndex([], { workers: 0 });
  const live = startLiveSource({
    connection: {
      host,
      port,
      username: values.user,
      auth: chooseAuth(values.identity),
      hostKeys,
      sudo,
      onUnknownHostKey: (question) => {
        if (!acceptNew) return false;
        process.stderr.write(
          `auditscope: recording new host key ${question.keyType} ${question.fingerprintSha256} for ${host}\n`,
        );
        return true;
      },
    },
    logPath,
    sudo: values.sudo === true,
    node: values.node,
    cluster: values.cluster,
    start: from,
    index,
  });
  const q = values.q;
  const json = values.json;
  let printing: Promise<void> = Promise.resolve();
  index.on('grew', (report: GrowthReport) => {
    printing = printing.then(() => printNew(index, q, report.firstNewId, json));
  });
  live.on('warning', (message) => process.stderr.write(`auditscope: warning: ${message}\n`));

  return new Promise<number>((resolve, reject) => {
    const finish = (code: number, error?: CliError) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      void live
        .stop()
        .then(() => index.refresh())
        .then(() => printing)
        .then(() => {
          index.close();
          // The spool only served this run.
          for (const path of live.spoolPaths) rmSync(path, { force: true });
          if (error) reject(error);
          else resolve(code);
        }, reject);
    };
    const onSignal = () => finish(0);
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    live.on('state', (state: LiveState) => {
      process.stderr.write(`auditscope: ${describeState(state, host)}\n`);
      if (state.state === 'error') finish(0, new CliError(state.reason, REFUSED.test(state.reason) ? 1 : 2));
    });
  });
}

async function printNew(index: LogIndex, q: string, fromId: number, json: boolean): Promise<void> {
  const ids = index.matchingIdsFrom(q, fromId);
  let out = '';
  if (json) {
    index.forEachEventText(ids, (_id, text) => {
      out += eventJsonLine(text) + '\n';
    });
  } else {
    for (const id of ids) out += rowLine(rowOf(index.store, id)) + '\n';
  }
  if (out && !process.stdout.write(out)) await new Promise((resolve) => process.stdout.once('drain', resolve));
}

/** One event per line: time, node, stage, verb, user, namespace, resource, name, code. */
function rowLine(row: EventRow): string {
  const resource = row.subresource ? `${row.resource}/${row.subresource}` : row.resource;
  const cells = [row.time, row.node, row.stage, row.verb, row.user, row.ns, resource, row.name];
  return [...cells.map((cell) => cell || '-'), row.code === null ? '-' : String(row.code)].join('  ');
}

function describeState(state: LiveState, host: string): string {
  switch (state.state) {
    case 'connecting':
      return `connecting to ${host}`;
    case 'following':
      return `following ${state.file} on ${host} at byte ${state.offset}`;
    case 'reconnecting':
      return `${state.reason}; reconnecting in ${(state.retryInMs / 1000).toFixed(1)} s (attempt ${state.attempt})`;
    case 'error':
      return `error: ${state.reason}`;
    case 'paused':
      return 'paused';
    case 'stopped':
      return 'stopped';
  }
}

function chooseAuth(identity: string | undefined): SshAuth {
  if (identity)
    return { kind: 'key', privateKeyPath: identity, passphrase: process.env.AUDITSCOPE_KEY_PASSPHRASE || undefined };
  if (process.env.SSH_AUTH_SOCK) return { kind: 'agent' };
  const password = process.env.AUDITSCOPE_SSH_PASSWORD;
  if (password === undefined) {
    throw new CliError('no authentication: give --identity, run an ssh-agent, or set AUDITSCOPE_SSH_PASSWORD', 2);
  }
  return { kind: 'password', password };
}
