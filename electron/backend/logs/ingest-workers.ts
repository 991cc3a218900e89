// Ingest worker threads: where their script is, idle ones kept for reuse, and starting them ahead of an ingest.
// Only Node built-ins here, so that the CLI can start workers before it loads the rest of the log engine.

import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * Work queued at once up to this many bytes is scanned on the calling thread: below it, two workers' start-up and
 * JIT warm-up (about 0.3 s of CPU) cost more than their parallel scanning saves, most of all on a busy machine.
 */
export const IN_THREAD_MAX_BYTES = 100 * 1024 * 1024;
/** How long an idle worker waits for the next pool before it is stopped. */
const SPARE_IDLE_MS = 10_000;

export interface WorkerEntry {
  /** A script URL, or code for an eval worker. */
  script: URL | string;
  eval: boolean;
  argv: string[];
}

let registeredEntry: WorkerEntry | undefined;

/**
 * Lets a bundled host (the CLI) say which script starts a worker: typically the bundle itself with argv that routes
 * to runIngestWorker().
 */
export function registerIngestWorkerScript(script: URL, argv: string[]): void {
  registeredEntry = { script, eval: false, argv };
}

function modifiedMs(url: URL): number {
  try {
    return statSync(fileURLToPath(url)).mtimeMs;
  } catch {
    return 0;
  }
}

export function findWorkerEntry(): WorkerEntry | undefined {
  // A worker bundle beside this code loads in a fraction of the time of a whole host bundle (which would also load
  // ssh2, yaml, … in every worker), so it wins over a registered host script, unless it is older than that script
  // (left over from an earlier build).
  for (const name of ['ingest-worker.js', 'ingest-worker.mjs']) {
    const url = new URL(`./${name}`, import.meta.url);
    if (url.protocol !== 'file:' || !existsSync(fileURLToPath(url))) continue;
    const host = registeredEntry?.script;
    if (host instanceof URL && host.protocol === 'file:' && modifiedMs(url) < modifiedMs(host)) continue;
    return { script: url, eval: false, argv: [] };
  }
  if (registeredEntry) return registeredEntry;
  const tsUrl = new URL('./ingest-worker.ts', import.meta.url);
  if (tsUrl.protocol === 'file:' && existsSync(fileURLToPath(tsUrl))) {
    // Running from TypeScript sources (tests, development): load tsx inside the worker first.
    try {
      const api = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href.replace(/\.cjs$/, '.mjs');
      const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(tsUrl.href)}); })`;
      return { script: code, eval: true, argv: [] };
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Cumulative counters of this process's ingest, for benchmarks and diagnostics. */
export interface IngestStats {
  workersStarted: number;
  workersReused: number;
  segmentsOnWorkers: number;
  segmentsInThread: number;
  /** Sum of the wall time spent scanning segments (on workers: inside the worker). */
  scanMs: number;
  /** Lines the scanner's WebAssembly fast path read (the JavaScript scanner read the others). */
  fastLines: number;
}

export const stats: IngestStats = {
  workersStarted: 0,
  workersReused: 0,
  segmentsOnWorkers: 0,
  segmentsInThread: 0,
  scanMs: 0,
  fastLines: 0,
};

export function ingestStats(): IngestStats {
  return { ...stats };
}

// ---- idle workers shared between pools ----

const spare: Worker[] = [];
let spareTimer: NodeJS.Timeout | undefined;

function onSpareError(this: Worker): void {
  const index = spare.indexOf(this);
  if (index >= 0) spare.splice(index, 1);
}

export function keepSpare(worker: Worker): void {
  worker.removeAllListeners('message');
  worker.removeAllListeners('error');
  worker.on('error', onSpareError);
  worker.unref();
  spare.push(worker);
  if (spareTimer) clearTimeout(spareTimer);
  spareTimer = setTimeout(stopIngestWorkers, SPARE_IDLE_MS);
  spareTimer.unref();
}

/** Stops the idle workers kept for reuse (they also stop by themselves after a few idle seconds). */
export function stopIngestWorkers(): void {
  if (spareTimer) clearTimeout(spareTimer);
  spareTimer = undefined;
  for (const worker of spare.splice(0)) void worker.terminate();
}

/**
 * Starts the workers an ingest of `bytes` will use, ahead of it: a worker takes tens of milliseconds to start, which
 * then overlaps with the caller's own start-up (reading sources' heads, planning segments).
 */
export function prestartIngestWorkers(bytes: number, maxWorkers = Math.min(2, availableParallelism())): void {
  if (bytes <= IN_THREAD_MAX_BYTES || spare.length >= maxWorkers) return;
  const entry = findWorkerEntry();
  if (!entry) return;
  while (spare.length < maxWorkers) {
    try {
      keepSpare(newWorker(entry));
    } catch {
      return;
    }
  }
}

/** A spare worker, or a new one. */
export function startWorker(entry: WorkerEntry): Worker {
  const reused = spare.pop();
  if (reused) {
    reused.removeListener('error', onSpareError);
    stats.workersReused++;
    return reused;
  }
  return newWorker(entry);
}

function newWorker(entry: WorkerEntry): Worker {
  stats.workersStarted++;
  return new Worker(entry.script, { eval: entry.eval, argv: entry.argv, workerData: { auditscopeIngest: true } });
}
