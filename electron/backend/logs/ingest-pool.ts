// A small pool of ingest workers (one per core, at most 2 by default). Workers start lazily: a batch of segments too
// small to repay a worker's start-up and JIT warm-up is scanned on the calling thread. Idle workers are kept for a
// few seconds after a pool closes, so the next file opened reuses them warm. When no worker can be started,
// segments are scanned on the calling thread, so ingest still works (slower) in any host.

import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { segmentBuffer, type SegmentData } from '../../../shared/logs/segment-builder.ts';
import type { WorkerRecycle, WorkerRequest, WorkerResponse } from './ingest-worker.ts';
import { findWorkerEntry, IN_THREAD_MAX_BYTES, keepSpare, startWorker, stats } from './ingest-workers.ts';
import { fastScannedLines, recycleSegmentBuffer, scanSegment, type SegmentTask } from './segment-reader.ts';

export { IN_THREAD_MAX_BYTES, ingestStats, stopIngestWorkers, type IngestStats } from './ingest-workers.ts';

/** Segments queued at a worker at once (one being scanned, one waiting). */
const WORKER_QUEUE_DEPTH = 2;

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
  private nextRecycle = 0;
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

  /**
   * Hands the buffer of a segment this pool made back for reuse, once its data is copied into the index: no new
   * multi-MB allocation per segment, and no garbage buffers piling up until the next GC.
   */
  recycle(data: SegmentData): void {
    const buffer = segmentBuffer(data);
    if (this.closed || buffer.byteLength === 0) return;
    if (this.workers.length === 0) {
      recycleSegmentBuffer(buffer);
      return;
    }
    const worker = this.workers[this.nextRecycle++ % this.workers.length];
    worker.postMessage({ recycle: buffer } satisfies WorkerRecycle, [buffer]);
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
        const fastBefore = fastScannedLines();
        const data = scanSegment(request.task);
        stats.scanMs += performance.now() - started;
        stats.fastLines += fastScannedLines() - fastBefore;
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
      stats.fastLines += response.fastLines;
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
