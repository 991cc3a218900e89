// `auditscope logs …`: query audit log files, tail a node's audit log (logs-tail.ts), print the query language.
import { QuerySyntaxError } from '../../shared/logs/query-ast.ts';
import { columnsForQuery } from '../../shared/logs/query-columns.ts';
import { parseQuery } from '../../shared/logs/query-parser.ts';
import { formatDuration, parseUserTime } from '../../shared/logs/timestamps.ts';
import { registerIngestWorkerScript } from '../backend/logs/ingest-workers.ts';
import { runIngestWorker } from '../backend/logs/ingest-worker.ts';
import { openLogIndex, type LogIndex } from '../backend/logs/log-index.ts';
import { eventJsonLine } from '../backend/logs/export.ts';
import { parseCommandLine, runDomain, usageError, type Command, type Domain } from './command.ts';
import { CliError } from './io.ts';
import { QUERY_OPTIONS } from './logs-query-start.ts';
import { tailCommand } from './logs-tail.ts';

const queryCommand: Command = {
  name: 'query',
  summary: 'Read audit log files and print the matching events: a table, a count, JSON lines or top values.',
  usage: `usage: auditscope logs query FILE... [--q QUERY] [--since T] [--until T] [--count | --json | --table | --top FIELD]
         [--limit N] [--requests] [--workers N]

  FILE         audit log files (.log, .json, .gz) or directories (rotated sets are read oldest first)
  --q QUERY    e.g. 'verb:delete resource:secrets -user:system:*' (see "auditscope logs help-query")
  --since T    only events at or after this time (2026-01-02 or 2026-01-02T15:04:05Z)
  --until T    only events before this time
  --count      print the number of matching events (of requests with --requests)
  --json       print the matching events as JSON lines in time order
  --table      print a table of the matching events (the default)
  --top FIELD  print {"value":V,"count":N} lines for FIELD, most frequent first
  --limit N    at most N rows (default: all for --json and --count, 50 for --table, 10 for --top)
  --requests   stitch the stages of a request (same auditID and request timestamp) into one row
  --workers N  ingest threads (default: up to 2)
Lines that are not audit events are reported on stderr ("3 lines skipped: line 17: not JSON").
Exit 0 done, 1 invalid query, 2 usage or I/O error.`,
  run: query,
};

const QUERY_HELP = `Query language
  field:value           exact, case-sensitive; * is a wildcard (user:system:serviceaccount:kube-system:*)
  field:"a value"       quoted value;  field:(a OR b) any of;  field:* the field is present
  field>N >= < <=       numbers (code>=400), durations (latency>500ms), times (time>=2026-01-02T15:00:00Z)
  word  "a phrase"      case-insensitive text anywhere in the event as written in the file
  a b  a AND b  a OR b  NOT a  -a  ( )
Fields: time received latency stage level verb user group ns resource subresource name apigroup apiversion code
  auditid sourceip useragent decision reason impersonated uri node cluster file, and any dotted JSON path
  (objectRef.apiVersion, requestObject.spec.hostNetwork, annotations."pod-security.kubernetes.io/enforce-policy").`;

const helpQueryCommand: Command = {
  name: 'help-query',
  summary: 'Print the query language of logs query, logs tail and the log explorer.',
  usage: 'usage: auditscope logs help-query\n\nPrints the query language used by --q of logs query and logs tail.',
  run: async (argv) => {
    parseCommandLine(helpQueryCommand, argv, {}, { min: 0, max: 0, what: 'arguments' });
    process.stdout.write(QUERY_HELP + '\n');
    return 0;
  },
};

const LOGS: Domain = {
  name: 'logs',
  commands: [queryCommand, tailCommand, helpQueryCommand],
  // In the bundled CLI, ingest worker threads run this same bundle through this entry point.
  hidden: {
    '__ingest-worker': async () => {
      await runIngestWorker();
      return 0;
    },
  },
};

export function run(argv: string[]): Promise<number> {
  return runDomain(LOGS, argv);
}

function parseTimeOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const micros = parseUserTime(value);
  if (Number.isNaN(micros))
    throw usageError(queryCommand, `--${name}: "${value}" is not a time (examples: 2026-01-02, 2026-01-02T15:04:05Z)`);
  return micros;
}

