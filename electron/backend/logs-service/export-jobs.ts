// Exports of a whole result as long-running jobs: a file the user chose (desktop) or a file in the user-data folder
// that the browser reads back in chunks (browser mode). Progress is pushed, and a job can be cancelled.

import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import type { LogExportFormat, LogExportProgress } from '../../../shared/ipc/contract/logs.ts';
import { AppFailure } from '../../../shared/errors.ts';
import type { LogIndex, QueryOptions } from '../logs/log-index.ts';

interface ExportJob {
  progress: LogExportProgress;
  path: string;
  /** Files in the user-data folder are ours to delete; user-chosen files are not. */
  owned: boolean;
  abort: AbortController;
  finished: Promise<void>;
}

const PROGRESS_INTERVAL_MS = 150;

export class ExportJobs {
  private readonly jobs = new Map<string, ExportJob>();

  constructor(
    private readonly root: string,
    private readonly onProgress: (progress: LogExportProgress) => void,
  ) {}

  /** Starts writing every match of `query` to `path` (or to a new file under the user-data folder). */
  async start(
    sessionId: string,
    index: LogIndex,
    query: string,
    format: LogExportFormat,
    options: QueryOptions,
    path?: string,
  ): Promise<string> {
    const exportId = randomUUID();
    const owned = path === undefined;
    if (owned) {
      await mkdir(this.root, { recursive: true, mode: 0o700 });
      path = join(this.root, `${exportId}.${format === 'csv' ? 'csv' : 'jsonl'}`);
    }
    // Parse errors surface here, before a file exists.
    const total = index.count(query, options);
    const out = createWriteStream(path!, { mode: owned ? 0o600 : 0o644 });
    const abort = new AbortController();
    const progress: LogExportProgress = { exportId, sessionId, state: 'running', done: 0, total, bytes: 0 };
    if (!owned) progress.path = path;
    let last = 0;
    const job: ExportJob = { progress, path: path!, owned, abort, finished: Promise.resolve() };
    this.jobs.set(exportId, job);
    job.finished = (async () => {
      try {
        await index.export(
          query,
          format,
          out,
          (done, all) => {
            progress.done = done;
            progress.total = all;
            progress.bytes = out.bytesWritten + out.writableLength;
            const now = Date.now();
            if (now - last >= PROGRESS_INTERVAL_MS) {
              last = now;
              this.onProgress({ ...progress });
            }
          },
          abort.signal,
          options,
        );
        out.end();
        await finished(out);
        progress.bytes = out.bytesWritten;
        progress.state = 'done';
      } catch (error) {
        out.destroy();
        progress.state = abort.signal.aborted ? 'cancelled' : 'error';
        if (!abort.signal.aborted) progress.message = (error as Error).message;
        if (owned || abort.signal.aborted) await rm(path!, { force: true });
      }
      this.onProgress({ ...progress });
    })();
    this.onProgress({ ...progress });
    return exportId;
  }

  progress(exportId: string): LogExportProgress {
    return { ...this.get(exportId).progress };
  }

  async wait(exportId: string): Promise<LogExportProgress> {
    const job = this.get(exportId);
    await job.finished;
    return { ...job.progress };
  }

  cancel(exportId: string): boolean {
    const job = this.jobs.get(exportId);
    if (!job || job.progress.state !== 'running') return false;
    job.abort.abort();
    return true;
  }

  /** A chunk of a finished download export, base64-encoded. */
  async read(exportId: string, offset: number, length: number): Promise<{ data: string; eof: boolean }> {
    const job = this.get(exportId);
    if (!job.owned) throw new AppFailure('not-supported', 'this export was saved to a file you chose');
    if (job.progress.state !== 'done') throw new AppFailure('not-ready', `the export is ${job.progress.state}`);
    const handle = await open(job.path, 'r');
    try {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, offset);
      return { data: buffer.toString('base64', 0, bytesRead), eof: offset + bytesRead >= job.progress.bytes };
    } finally {
      await handle.close();
    }
  }

  async discard(exportId: string): Promise<boolean> {
    const job = this.jobs.get(exportId);
    if (!job) return false;
    job.abort.abort();
    await job.finished;
    this.jobs.delete(exportId);
    if (job.owned) await rm(job.path, { force: true });
    return true;
  }

  async discardSession(sessionId: string): Promise<void> {
    for (const [id, job] of [...this.jobs]) if (job.progress.sessionId === sessionId) await this.discard(id);
  }

  private get(exportId: string): ExportJob {
    const job = this.jobs.get(exportId);
    if (!job) throw new AppFailure('not-found', 'no such export');
    return job;
  }
}
