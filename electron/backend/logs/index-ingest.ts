// Fills an index's store: the sources given at open time through the worker pool (segment by segment, with
// progress), and growing sources (live tails' spool files) on this thread as they grow. Queries live in LogIndex.

import type { EventEmitter } from 'node:events';
import { open as openFile, stat } from 'node:fs/promises';
import type { ColumnSelection } from '../../../shared/logs/event-schema.ts';
import { detectLayout } from '../../../shared/logs/record-ingest.ts';
import { segmentBuffer } from '../../../shared/logs/segment-builder.ts';
import type { EventStore, SourceInfo } from './event-store.ts';
import { IngestPool } from './ingest-pool.ts';
import { recycleSegmentBuffer, scanSegment } from './segment-reader.ts';
import { resolveSources, type SourceSpec } from './sources.ts';
import type { Spool } from './spool.ts';

const SEGMENT_BYTES = 32 * 1024 * 1024;
/** Growing sources are ingested on this thread in windows this large, yielding in between. */
const GROWTH_WINDOW_BYTES = 4 * 1024 * 1024;
const MAX_DOCUMENT_BYTES = 1024 * 1024 * 1024;

export interface IngestProgress {
  bytesDone: number;
  bytesTotal: number;
  events: number;
  sourcesDone: number;
  sourcesTotal: number;
}

/** A source that keeps growing (a spool a live tail appends to); its bytes are ingested by refresh(). */
export interface GrowingSourceSpec {
  /** Shown as the source's path, e.g. "node-1:/var/log/kubernetes/audit/audit.log". */
  path: string;
  /** The local append-only file. */
  readPath: string;
  /** The `file` field of its events. */
  file: string;
  node?: string;
  cluster?: string;
}

/** Emitted as 'grew' after a refresh added events: ids firstNewId … events-1 are new. */
export interface GrowthReport {
  newEvents: number;
  events: number;
  firstNewId: number;
  sources: { id: number; file: string; node: string; cluster: string; newEvents: number }[];
}

/** What an index tells its listeners while it fills. */
export interface IngestEvents {
  progress: [IngestProgress];
  done: [];
  error: [Error];
  'source-added': [SourceInfo];
  grew: [GrowthReport];
}

export interface IngestOptions {
  /** Worker threads (default: min(2, cores)); 0 ingests on the calling thread. */
  workers?: number;
  /** Fill only these columns (see OpenOptions.columns). */
  columns?: ColumnSelection;
  /** Where decompressed copies of .gz sources go. */
  spool: Spool;
}

interface GrowingState {
  source: SourceInfo;
  /** Bytes of the file ingested so far (always a line start). */
  consumedTo: number;
  lineBase: number;
  finishing: boolean;
}

export class IndexIngest {
  private readonly columns: ColumnSelection | undefined;
  private pool: IngestPool | undefined;
  private ingesting = true;
  private readonly growing = new Map<number, GrowingState>();
  private growthChain: Promise<unknown> = Promise.resolve();
  private growthTimer: NodeJS.Timeout | undefined;
  private closed = false;
  /** Resolves when every source given at open time is ingested (rejects on an I/O failure that stops ingest). */
  readonly ready: Promise<void>;

  constructor(
    private readonly store: EventStore,
    private readonly events: EventEmitter<IngestEvents>,
    specs: SourceSpec[],
    private readonly options: IngestOptions,
  ) {
    this.columns = options.columns;
    this.pool = new IngestPool(options.workers);
    this.ready = this.ingestAll(specs).finally(() => {
      this.ingesting = false;
      this.pool?.close();
      this.pool = undefined;
      this.store.compact();
    });
    // Listeners are optional: keep an unobserved failure from becoming an unhandled rejection.
    this.ready.then(
      () => this.emit('done'),
      (error: Error) => this.emitError(error),
    );
  }

