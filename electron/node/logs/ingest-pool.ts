// A small pool of ingest workers (one per core, at most 2 by default). Workers start lazily: a batch of segments too
// small to repay a worker's start-up and JIT warm-up is scanned on the calling thread. Idle workers are kept for a
// few seconds after a pool closes, so the next file opened reuses them warm. When no worker can be started,
// segments are scanned on the calling thread, so ingest still works (slower) in any host.

import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SegmentData } from '../../../shared/logs/segment-builder.ts';
import type { WorkerRequest, WorkerResponse } from './ingest-worker.ts';
import { scanSegment, type SegmentTask } from './segment-reader.ts';

/**
 * Work queued at once up to this many bytes is scanned on the calling thread: below it, two workers' start-up and
 * JIT warm-up (about 0.3 s of CPU) cost more than their parallel scanning saves, most of all on a busy machine.
 */
export const IN_THREAD_MAX_BYTES = 100 * 1024 * 1024;
/** Segments queued at a worker at once (one being scanned, one waiting). */
const WORKER_QUEUE_DEPTH = 2;
/** How long an idle worker waits for the next pool before it is stopped. */
const SPARE_IDLE_MS = 10_000;

interface WorkerEntry {
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

function findWorkerEntry(): WorkerEntry | undefined {
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
}

const stats: IngestStats = {
  workersStarted: 0,
  workersReused: 0,
  segmentsOnWorkers: 0,
  segmentsInThread: 0,
  scanMs: 0,
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

function keepSpare(worker: Worker): void {
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

function startWorker(entry: WorkerEntry): Worker {
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

interface Pending {
  resolve(data: SegmentData): void;
  reject(error: Error): void;
}

export class IngestPool {
  private workers: Worker[] = [];
  /** Segments sent to each worker and not answered yet. */
  private inFlight = new Map<Worker, number>();
  private queue: { request: WorkerRequest; pending: Pending }[] = [];
  private pending = new Map<number, { worker: Worker; pending: Pending }>();
  private nextId = 1;
  private closed = false;
  private deciding = false;

  constructor(private readonly maxWorkers = Math.min(2, availableParallelism())) {}

  get size(): number {
    return this.workers.length;
  }

  /** Scans a segment on a worker, or on this thread when the pool has no worker. */
  scan(task: SegmentTask): Promise<SegmentData> {
    if (this.closed) return Promise.reject(new Error('ingest pool is closed'));
    return new Promise((resolve, reject) => {
      const request: WorkerRequest = { id: this.nextId++, task };
      this.queue.push({ request, pending: { resolve, reject } });
      if (this.workers.length > 0) {
        this.dispatch();
      } else if (!this.deciding && this.pending.size === 0) {
        // Decide once the caller has queued its whole batch (callers queue a source's segments synchronously).
        this.deciding = true;
        queueMicrotask(() => {
          this.deciding = false;
          this.decide();
        });
      }
    });
  }

  close(): void {
    this.closed = true;
    const busy = new Set([...this.pending.values()].map((entry) => entry.worker));
    for (const worker of this.workers) {
      if (busy.has(worker)) void worker.terminate();
      else keepSpare(worker);
    }
    for (const { pending } of this.pending.values()) pending.reject(new Error('ingest cancelled'));
    for (const item of this.queue) item.pending.reject(new Error('ingest cancelled'));
    this.pending.clear();
    this.queue = [];
    this.workers = [];
    this.inFlight.clear();
  }

  private decide(): void {
    if (this.closed) return;
    let bytes = 0;
    for (const item of this.queue) bytes += Math.max(0, item.request.task.end - item.request.task.start);
    if (this.maxWorkers > 0 && bytes > IN_THREAD_MAX_BYTES) {
      this.startWorkers(Math.min(this.maxWorkers, this.queue.length));
    }
    this.dispatch();
  }

  private startWorkers(count: number): void {
    const entry = findWorkerEntry();
    if (!entry) return;
    for (let i = 0; i < count; i++) {
      let worker: Worker;
      try {
        worker = startWorker(entry);
      } catch {
        break;
      }
      worker.on('message', (response: WorkerResponse) => this.onMessage(worker, response));
      worker.on('error', (error) => this.onWorkerError(worker, error));
      worker.unref();
      this.workers.push(worker);
      this.inFlight.set(worker, 0);
    }
  }

  private dispatch(): void {
    if (this.workers.length === 0) {
      this.runInThread();
      return;
    }
    // Each worker holds up to WORKER_QUEUE_DEPTH segments, so it starts the next one the moment it finishes the
    // last, instead of idling until this thread (busy merging, or answering queries) hands it more.
    while (this.queue.length > 0) {
      let worker: Worker | undefined;
      for (const candidate of this.workers) {
        const load = this.inFlight.get(candidate)!;
        if (load < WORKER_QUEUE_DEPTH && (!worker || load < this.inFlight.get(worker)!)) worker = candidate;
      }
      if (!worker) break;
      const { request, pending } = this.queue.shift()!;
      this.pending.set(request.id, { worker, pending });
      this.inFlight.set(worker, this.inFlight.get(worker)! + 1);
      worker.ref();
      worker.postMessage(request);
    }
  }

  /** One segment per macrotask, so progress events and queries run between segments. */
  private runInThread(): void {
    if (this.queue.length === 0 || this.pending.size > 0) return;
    const { request, pending } = this.queue.shift()!;
    this.pending.set(request.id, { worker: undefined as unknown as Worker, pending });
    setImmediate(() => {
      if (!this.pending.delete(request.id)) return; // cancelled
      try {
        const started = performance.now();
        const data = scanSegment(request.task);
        stats.scanMs += performance.now() - started;
        stats.segmentsInThread++;
        pending.resolve(data);
      } catch (error) {
        pending.reject(error as Error);
      }
      this.runInThread();
    });
  }

  private onMessage(worker: Worker, response: WorkerResponse): void {
    const entry = this.pending.get(response.id);
    this.pending.delete(response.id);
    const load = Math.max(0, (this.inFlight.get(worker) ?? 1) - 1);
    this.inFlight.set(worker, load);
    if (load === 0) worker.unref();
    this.dispatch();
    if (!entry) return;
    if (response.ok) {
      stats.scanMs += response.scanMs;
      stats.segmentsOnWorkers++;
      entry.pending.resolve(response.data);
    } else {
      entry.pending.reject(new Error(response.error));
    }
  }

  private onWorkerError(worker: Worker, error: Error): void {
    // A worker that dies fails its in-flight segments; the others keep going.
    this.workers = this.workers.filter((w) => w !== worker);
    this.inFlight.delete(worker);
    for (const [id, entry] of this.pending) {
      if (entry.worker !== worker) continue;
      entry.pending.reject(error);
      this.pending.delete(id);
    }
    // Without workers left, the rest is scanned on this thread.
    if (this.workers.length === 0) this.dispatch();
  }
}
