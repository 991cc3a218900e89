// Ingest + count of 100 MB and 1 GiB generated audit logs: our CLI against jq, lnav and DuckDB (if installed), on the
// same file and the same query, in the same run; then, in this process, ingest phases, query latencies on the loaded
// 1 GiB index (about a million events) and memory per event. Every timing line carries the load average, because
// the machine is shared. Files are cached in $TMPDIR/auditscope-bench and reused.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ingestStats, stopIngestWorkers } from '../../electron/node/logs/ingest-pool.ts';
import { openLogIndex } from '../../electron/node/logs/log-index.ts';
import { SHARED_DIR } from '../support/shared-dir.ts';

const GENERATOR = SHARED_DIR + '/tools/gen-audit-log.mjs';
const CACHE = join(tmpdir(), 'auditscope-bench');
const QUERY = 'verb:delete resource:secrets';
const JQ_FILTER = 'select(.verb == "delete" and .objectRef.resource == "secrets") | 1';
const CLI_BUNDLE = 'dist/cli/auditscope.mjs';
const WORKER_BUNDLE = 'dist/cli/ingest-worker.mjs';

function ensureLog(name: string, size: string): string {
  mkdirSync(CACHE, { recursive: true });
  const path = join(CACHE, name);
  if (!existsSync(path)) {
    console.log(`generating ${path} (${size}, seed 42)…`);
    execFileSync('node', [GENERATOR, '--size', size, '--seed', '42', '--out', path], { stdio: 'ignore' });
  }
  return path;
}

function load(): string {
  return `load ${loadavg()
    .map((value) => value.toFixed(2))
    .join(' ')}`;
}

interface Timed {
  seconds: number;
  cpuSeconds: number;
  maxRssMb: number;
  stdout: string;
  ok: boolean;
}

