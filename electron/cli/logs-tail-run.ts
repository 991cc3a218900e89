// `auditscope logs tail` at work: stream the matching events of a node's audit log over SSH, following rotation and
// reconnecting after dropped connections (exactly once: see electron/backend/logs/live-source.ts). Connection
// options, secrets and host keys work as for every SSH command (ssh-options.ts).
import { rmSync } from 'node:fs';
import { needsUser } from '../../shared/errors.ts';
import { parseQuery } from '../../shared/logs/query-parser.ts';
import { eventJsonLine } from '../backend/logs/export.ts';
import { startLiveSource, type LiveState } from '../backend/logs/live-source.ts';
import { openLogIndex, type GrowthReport, type LogIndex } from '../backend/logs/log-index.ts';
import { rowOf, type EventRow } from '../backend/logs/row-format.ts';
import { parseCommandLine, usageError, type Command } from './command.ts';
import { CliError } from './io.ts';
import { DEFAULT_LOG } from './logs-tail.ts';
import { connectSsh, SSH_OPTIONS } from './ssh-options.ts';

export async function tail(command: Command, argv: string[]): Promise<number> {
  const { values } = parseCommandLine(
    command,
    argv,
    {
      ...SSH_OPTIONS,
      'log-path': { type: 'string' },
      from: { type: 'string', default: 'end' },
      q: { type: 'string', default: '' },
      json: { type: 'boolean', default: false },
      node: { type: 'string' },
      cluster: { type: 'string' },
    },
    { min: 0, max: 0, what: 'arguments' },
  );
  const from = values.from;
  if (from !== 'end' && from !== 'current' && from !== 'all')
    throw usageError(command, `--from: "${from}" is not one of end, current, all`);
  const logPath = values['log-path'] ?? DEFAULT_LOG;
  if (!logPath.startsWith('/'))
    throw usageError(command, `--log-path must be an absolute path on the node: ${logPath}`);
  const checked = parseQuery(values.q);
  if (!checked.ok) throw new CliError(`invalid query at column ${checked.position + 1}: ${checked.message}`, 1);

  // Connect once up front, as node probe and node apply do: host-key, login and sudo problems are reported (and
  // missing secrets asked for) before following starts; the live source reconnects with the same options.
  const { session, options: connection } = await connectSsh(command, values);
  session.close();
  const host = connection.host;

  const index = openLogIndex([], { workers: 0 });
  const live = startLiveSource({
    connection,
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
      if (state.state === 'error') finish(0, new CliError(state.reason, needsUser(state.code) ? 1 : 2));
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