  /** True while sources are still being ingested or growing: totals can grow. */
  get partial(): boolean {
    return this.ingesting || this.growing.size > 0;
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.growthTimer);
    this.growthTimer = undefined;
    this.pool?.close();
  }

  /** Adds a source whose file keeps growing; call refresh() (or scheduleRefresh()) after appending to it. */
  addGrowingSource(spec: GrowingSourceSpec): SourceInfo {
    if (this.closed) throw new Error('the index is closed');
    const source = this.store.addSource({
      path: spec.path,
      readPath: spec.readPath,
      file: spec.file,
      node: spec.node ?? '',
      cluster: spec.cluster ?? '',
      layout: 'lines',
      bytes: 0,
    });
    this.growing.set(source.id, { source, consumedTo: 0, lineBase: 1, finishing: false });
    this.emit('source-added', source);
    return source;
  }

  /**
   * Ingests the bytes appended to growing sources since the last refresh. Complete lines only: a half-written last
   * line waits for the rest. Refreshes run one at a time, in order.
   */
  refresh(): Promise<GrowthReport> {
    const run = this.growthChain.then(() => this.ingestGrowth());
    this.growthChain = run.catch(() => undefined);
    return run;
  }

  /** A refresh soon, coalescing calls that come in quick succession (failures are emitted as 'error'). */
  scheduleRefresh(delayMs = 50): void {
    if (this.growthTimer || this.closed) return;
    this.growthTimer = setTimeout(() => {
      this.growthTimer = undefined;
      this.refresh().catch((error: Error) => this.emitError(error));
    }, delayMs);
  }

  /**
   * The source will not grow any more: ingest the rest. With `complete` (default) a last line without newline
   * counts as a line (the file really ends there); without it, a half-written last line is left out (the tail was
   * stopped while the line was being written).
   */
  async finishGrowingSource(source: SourceInfo, options: { complete?: boolean } = {}): Promise<void> {
    const state = this.growing.get(source.id);
    if (!state) return;
    if (options.complete ?? true) state.finishing = true;
    await this.refresh();
    if (!source.done) {
      source.done = true;
      this.growing.delete(source.id);
    }
  }

  private emit<K extends keyof IngestEvents>(event: K, ...args: IngestEvents[K]): void {
    (this.events.emit as (event: K, ...args: IngestEvents[K]) => boolean)(event, ...args);
  }

  /** Failures are reported to 'error' listeners when there are any (an unheard 'error' would throw). */
  private emitError(error: Error): void {
    if (this.events.listenerCount('error') > 0) this.emit('error', error);
  }

  private async ingestGrowth(): Promise<GrowthReport> {
    const firstNewId = this.store.rows;
    const grown: GrowthReport['sources'] = [];
    for (const state of [...this.growing.values()]) {
      if (this.closed) break;
      const { source } = state;
      const before = source.events;
      let size: number;
      try {
        size = (await stat(source.readPath)).size;
      } catch (error) {
        source.error = `cannot read ${source.readPath}: ${(error as Error).message}`;
        source.done = true;
        this.growing.delete(source.id);
        continue;
      }
      source.bytes = size;
      while (state.consumedTo < size) {
        const end = Math.min(size, state.consumedTo + GROWTH_WINDOW_BYTES);
        const data = scanSegment({
          path: source.readPath,
          start: state.consumedTo,
          end,
          final: state.finishing && end === size,
          layout: 'lines',
          columns: this.columns,
        });
        if (data.lines > 0 || data.rows > 0) this.store.appendSegment(source, data, state.lineBase);
        recycleSegmentBuffer(segmentBuffer(data));
        state.lineBase += data.lines;
        // No complete line beyond consumedTo: the rest is a line still being written.
        if (data.consumedTo <= state.consumedTo) break;
        state.consumedTo = data.consumedTo;
        source.bytesDone = state.consumedTo;
        if (state.consumedTo < size) await new Promise((resolve) => setImmediate(resolve));
      }
      if (state.finishing) {
        source.done = true;
        this.growing.delete(source.id);
      }
      if (source.events > before) {
        grown.push({
          id: source.id,
          file: source.file,
          node: source.node,
          cluster: source.cluster,
          newEvents: source.events - before,
        });
      }
    }
    const report: GrowthReport = {
      newEvents: this.store.rows - firstNewId,
      events: this.store.rows,
      firstNewId,
      sources: grown,
    };
    if (report.newEvents > 0) this.emit('grew', report);
    return report;
  }

  private async ingestAll(specs: SourceSpec[]): Promise<void> {
    const resolved = await resolveSources(specs, this.options.spool);
    const sources: SourceInfo[] = [];
    for (const item of resolved) {
      const size = (await stat(item.readPath)).size;
      const head = await readHead(item.readPath, 65536);
      sources.push(
        this.store.addSource({
          path: item.path,
          readPath: item.readPath,
          file: item.file,
          node: item.node,
          cluster: item.cluster,
          layout: detectLayout(head),
          bytes: size,
        }),
      );
    }
    const bytesTotal = sources.reduce((sum, source) => sum + source.bytes, 0);
    let bytesDone = 0;
    let sourcesDone = 0;
    for (const source of sources) {
      await this.ingestSource(source, (delta) => {
        bytesDone += delta;
        this.emit('progress', {
          bytesDone,
          bytesTotal,
          events: this.store.rows,
          sourcesDone,
          sourcesTotal: sources.length,
        } satisfies IngestProgress);
      });
      sourcesDone++;
    }
  }

  private async ingestSource(source: SourceInfo, onBytes: (delta: number) => void): Promise<void> {
    if (source.layout === 'document' && source.bytes > MAX_DOCUMENT_BYTES) {
      source.error = `a JSON document larger than ${MAX_DOCUMENT_BYTES} bytes is not supported; use JSON lines`;
      source.done = true;
      return;
    }
    const boundaries =
      source.layout === 'document' ? [0, source.bytes] : await lineBoundaries(source.readPath, source.bytes);
    const pool = this.pool!;
    const tasks = [];
    for (let i = 0; i + 1 < boundaries.length; i++) {
      tasks.push(
        pool.scan({
          path: source.readPath,
          start: boundaries[i],
          end: boundaries[i + 1],
          final: true,
          layout: source.layout,
          columns: this.columns,
        }),
      );
    }
    // Keep rejections of later segments from going unhandled while earlier ones are awaited.
    for (const task of tasks) task.catch(() => undefined);
    let lineBase = 1;
    for (let i = 0; i < tasks.length; i++) {
      const data = await tasks[i];
      this.store.appendSegment(source, data, lineBase);
      pool.recycle(data);
      lineBase += data.lines;
      const delta = boundaries[i + 1] - boundaries[i];
      source.bytesDone += delta;
      onBytes(delta);
      // Segments often arrive faster than they merge: let requests (the explorer's, in a server) in between.
      if (i + 1 < tasks.length) await nextTurn();
    }
    source.done = true;
  }
}

/** Lets queued I/O and timers run before the next piece of work. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

async function readHead(path: string, bytes: number): Promise<Uint8Array> {
  const handle = await openFile(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Segment boundaries at line starts, about SEGMENT_BYTES apart. */
async function lineBoundaries(path: string, size: number): Promise<number[]> {
  const boundaries = [0];
  if (size <= SEGMENT_BYTES) return [0, size];
  const handle = await openFile(path, 'r');
  try {
    const probe = Buffer.alloc(1 << 20);
    for (let target = SEGMENT_BYTES; target < size;) {
      let at = target;
      let found = -1;
      while (at < size) {
        const { bytesRead } = await handle.read(probe, 0, probe.length, at);
        if (bytesRead === 0) break;
        const newline = probe.subarray(0, bytesRead).indexOf(10);
        if (newline >= 0) {
          found = at + newline + 1;
          break;
        }
        at += bytesRead;
      }
      if (found < 0 || found >= size) break;
      boundaries.push(found);
      target = found + SEGMENT_BYTES;
    }
  } finally {
    await handle.close();
  }
  boundaries.push(size);
  return boundaries;
}