async function query(argv: string[]): Promise<number> {
  const parsed = parseCommandLine(queryCommand, argv, QUERY_OPTIONS, { min: 1, max: Infinity, what: 'FILE' });
  const { values, positionals } = parsed;
  const modes = [values.count, values.json, values.table, values.top !== undefined].filter(Boolean).length;
  if (modes > 1) throw usageError(queryCommand, 'choose one of --count, --json, --table, --top');
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 0))
    throw usageError(queryCommand, `--limit: "${values.limit}" is not a count`);
  const workers = values.workers === undefined ? undefined : Number(values.workers);
  if (workers !== undefined && (!Number.isInteger(workers) || workers < 0))
    throw usageError(queryCommand, `--workers: "${values.workers}" is not a count`);
  const checked = parseQuery(values.q);
  if (!checked.ok) throw queryError(values.q, checked.message, checked.position, checked.end);
  const since = parseTimeOption('since', values.since);
  const until = parseTimeOption('until', values.until);

  // In the bundled CLI, worker threads run this same bundle through the hidden "__ingest-worker" command.
  // Bundled, this code sits in a chunk beside the CLI entry, which routes the hidden command to a worker.
  if (!import.meta.url.endsWith('.ts')) {
    registerIngestWorkerScript(new URL('./auditscope.mjs', import.meta.url), ['logs', '__ingest-worker']);
  }

  // Counts, top values and JSON lines need only the columns the query reads (and --top, --requests, and times for
  // --since, --until and the time order of --json): the others are skipped during ingest. The table shows every
  // column, so it indexes them all.
  const columns =
    values.table || (!values.count && !values.json && values.top === undefined)
      ? undefined
      : columnsForQuery(checked.ast, [
          ...(values.top === undefined ? [] : [values.top]),
          ...(values.requests ? ['auditid', 'stage', 'received'] : []),
          ...(values.json || since !== undefined || until !== undefined ? ['time'] : []),
        ]);
  const index = openLogIndex(positionals, { workers, columns });
  try {
    try {
      await index.ready;
    } catch (error) {
      throw new CliError((error as Error).message, 2);
    }
    reportSkipped(index);
    const options = { since, until, requests: values.requests };
    try {
      if (values.count) {
        process.stdout.write(`${index.count(values.q, options)}\n`);
      } else if (values.top !== undefined) {
        for (const entry of index.top(values.top, values.q, limit ?? 10, options)) {
          process.stdout.write(JSON.stringify({ value: entry.value, count: entry.count }) + '\n');
        }
      } else if (values.json) {
        await printJson(index, values.q, options, limit);
      } else {
        printTable(index, values.q, options, limit ?? 50);
      }
    } catch (error) {
      if (error instanceof QuerySyntaxError) throw queryError(values.q, error.message, error.position, error.end);
      if (error instanceof Error && /^unknown field|top values need/.test(error.message))
        throw new CliError(error.message, 2);
      throw error;
    }
  } finally {
    index.close();
  }
  return 0;
}

function queryError(q: string, message: string, position: number, end: number): CliError {
  const caret = ' '.repeat(position) + '^'.repeat(Math.max(1, Math.min(end, q.length) - position));
  return new CliError(`invalid query at column ${position + 1}: ${message}\n  ${q}\n  ${caret}`, 1);
}

function reportSkipped(index: LogIndex): void {
  const skipped = index.skipped();
  if (skipped.total === 0 && skipped.details.length === 0 && skipped.invalidUtf8 === 0) return;
  const multi = index.sources.length > 1;
  if (skipped.total > 0 || skipped.details.length > 0) {
    const first = skipped.details
      .slice(0, 5)
      .map((d) => `${multi ? `${d.source}:` : ''}${d.line > 0 ? `line ${d.line}` : 'file'}: ${d.reason}`)
      .join('; ');
    const total = Math.max(skipped.total, skipped.details.length);
    process.stderr.write(
      `auditscope: ${total} line${total === 1 ? '' : 's'} skipped: ${first}${total > 5 ? '; …' : ''}\n`,
    );
  }
  if (skipped.invalidUtf8 > 0) {
    process.stderr.write(
      `auditscope: ${skipped.invalidUtf8} events have invalid UTF-8 in indexed fields (shown as U+FFFD)\n`,
    );
  }
}

async function printJson(
  index: LogIndex,
  q: string,
  options: { since?: number; until?: number; requests: boolean },
  limit: number | undefined,
): Promise<void> {
  let ids = index.matchingIds(q, options);
  if (limit !== undefined) ids = ids.subarray(0, limit);
  let pending = '';
  const flush = async (): Promise<void> => {
    if (!process.stdout.write(pending)) await new Promise((resolve) => process.stdout.once('drain', resolve));
    pending = '';
  };
  for (let from = 0; from < ids.length; from += 4096) {
    index.forEachEventText(ids.subarray(from, from + 4096), (_id, text) => {
      pending += eventJsonLine(text) + '\n';
    });
    if (pending.length > 1 << 20) await flush();
  }
  if (pending) await flush();
}

function printTable(
  index: LogIndex,
  q: string,
  options: { since?: number; until?: number; requests: boolean },
  limit: number,
): void {
  const page = index.query(q, { ...options, limit });
  const header = ['TIME', 'STAGE', 'VERB', 'USER', 'NAMESPACE', 'RESOURCE', 'NAME', 'CODE', 'LATENCY'];
  const lines = page.rows.map((row) => [
    row.time,
    options.requests && row.request ? row.request.stages.join('+') : row.stage,
    row.verb,
    row.user,
    row.ns,
    row.subresource ? `${row.resource}/${row.subresource}` : row.resource,
    row.name,
    row.code === null ? '' : String(row.code),
    row.request?.latencyMicros != null
      ? formatDuration(row.request.latencyMicros)
      : row.latencyMicros === null
        ? ''
        : formatDuration(row.latencyMicros),
  ]);
  const widths = header.map((title, c) => Math.min(60, Math.max(title.length, ...lines.map((line) => line[c].length))));
  const format = (cells: string[]): string =>
    cells
      .map((cell, c) => cell.slice(0, 60).padEnd(widths[c]))
      .join('  ')
      .trimEnd();
  process.stdout.write([format(header), ...lines.map(format)].join('\n') + '\n');
  process.stdout.write(`${page.rows.length} of ${page.total} ${options.requests ? 'requests' : 'events'}\n`);
}
