// Ingest + count of 100 MB and 1 GiB generated audit logs: our CLI against jq, lnav and DuckDB (if installed), on the
// same file and the same query, in the same run; then query latencies on the loaded 1 GiB index and memory.
// Files are cached in $TMPDIR/auditscope-bench and reused.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLogIndex } from '../../electron/node/logs/log-index.ts';

const GENERATOR = '/work/shared/tools/gen-audit-log.mjs';
const CACHE = join(tmpdir(), 'auditscope-bench');
const QUERY = 'verb:delete resource:secrets';
const JQ_FILTER = 'select(.verb == "delete" and .objectRef.resource == "secrets") | 1';

function ensureLog(name: string, size: string): string {
  mkdirSync(CACHE, { recursive: true });
  const path = join(CACHE, name);
  if (!existsSync(path)) {
    console.log(`generating ${path} (${size}, seed 42)…`);
    execFileSync('node', [GENERATOR, '--size', size, '--seed', '42', '--out', path], { stdio: 'ignore' });
  }
  return path;
}

interface Timed {
  seconds: number;
  maxRssMb: number;
  stdout: string;
  ok: boolean;
}

/** Runs a command under /usr/bin/time for wall time and peak RSS. */
function timed(command: string, args: string[], env?: NodeJS.ProcessEnv): Timed {
  const started = process.hrtime.bigint();
  const result = spawnSync('/usr/bin/time', ['-f', '%M', command, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env: env ?? process.env,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rssLine = result.stderr.trim().split('\n').pop() ?? '0';
  return { seconds, maxRssMb: Number(rssLine) / 1024, stdout: result.stdout, ok: result.status === 0 };
}

function lnavEnv(): NodeJS.ProcessEnv {
  // lnav needs a JSON format to see audit events as log messages.
  const home = mkdtempSync(join(tmpdir(), 'auditscope-lnav-'));
  const formats = join(home, '.lnav', 'formats', 'installed');
  mkdirSync(formats, { recursive: true });
  writeFileSync(
    join(formats, 'k8s_audit.json'),
    JSON.stringify({
      $schema: 'https://lnav.org/schemas/format-v1.schema.json',
      k8s_audit: {
        title: 'Kubernetes audit',
        description: 'audit.k8s.io Event lines',
        json: true,
        'file-pattern': '\\.jsonl$',
        'timestamp-field': 'stageTimestamp',
        'body-field': 'requestURI',
        'opid-field': 'auditID',
        value: {
          verb: { kind: 'string', identifier: true },
          stage: { kind: 'string', identifier: true },
          auditID: { kind: 'string' },
          requestURI: { kind: 'string' },
          objectRef: { kind: 'json' },
          'objectRef/resource': { kind: 'string', identifier: true },
        },
      },
    }),
  );
  return { ...process.env, HOME: home };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function measureTool(file: string, label: string): Promise<void> {
  console.log(`\n== ${label}: ${file}`);
  const runs = label.startsWith('1 GiB') ? 1 : 3;
  const ours: Timed[] = [];
  for (let i = 0; i < runs; i++)
    ours.push(timed('node', ['bin/auditscope.js', 'logs', 'query', file, '--count', '--q', QUERY]));
  const oursSeconds = median(ours.map((r) => r.seconds));
  console.log(
    `auditscope ingest+count: ${oursSeconds.toFixed(2)} s, count ${ours[0].stdout.trim()}, max RSS ${ours[0].maxRssMb.toFixed(0)} MB`,
  );
  const jq = timed('jq', [JQ_FILTER, file]);
  const jqCount = jq.stdout.split('\n').filter(Boolean).length;
  console.log(
    `jq: ${jq.seconds.toFixed(2)} s, count ${jqCount} → ours is ${(jq.seconds / oursSeconds).toFixed(1)}× faster`,
  );
  const lnav = timed(
    'lnav',
    ['-n', '-c', `;SELECT count(*) FROM k8s_audit WHERE verb = 'delete' AND "objectRef/resource" = 'secrets'`, file],
    lnavEnv(),
  );
  console.log(
    lnav.ok
      ? `lnav: ${lnav.seconds.toFixed(2)} s, output ${JSON.stringify(lnav.stdout.trim().split('\n').pop())} → ours is ${(lnav.seconds / oursSeconds).toFixed(1)}× faster`
      : `lnav: failed (${lnav.seconds.toFixed(2)} s)`,
  );
  const duckdb = spawnSync('which', ['duckdb']).status === 0;
  if (duckdb) {
    const sql = `SELECT count(*) FROM read_json('${file}', columns={verb:'VARCHAR', objectRef:'STRUCT(resource VARCHAR)'}) WHERE verb='delete' AND objectRef.resource='secrets'`;
    const result = timed('duckdb', ['-c', sql]);
    console.log(
      `duckdb: ${result.seconds.toFixed(2)} s → ours is ${(result.seconds / oursSeconds).toFixed(1)}× faster`,
    );
  } else {
    console.log('duckdb: not installed (skipped)');
  }
}

function latency(label: string, run: () => unknown, clear: () => void): void {
  const times: number[] = [];
  let result: unknown;
  for (let i = 0; i < 7; i++) {
    clear();
    const started = performance.now();
    result = run();
    times.push(performance.now() - started);
  }
  const first = times[0];
  const summary = typeof result === 'number' ? result : Array.isArray(result) ? `${result.length} rows` : '';
  console.log(
    `${label.padEnd(46)} ${median(times.slice(1)).toFixed(2).padStart(8)} ms (first ${first.toFixed(1)} ms) ${summary}`,
  );
}

export default async function run(): Promise<void> {
  if (!existsSync('dist/cli/auditscope.mjs')) execFileSync('npm', ['run', 'build:cli'], { stdio: 'inherit' });
  const small = ensureLog('audit-100mb.jsonl', '100MB');
  const big = ensureLog('audit-1g.jsonl', '1GiB');
  await measureTool(small, '100 MB');
  await measureTool(big, '1 GiB');

  console.log(`\n== in-process index of ${big}`);
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  const index = openLogIndex([big]);
  let firstResults = 0;
  index.once('progress', () => (firstResults = performance.now() - started));
  await index.ready;
  const ingestMs = performance.now() - started;
  const events = index.eventCount;
  const rssAfter = process.memoryUsage().rss;
  console.log(
    `ingest ${ingestMs.toFixed(0)} ms for ${events} events (first segment queryable after ${firstResults.toFixed(0)} ms)`,
  );
  console.log(
    `index memory ${(index.memoryBytes() / 1e6).toFixed(1)} MB = ${(index.memoryBytes() / events).toFixed(1)} B/event; ` +
      `RSS growth ${((rssAfter - rssBefore) / 1e6).toFixed(0)} MB = ${((rssAfter - rssBefore) / events).toFixed(1)} B/event`,
  );
  const clear = (): void => index.clearCache();
  latency(
    'q1 delete secrets ResponseComplete, 500 oldest',
    () => index.query('verb:delete resource:secrets stage:ResponseComplete', { limit: 500 }).rows,
    clear,
  );
  latency(
    'q2 user in a 1 h window',
    () => index.count('user:bob@example.com time>=2024-05-14T10:00:00Z time<2024-05-14T11:00:00Z'),
    clear,
  );
  latency('q3 errors by code', () => index.top('code', 'code>=400 stage:ResponseComplete', 20), clear);
  latency(
    'q4 newest 200 writes in prod',
    () => index.query('verb:(create OR update OR patch OR delete) ns:prod', { limit: 200, sort: 'time-desc' }).rows,
    clear,
  );
  latency('q5 top-20 users (ResponseComplete)', () => index.top('user', 'stage:ResponseComplete', 20), clear);
  latency(
    'wildcard user:system:serviceaccount:kube-system:*',
    () => index.count('user:system:serviceaccount:kube-system:*'),
    clear,
  );
  latency('histogram, all events, stacked by level', () => index.histogram('', 60, 'level').counts, clear);
  latency('countsBy code>=400', () => index.countsBy('code>=400').total, clear);
  latency('requests count (stitching cached)', () => index.count('verb:delete', { requests: true }), clear);
  latency('q6 text search kafka-config (raw bytes)', () => index.count('kafka-config'), clear);
  console.log(`peak RSS of this process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  index.close();
}
