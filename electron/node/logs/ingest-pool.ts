// A small pool of ingest workers (one per core, at most 2 by default). When no worker can be started, segments are
// scanned on the calling thread, so ingest still works (slower) in any host.

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SegmentData } from '../../../shared/logs/segment-builder.ts';
import type { WorkerRequest, WorkerResponse } from './ingest-worker.ts';
import { scanSegment, type SegmentTask } from './segment-reader.ts';

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

function findWorkerEntry(): WorkerEntry | undefined {
  if (registeredEntry) return registeredEntry;
  for (const name of ['ingest-worker.js', 'ingest-worker.mjs']) {
    const url = new URL(`./${name}`, import.meta.url);
    if (existsSync(fileURLToPath(url))) return { script: url, eval: false, argv: [] };
  }
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

interface Pending {
  resolve(data: SegmentData): void;
  reject(error: Error): void;
}

export class IngestPool {
  private workers: Worker[] = [];
  private idle: Worker[] = [];
  private queue: { request: WorkerRequest; pending: Pending }[] = [];
  private pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;

  constructor(size = Math.min(2, availableParallelism())) {
    const entry = size > 0 ? findWorkerEntry() : undefined;
    if (!entry) return;
    for (let i = 0; i < size; i++) {
      try {
        const worker = new Worker(entry.script, {
          eval: entry.eval,
          argv: entry.argv,
          workerData: { auditscopeIngest: true },
        });
        worker.on('message', (response: WorkerResponse) => this.onMessage(worker, response));
        worker.on('error', (error) => this.onWorkerError(worker, error));
        worker.unref();
        this.workers.push(worker);
        this.idle.push(worker);
      } catch {
        break;
      }
    }
  }

  get size(): number {
    return this.workers.length;
  }

  /** Scans a segment on a worker, or on this thread when the pool has no worker. */
  scan(task: SegmentTask): Promise<SegmentData> {
    if (this.closed) return Promise.reject(new Error('ingest pool is closed'));
    if (this.workers.length === 0) {
      return new Promise((resolve, reject) => {
        // Yield between segments so progress events and queries can run.
        setImmediate(() => {
          try {
            resolve(scanSegment(task));
          } catch (error) {
            reject(error as Error);
          }
        });
      });
    }
    return new Promise((resolve, reject) => {
      const request: WorkerRequest = { id: this.nextId++, task };
      this.queue.push({ request, pending: { resolve, reject } });
      this.dispatch();
    });
  }

  close(): void {
    this.closed = true;
    for (const worker of this.workers) void worker.terminate();
    for (const pending of this.pending.values()) pending.reject(new Error('ingest cancelled'));
    for (const item of this.queue) item.pending.reject(new Error('ingest cancelled'));
    this.pending.clear();
    this.queue = [];
    this.workers = [];
    this.idle = [];
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      const { request, pending } = this.queue.shift()!;
      this.pending.set(request.id, pending);
      worker.ref();
      worker.postMessage(request);
    }
  }

  private onMessage(worker: Worker, response: WorkerResponse): void {
    const pending = this.pending.get(response.id);
    this.pending.delete(response.id);
    worker.unref();
    this.idle.push(worker);
    this.dispatch();
    if (!pending) return;
    if (response.ok) pending.resolve(response.data);
    else pending.reject(new Error(response.error));
  }

  private onWorkerError(worker: Worker, error: Error): void {
    // A worker that dies fails its in-flight segment; the others keep going.
    this.workers = this.workers.filter((w) => w !== worker);
    this.idle = this.idle.filter((w) => w !== worker);
    for (const [id, pending] of this.pending) {
      pending.reject(error);
      this.pending.delete(id);
    }
  }
}
