// Run by logs-ingest.bench.ts as an esbuild bundle with the ingest worker beside it (as the app ships them), with
// --expose-gc: ingest phases, memory per event and query latencies on the index of one file (argv[2]).
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { ingestStats, stopIngestWorkers } from '../../electron/backend/logs/ingest-pool.ts';
import { openLogIndex } from '../../electron/backend/logs/log-index.ts';

function load(): string {
  return `load ${loadavg()
    .map((value) => value.toFixed(2))
    .join(' ')}`;
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

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Wall time (median and best of 10 after 3 warm-up runs) and CPU time per run of a query. */
function latency(label: string, run: () => unknown, clear: () => void): void {
  let result: unknown;
  const firstStarted = performance.now();
  clear();
  result = run();
  const first = performance.now() - firstStarted;
  for (let i = 0; i < 2; i++) {
    clear();
    run();
  }
  const times: number[] = [];
  const cpuBefore = process.cpuUsage();
  for (let i = 0; i < 10; i++) {
    clear();
    const started = performance.now();
    result = run();
    times.push(performance.now() - started);
  }
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMs = (cpu.user + cpu.system) / 1000 / times.length;
  const summary = typeof result === 'number' ? result : Array.isArray(result) ? `${result.length} rows` : '';
  console.log(
    `${label.padEnd(52)} median ${median(times).toFixed(1).padStart(6)} ms, best ${Math.min(...times)
      .toFixed(1)
      .padStart(6)} ms, ` + `CPU ${cpuMs.toFixed(1).padStart(6)} ms (first run ${first.toFixed(0)} ms) ${summary}`,
  );
}

const file = process.argv[2];
const gc = (globalThis as { gc?: () => void }).gc ?? ((): void => undefined);
const rssBefore = process.memoryUsage().rss;
const cpuBefore = process.cpuUsage();
const mainBefore = mainThreadCpuMs();
const started = performance.now();
const index = openLogIndex([file]);
let firstResults = 0;
index.once('progress', () => (firstResults = performance.now() - started));
await index.ready;
const ingestMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
const stats = ingestStats();
const events = index.eventCount;
console.log(
  `ingest ${ingestMs.toFixed(0)} ms for ${events} events; first segment queryable after ${firstResults.toFixed(0)} ms [${load()}]`,
);
console.log(
  `  CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms in all threads; main thread ${(mainThreadCpuMs() - mainBefore).toFixed(0)} ms ` +
    `(merging segments); ${stats.segmentsOnWorkers + stats.segmentsInThread} segments, scan time summed over threads ` +
    `${stats.scanMs.toFixed(0)} ms; workers started ${stats.workersStarted}; lines read by the WebAssembly fast path ${stats.fastLines}`,
);
const rssAfter = process.memoryUsage().rss;
// Settled memory: without the idle ingest workers (kept a few seconds for reuse) and after a full GC.
stopIngestWorkers();
await new Promise((resolve) => setTimeout(resolve, 500));
gc();
const rssSettled = process.memoryUsage().rss;
const perEvent = (bytes: number): string => `${(bytes / 1e6).toFixed(0)} MB = ${(bytes / events).toFixed(1)} B/event`;
console.log(`index memory (columns + dictionaries) ${perEvent(index.memoryBytes())}`);
console.log(
  `RSS growth right after ingest ${perEvent(rssAfter - rssBefore)}; settled (workers stopped, GC) ${perEvent(rssSettled - rssBefore)}`,
);

const clear = (): void => index.clearCache();
console.log(`query latency on ${events} events [${load()}]`);
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
const textStarted = performance.now();
const textCount = index.count('kafka-config');
console.log(
  `text search kafka-config (raw bytes from disk, once): ${(performance.now() - textStarted).toFixed(0)} ms, ${textCount} events`,
);
console.log(`peak RSS of this process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB [${load()}]`);
index.close();
