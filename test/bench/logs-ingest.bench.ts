// Ingest + count of 100 MB and 1 GiB generated audit logs: our CLI against jq, lnav and DuckDB (if installed), on the
// same file and the same query, in the same run (DuckDB through @duckdb/node-api when installed); then (logs-in-process.ts, bundled) ingest phases, query latencies
// on the loaded 1 GiB index (about a million events) and memory per event. Every timing line carries the load average, because
// the machine is shared. Files are cached in $TMPDIR/auditscope-bench and reused.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { generatedLog } from './generated-log.ts';

const QUERY = 'verb:delete resource:secrets';
const JQ_FILTER = 'select(.verb == "delete" and .objectRef.resource == "secrets") | 1';
const CLI_BUNDLE = 'dist/cli/auditscope.mjs';
const WORKER_BUNDLE = 'dist/cli/ingest-worker.mjs';
const WASM_MODULE = 'dist/cli/fast-scanner.wasm';
const DUCKDB_SCRIPT = 'test/bench/duckdb-count.mjs';

/** Entry file of @duckdb/node-api: the project's own install, or the folder DUCKDB_NODE_API names. */
function duckdbModule(): string | undefined {
  const candidates = [process.env.DUCKDB_NODE_API, 'node_modules/@duckdb/node-api'].filter(Boolean) as string[];
  for (const folder of candidates) {
    try {
      const require = createRequire(join(folder, 'package.json'));
      return pathToFileURL(require.resolve(folder.startsWith('/') ? folder : join(process.cwd(), folder))).href;
    } catch {
      // not installed there
    }
  }
  return undefined;
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

/** The run with the median wall time. */
function middle(runs: Timed[]): Timed {
  return [...runs].sort((a, b) => a.seconds - b.seconds)[Math.floor(runs.length / 2)];
}

/** One result line; against `ours` (our count, our whole index) it adds how many times slower the tool is. */
function describe(name: string, run: Timed, ours?: { count: Timed; index: Timed }): string {
  const times = (mine: Timed) =>
    `${(run.seconds / mine.seconds).toFixed(1)}× (CPU ${(run.cpuSeconds / mine.cpuSeconds).toFixed(1)}×)`;
  const ratio = ours ? ` → ${times(ours.count)} our count, ${times(ours.index)} our whole index` : '';
  return `${name}: ${run.seconds.toFixed(2)} s wall, ${run.cpuSeconds.toFixed(2)} s CPU, max RSS ${run.maxRssMb.toFixed(0)} MB${ratio}`;
}

function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
}

async function measureTools(file: string, label: string): Promise<void> {
  console.log(`\n== ${label}: ${file} (${(statSync(file).size / 1e6).toFixed(0)} MB)`);
  // Our count and DuckDB's (the closest peer) alternate, so a noisy moment does not favour either; medians of 3.
  const duckdb = duckdbModule();
  const counts: Timed[] = [];
  const duckCounts: Timed[] = [];
  for (let i = 0; i < 3; i++) {
    counts.push(timed('node', ['bin/auditscope.js', 'logs', 'query', file, '--count', '--q', QUERY]));
    if (duckdb) duckCounts.push(timed('node', [DUCKDB_SCRIPT, duckdb, file, 'query']));
  }
  const mid = middle(counts);
  console.log(
    `${describe("auditscope logs query --count (indexes the query's columns, median of 3)", mid)}, count ${mid.stdout.trim()} [${load()}]`,
  );
  // --table shows every column, so it builds the whole index, as the log explorer does.
  const full = timed('node', ['bin/auditscope.js', 'logs', 'query', file, '--table', '--limit', '1', '--q', QUERY]);
  console.log(`${describe('auditscope logs query --table (whole index, as the explorer)', full)} [${load()}]`);
  const ours = { count: mid, index: full };
  if (hasCommand('jq')) {
    const jq = timed('jq', [JQ_FILTER, file]);
    const count = jq.stdout.split('\n').filter(Boolean).length;
    console.log(`${describe('jq', jq, ours)}, count ${count} [${load()}]`);
  } else {
    console.log('jq: not installed (apt-get install jq)');
  }
  if (hasCommand('lnav')) {
    const sql = `;SELECT count(*) FROM k8s_audit WHERE verb = 'delete' AND "objectRef/resource" = 'secrets'`;
    const lnav = timed('lnav', ['-n', '-c', sql, file], lnavEnv());
    const output = JSON.stringify(lnav.stdout.trim().split('\n').pop());
    console.log(lnav.ok ? `${describe('lnav', lnav, ours)}, output ${output} [${load()}]` : 'lnav: failed');
  } else {
    console.log('lnav: not installed (apt-get install lnav)');
  }
  if (duckdb) {
    const query = middle(duckCounts);
    const name = 'DuckDB read_json, only the columns the query reads (median of 3)';
    console.log(
      query.ok ? `${describe(name, query, ours)}, count ${query.stdout.trim()} [${load()}]` : `${name}: failed`,
    );
    const index = timed('node', [DUCKDB_SCRIPT, duckdb, file, 'index']);
    const indexName = 'DuckDB read_json, the columns our index holds, into a table';
    console.log(
      index.ok
        ? `${describe(indexName, index, ours)}, count ${index.stdout.trim()} [${load()}]`
        : `${indexName}: failed`,
    );
  } else {
    console.log(
      'DuckDB: not measured; install it beside the project (npm install --prefix /tmp/duckdb @duckdb/node-api) ' +
        'and set DUCKDB_NODE_API=/tmp/duckdb/node_modules/@duckdb/node-api',
    );
  }
}

export default async function run(): Promise<void> {
  if (!existsSync(CLI_BUNDLE)) execFileSync('npm', ['run', 'build:cli'], { stdio: 'inherit' });
  if (!existsSync(WORKER_BUNDLE) || statSync(WORKER_BUNDLE).mtimeMs < statSync(CLI_BUNDLE).mtimeMs) {
    console.log(`note: no fresh ${WORKER_BUNDLE}: CLI ingest workers load the whole CLI bundle (slower start-up)`);
  }
  const small = generatedLog('100MB');
  const big = generatedLog('1GiB');
  await measureTools(small, '100 MB');
  await measureTools(big, '1 GiB');

  await measureInProcess(big);
}

/**
 * Ingest phases, memory and query latency in a process of their own, from an esbuild bundle with the ingest worker
 * beside it, as the app runs them (under tsx, module loading and live bindings make hot loops slower).
 */
async function measureInProcess(file: string): Promise<void> {
  console.log(`\n== in-process index of ${file} (bundled, as in the app)`);
  const out = mkdtempSync(join(tmpdir(), 'auditscope-bench-bundle-'));
  // The scanner's WebAssembly fast path is looked for beside the bundle that loads it.
  copyFileSync(WASM_MODULE, join(out, 'fast-scanner.wasm'));
  const common = { bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external' } as const;
  await build({ ...common, entryPoints: ['test/bench/logs-in-process.ts'], outfile: join(out, 'in-process.mjs') });
  await build({
    ...common,
    entryPoints: ['electron/backend/logs/ingest-worker.ts'],
    outfile: join(out, 'ingest-worker.mjs'),
  });
  const result = spawnSync('node', ['--expose-gc', join(out, 'in-process.mjs'), file], { stdio: 'inherit' });
  if (result.status !== 0) console.log(`in-process measurement failed (exit ${result.status})`);
}