/** Runs a command under /usr/bin/time for wall time, CPU time (user + system) and peak RSS. */
function timed(command: string, args: string[], env?: NodeJS.ProcessEnv): Timed {
  const started = process.hrtime.bigint();
  const result = spawnSync('/usr/bin/time', ['-f', '%U %S %M', command, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env: env ?? process.env,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const [user, system, rss] = (result.stderr.trim().split('\n').pop() ?? '0 0 0').split(' ').map(Number);
  return { seconds, cpuSeconds: user + system, maxRssMb: rss / 1024, stdout: result.stdout, ok: result.status === 0 };
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

function describe(name: string, run: Timed, ours?: Timed): string {
  const ratio = ours
    ? ` → ours is ${(run.seconds / ours.seconds).toFixed(1)}× faster (CPU ${(run.cpuSeconds / ours.cpuSeconds).toFixed(1)}×)`
    : '';
  return `${name}: ${run.seconds.toFixed(2)} s wall, ${run.cpuSeconds.toFixed(2)} s CPU, max RSS ${run.maxRssMb.toFixed(0)} MB${ratio}`;
}

function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
}

async function measureTools(file: string, label: string): Promise<void> {
  console.log(`\n== ${label}: ${file} (${(statSync(file).size / 1e6).toFixed(0)} MB)`);
  const runs = label.startsWith('1 GiB') ? 1 : 3;
  const ours: Timed[] = [];
  for (let i = 0; i < runs; i++) {
    ours.push(timed('node', ['bin/auditscope.js', 'logs', 'query', file, '--count', '--q', QUERY]));
  }
  const mid = ours.find((run) => run.seconds === median(ours.map((r) => r.seconds)))!;
  console.log(`${describe('auditscope ingest+count', mid)}, count ${mid.stdout.trim()} [${load()}]`);
  if (hasCommand('jq')) {
    const jq = timed('jq', [JQ_FILTER, file]);
    const count = jq.stdout.split('\n').filter(Boolean).length;
    console.log(`${describe('jq', jq, mid)}, count ${count} [${load()}]`);
  } else {
    console.log('jq: not installed (apt-get install jq)');
  }
  if (hasCommand('lnav')) {
    const sql = `;SELECT count(*) FROM k8s_audit WHERE verb = 'delete' AND "objectRef/resource" = 'secrets'`;
    const lnav = timed('lnav', ['-n', '-c', sql, file], lnavEnv());
    const output = JSON.stringify(lnav.stdout.trim().split('\n').pop());
    console.log(lnav.ok ? `${describe('lnav', lnav, mid)}, output ${output} [${load()}]` : 'lnav: failed');
  } else {
    console.log('lnav: not installed (apt-get install lnav)');
  }
  if (hasCommand('duckdb')) {
    const sql =
      `SELECT count(*) FROM read_json('${file}', columns={verb:'VARCHAR', objectRef:'STRUCT(resource VARCHAR)'}) ` +
      `WHERE verb='delete' AND objectRef.resource='secrets'`;
    const duckdb = timed('duckdb', ['-c', sql]);
    console.log(`${describe('duckdb (explicit columns)', duckdb, mid)} [${load()}]`);
  } else {
    console.log('duckdb: no duckdb CLI on this machine (skipped)');
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
    `${label.padEnd(50)} ${median(times.slice(1)).toFixed(2).padStart(8)} ms (first ${first.toFixed(1)} ms) ${summary}`,
  );
}

/** A full garbage collection (the flag is set at run time, as `npm run bench` passes no node options). */
function fullGc(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** CPU time of this process's main thread so far (ms), from /proc. */
function mainThreadCpuMs(): number {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

export default async function run(): Promise<void> {
  if (!existsSync(CLI_BUNDLE)) execFileSync('npm', ['run', 'build:cli'], { stdio: 'inherit' });
  if (!existsSync(WORKER_BUNDLE) || statSync(WORKER_BUNDLE).mtimeMs < statSync(CLI_BUNDLE).mtimeMs) {
    console.log(`note: no fresh ${WORKER_BUNDLE}: CLI ingest workers load the whole CLI bundle (slower start-up)`);
  }
  const small = ensureLog('audit-100mb.jsonl', '100MB');
  const big = ensureLog('audit-1g.jsonl', '1GiB');
  await measureTools(small, '100 MB');
  await measureTools(big, '1 GiB');

  console.log(`\n== in-process index of ${big}`);
  const rssBefore = process.memoryUsage().rss;
  const statsBefore = ingestStats();
  const cpuBefore = process.cpuUsage();
  const mainBefore = mainThreadCpuMs();
  const started = performance.now();
  const index = openLogIndex([big]);
  let firstResults = 0;
  index.once('progress', () => (firstResults = performance.now() - started));
  await index.ready;
  const ingestMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const stats = ingestStats();
  const events = index.eventCount;
  const segments =
    stats.segmentsOnWorkers + stats.segmentsInThread - statsBefore.segmentsOnWorkers - statsBefore.segmentsInThread;
  console.log(
    `ingest ${ingestMs.toFixed(0)} ms for ${events} events; first segment queryable after ${firstResults.toFixed(0)} ms [${load()}]`,
  );
  console.log(
    `  CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms (main thread ${(mainThreadCpuMs() - mainBefore).toFixed(0)} ms: ` +
      `merge, progress); ${segments} segments scanned in ${(stats.scanMs - statsBefore.scanMs).toFixed(0)} ms ` +
      `(sum over threads), workers started ${stats.workersStarted - statsBefore.workersStarted}`,
  );
  const rssAfter = process.memoryUsage().rss;
  // Settled memory: without the idle ingest workers (kept a few seconds for reuse) and after a full GC.
  stopIngestWorkers();
  await new Promise((resolve) => setTimeout(resolve, 500));
  fullGc();
  const rssSettled = process.memoryUsage().rss;
  const indexBytes = index.memoryBytes();
  const perEvent = (bytes: number): string => `${(bytes / 1e6).toFixed(0)} MB = ${(bytes / events).toFixed(1)} B/event`;
  console.log(`index memory (columns + dictionaries) ${perEvent(indexBytes)}`);
  console.log(
    `RSS growth right after ingest ${perEvent(rssAfter - rssBefore)}; settled (idle workers stopped, GC) ` +
      `${perEvent(rssSettled - rssBefore)}`,
  );
  const clear = (): void => index.clearCache();
  console.log(`query latency on ${events} events, median of 6 after a first run [${load()}]`);
  latency(
    'filter q1 delete secrets ResponseComplete, 500 oldest',
    () => index.query('verb:delete resource:secrets stage:ResponseComplete', { limit: 500 }).rows,
    clear,
  );
  latency(
    'filter q2 user in a 1 h window (count)',
    () => index.count('user:bob@example.com time>=2024-05-14T10:00:00Z time<2024-05-14T11:00:00Z'),
    clear,
  );
  latency(
    'filter q4 newest 200 writes in prod',
    () => index.query('verb:(create OR update OR patch OR delete) ns:prod', { limit: 200, sort: 'time-desc' }).rows,
    clear,
  );
  latency(
    'filter wildcard user:system:serviceaccount:kube-system:*',
    () => index.count('user:system:serviceaccount:kube-system:*'),
    clear,
  );
  latency('filter code>=400 -verb:watch (count)', () => index.count('code>=400 -verb:watch'), clear);
  latency('top-N q3 errors by code', () => index.top('code', 'code>=400 stage:ResponseComplete', 20), clear);
  latency('top-N q5 top-20 users (ResponseComplete)', () => index.top('user', 'stage:ResponseComplete', 20), clear);
  latency('top-N top-10 user agents, all events', () => index.top('useragent', '', 10), clear);
  latency('histogram, all events, stacked by level', () => index.histogram('', 60, 'level').counts, clear);
  latency(
    'histogram verb:delete, stacked by code class',
    () => index.histogram('verb:delete', 60, 'codeClass').counts,
    clear,
  );
  latency('countsBy code>=400', () => index.countsBy('code>=400').total, clear);
  latency('requests count verb:delete (stitching cached)', () => index.count('verb:delete', { requests: true }), clear);
  latency('text search kafka-config (raw bytes from disk)', () => index.count('kafka-config'), clear);
  console.log(`peak RSS of this process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB [${load()}]`);
  index.close();
}
