// The log engine's public API: open sources → an index that fills up in the background (progress events), with
// queries, paging, raw events, aggregations, value suggestions and export. Results are available while ingesting.

import { EventEmitter } from 'node:events';
import { open as openFile, stat } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { allFieldNames, lookupField } from '../../../shared/logs/fields.ts';
import { RECORD_LEGACY, RECORD_WRAPPED, type ColumnSelection } from '../../../shared/logs/event-schema.ts';
import { unwrapRecordEvent } from '../../../shared/logs/json-containers.ts';
import type { QueryNode } from '../../../shared/logs/query-ast.ts';
import { parseQueryOrThrow } from '../../../shared/logs/query-parser.ts';
import { detectLayout } from '../../../shared/logs/record-ingest.ts';
import { segmentBuffer } from '../../../shared/logs/segment-builder.ts';
import { countsBy, timeHistogram, topValues, type CountsBy, type Histogram, type ValueCount } from './aggregations.ts';
import { EventStore, type SourceInfo } from './event-store.ts';
import { writeExport, type ExportFormat } from './export.ts';
import { IngestPool } from './ingest-pool.ts';
import { findMatches, findMatchesAsync } from './query-runner.ts';
import { RawReader } from './raw-reader.ts';
import { buildRequests, eventsOfRequest, requestsOfMatches, type RequestTable } from './requests.ts';
import { legacyEventObject, rowOf, type EventRow } from './row-format.ts';
import { recycleSegmentBuffer, scanSegment } from './segment-reader.ts';
import { resolveSources, type SourceSpec } from './sources.ts';
import { timeOrder } from './time-order.ts';

const SEGMENT_BYTES = 32 * 1024 * 1024;
/** Growing sources are ingested on this thread in windows this large, yielding in between. */
const GROWTH_WINDOW_BYTES = 4 * 1024 * 1024;
const MAX_DOCUMENT_BYTES = 1024 * 1024 * 1024;

export interface OpenOptions {
  /** Worker threads for ingest (default: min(2, cores)); 0 ingests on the calling thread. */
  workers?: number;
  /**
   * Fill only these string/multi columns (projection pushdown for one-shot queries, see columnsForQuery); queries
   * on other columns then fail. Default: all.
   */
  columns?: ColumnSelection;
}

export interface IngestProgress {
  bytesDone: number;
  bytesTotal: number;
  events: number;
  sourcesDone: number;
  sourcesTotal: number;
}

export interface QueryOptions {
  offset?: number;
  limit?: number;
  /** 'time' (default, oldest first) or 'time-desc'. */
  sort?: 'time' | 'time-desc';
  /** Stitch events into requests: one row per request, `total` counts requests. */
  requests?: boolean;
  /** Extra bounds in µs since the epoch (also expressible in the query as time>=…). */
  since?: number;
  until?: number;
  signal?: AbortSignal;
}

export interface RequestInfo {
  stages: string[];
  eventIds: number[];
  latencyMicros: number | null;
}

export interface QueryPage {
  total: number;
  offset: number;
  rows: (EventRow & { request?: RequestInfo })[];
  /** Index still filling: totals can grow. */
  partial: boolean;
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

export interface SkippedReport {
  source: string;
  line: number;
  column: number;
  reason: string;
}

/**
 * An open index over one or more sources. Emits 'progress' (IngestProgress), 'done', 'error' (Error), and for
 * growing sources 'source-added' (SourceInfo) and 'grew' (GrowthReport). Queries run synchronously over the rows
 * present at the time, so a result is always a consistent snapshot even while sources grow.
 */
export class LogIndex extends EventEmitter {
  readonly store: EventStore;
  private readonly reader: RawReader;
  private readonly columns: ColumnSelection | undefined;
  private pool: IngestPool | undefined;
  private orderCache: { version: number; time: TimeOrder } | undefined;
  private requestCache: { version: number; table: RequestTable } | undefined;
  /** Matches per query, for the store's `version`; `covered` rows were checked (later rows extend the result). */
  private matchCache = new Map<string, { version: number; covered: number; rows: Uint32Array }>();
  private sortedCache = new Map<string, { version: number; descending: boolean; ids: Uint32Array }>();
  private ingesting = true;
  private readonly growing = new Map<number, GrowingState>();
  private growthChain: Promise<unknown> = Promise.resolve();
  private growthTimer: NodeJS.Timeout | undefined;
  private closed = false;
  /** Resolves when every source is ingested (rejects on an I/O failure that stops ingest). */
  readonly ready: Promise<void>;

  constructor(specs: SourceSpec[], options: OpenOptions = {}) {
    super();
    this.columns = options.columns;
    this.store = new EventStore(options.columns);
    this.reader = new RawReader(this.store);
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
      (error: Error) => {
        if (this.listenerCount('error') > 0) this.emit('error', error);
      },
    );
  }

  get sources(): readonly SourceInfo[] {
    return this.store.sources;
  }

  get eventCount(): number {
    return this.store.rows;
  }

  /** Lines that were not events, per source (first 1000 per source), plus totals. */
  skipped(): { total: number; blankLines: number; invalidUtf8: number; details: SkippedReport[] } {
    let total = 0;
    let blankLines = 0;
    let invalidUtf8 = 0;
    const details: SkippedReport[] = [];
    for (const source of this.store.sources) {
      total += source.skippedCount;
      blankLines += source.blankLines;
      invalidUtf8 += source.invalidUtf8Lines;
      for (const skip of source.skipped) {
        details.push({ source: source.path, line: skip.line, column: skip.column, reason: skip.reason });
      }
      if (source.error) details.push({ source: source.path, line: 0, column: 0, reason: source.error });
    }
    return { total, blankLines, invalidUtf8, details };
  }

  /** A page of matching rows in time order. Throws QuerySyntaxError for a bad query. */
  query(q: string, options: QueryOptions = {}): QueryPage {
    const table = options.requests ? this.requests() : undefined;
    // Paging through a big result asks for one page after another: the sorted ids are kept per index version.
    const sorted = this.sortedMatches(q, options);
    const offset = Math.max(0, options.offset ?? 0);
    const limit = Math.max(0, options.limit ?? 100);
    const page = sorted.subarray(offset, offset + limit);
    return {
      total: sorted.length,
      offset,
      partial: this.partial,
      rows: Array.from(page, (row) => {
        const base = rowOf(this.store, row);
        if (!table) return base;
        const request = table.requestOf[row];
        const eventIds = eventsOfRequest(table, request);
        const received = this.store.received[row];
        const latency = table.lastTime[request] - received;
        return {
          ...base,
          request: {
            stages: eventIds.map((id) => this.store.stringValue('stage', id)),
            eventIds,
            latencyMicros: Number.isFinite(latency) ? latency : null,
          },
        };
      }),
    };
  }

  /** Number of matching events (or requests). */
  count(q: string, options: QueryOptions = {}): number {
    const rows = this.matchingRows(q, options);
    return options.requests ? requestsOfMatches(this.requests(), rows).length : rows.length;
  }

  /** True while sources are still being ingested or growing: totals can grow. */
  get partial(): boolean {
    return this.ingesting || this.growing.size > 0;
  }

  /** Matching event ids at or after `fromId` (e.g. GrowthReport.firstNewId), in time order. */
  matchingIdsFrom(q: string, fromId: number, options: QueryOptions = {}): Uint32Array {
    const ids = this.matchingIds(q, options);
    return ids.filter((id) => id >= fromId);
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
      bytesDone: 0,
      events: 0,
      lines: 0,
      blankLines: 0,
      skippedCount: 0,
      skipped: [],
      warnings: [],
      invalidUtf8Lines: 0,
      done: false,
    });
    this.growing.set(source.id, { source, consumedTo: 0, lineBase: 1, finishing: false });
    this.emit('source-added', source);
    return source;
  }

  /** Renames a source's `file` value (a live file that turned into a rotated backup). */
  setSourceFile(source: SourceInfo, file: string): void {
    source.file = file;
    this.store.version++;
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
      this.refresh().catch((error: Error) => {
        if (this.listenerCount('error') > 0) this.emit('error', error);
      });
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

  /** Matching event ids in time order (all of them). */
  matchingIds(q: string, options: QueryOptions = {}): Uint32Array {
    return this.sortedMatches(q, options).slice();
  }

  /** Matching ids (or request representatives) in time order, cached per index version (callers must not write). */
  private sortedMatches(q: string, options: QueryOptions): Uint32Array {
    const descending = options.sort === 'time-desc';
    const key = `${q}\u0000${options.since ?? ''}\u0000${options.until ?? ''}\u0000${options.requests ? 1 : 0}`;
    const version = this.store.version;
    const cached = this.sortedCache.get(key);
    if (cached && cached.version === version && cached.descending === descending) return cached.ids;
    let rows = this.matchingRows(q, options);
    if (options.requests) rows = requestsOfMatches(this.requests(), rows);
    const ids = sortByTime(rows, this.timeRank(), descending);
    this.sortedCache.delete(key);
    this.sortedCache.set(key, { version, descending, ids });
    if (this.sortedCache.size > 8) this.sortedCache.delete(this.sortedCache.keys().next().value as string);
    return ids;
  }

  /** The event as JSON text (raw bytes for JSON sources; rebuilt for legacy lines; unwrapped for Azure records). */
  async getEvent(id: number): Promise<string> {
    this.checkId(id);
    const record = this.store.recordCol.array[id];
    if (record === RECORD_LEGACY) return JSON.stringify(legacyEventObject(this.store, id));
    const raw = await this.readRawAsync(id);
    const text = raw.toString('utf8');
    if (record === RECORD_WRAPPED) return unwrapRecordEvent(text) ?? text;
    return text;
  }

  /** Calls `visit` with the JSON text of each event, in the order given, reading the sources in large blocks. */
  forEachEventText(ids: ArrayLike<number>, visit: (id: number, text: string) => void): void {
    this.reader.forEachRawBlock(ids, (id, block, start, end) => {
      const record = this.store.recordCol.array[id];
      if (record === RECORD_LEGACY) visit(id, JSON.stringify(legacyEventObject(this.store, id)));
      else {
        const text = block.toString('utf8', start, end);
        visit(id, record === RECORD_WRAPPED ? (unwrapRecordEvent(text) ?? text) : text);
      }
    });
  }

  /** The event exactly as written in its source. */
  async getRawText(id: number): Promise<string> {
    this.checkId(id);
    return (await this.readRawAsync(id)).toString('utf8');
  }

  top(field: string, q = '', n = 10, options: QueryOptions = {}): ValueCount[] {
    return topValues(this.store, field, this.aggregationRows(q, options), n);
  }

  histogram(q = '', buckets = 60, stackBy?: 'level' | 'codeClass' | 'stage', options: QueryOptions = {}): Histogram {
    return timeHistogram(this.store, this.aggregationRows(q, options), buckets, stackBy);
  }

  countsBy(q = '', options: QueryOptions = {}): CountsBy {
    return countsBy(this.store, this.aggregationRows(q, options));
  }

  /**
   * Counts and histogram (the result header) and the top values of several fields (the sidebar), all over one
   * snapshot of the matches, giving the event loop a turn between the pieces: on a million events each piece takes
   * a few milliseconds, and other requests (a page of rows, the ingest merge) must not wait for all of them.
   */
  async overview(
    q: string,
    options: QueryOptions,
    parts: {
      counts?: boolean;
      histogram?: { buckets: number; stackBy?: 'level' | 'codeClass' | 'stage' };
      fields?: readonly string[];
      n?: number;
    },
  ): Promise<{ total: number; counts?: CountsBy; histogram?: Histogram; tops: ValueCount[][] }> {
    const rows = this.aggregationRows(q, options);
    const result: { total: number; counts?: CountsBy; histogram?: Histogram; tops: ValueCount[][] } = {
      total: rows.length,
      tops: [],
    };
    if (parts.counts) {
      await nextTurn();
      result.counts = countsBy(this.store, rows);
    }
    if (parts.histogram) {
      await nextTurn();
      result.histogram = timeHistogram(this.store, rows, parts.histogram.buckets, parts.histogram.stackBy);
    }
    for (const field of parts.fields ?? []) {
      await nextTurn();
      result.tops.push(topValues(this.store, field, rows, parts.n ?? 10));
    }
    return result;
  }

  /** Field names for completion: the indexed fields, then Event keys usable as JSON paths. */
  fieldNames(): string[] {
    return allFieldNames();
  }

  /** Values of a field starting with `prefix`, most frequent first. */
  valueSuggestions(field: string, prefix = '', limit = 20): ValueCount[] {
    const info = lookupField(field);
    if (!info || info.kind === 'time' || info.kind === 'duration') return [];
    const all = topValues(this.store, info.name, this.allRows(), Infinity);
    return all.filter((entry) => String(entry.value).startsWith(prefix)).slice(0, limit);
  }

  /** Writes matching events in time order as JSON lines (raw events) or CSV (the row columns). */
  async export(
    q: string,
    format: ExportFormat,
    out: Writable,
    onProgress?: (done: number, total: number) => void,
    signal?: AbortSignal,
    options: QueryOptions = {},
  ): Promise<number> {
    const ids = this.matchingIds(q, options);
    return writeExport(this, ids, format, out, onProgress, signal);
  }

  /** Forgets cached query results (benchmarks use it to time real work). */
  clearCache(): void {
    this.matchCache.clear();
    this.sortedCache.clear();
  }

  /** Index memory in bytes (columns + dictionaries). */
  memoryBytes(): number {
    return this.store.byteSize();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.growthTimer);
    this.growthTimer = undefined;
    this.pool?.close();
    this.reader.close();
  }

  // ---- internals ----

  private checkId(id: number): void {
    if (!Number.isInteger(id) || id < 0 || id >= this.store.rows) throw new RangeError(`no event with id ${id}`);
  }

  private async readRawAsync(id: number): Promise<Buffer> {
    const source = this.store.sources[this.store.sourceCol.array[id]];
    const handle = await openFile(source.readPath, 'r');
    try {
      const length = this.store.lengthCol.array[id];
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, this.store.offsetCol.array[id]);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }

  private aggregationRows(q: string, options: QueryOptions): Uint32Array {
    const rows = this.matchingRows(q, options);
    return options.requests ? requestsOfMatches(this.requests(), rows) : rows;
  }

  private allRows(): Uint32Array {
    return this.matchingRows('', {});
  }

  private matchingRows(q: string, options: QueryOptions): Uint32Array {
    const key = matchKey(q, options);
    const cached = this.matchCache.get(key);
    if (cached && cached.version === this.store.version) return cached.rows;
    const ast = withTimeBounds(parseQueryOrThrow(q), options.since, options.until);
    const version = this.store.version;
    const covered = this.store.rows;
    // Rows never change once appended: after growth only the new rows are matched.
    const fromRow = cached ? cached.covered : 0;
    const more = findMatches(this.store, this.reader, ast, { signal: options.signal, fromRow });
    return this.rememberMatches(key, version, covered, cached, more);
  }

  /**
   * Computes the matches of `q` into the cache without holding the event loop for long: a raw-text or JSON-path
   * scan over a big index runs in slices (see findMatchesAsync), and `signal` abandons it (a newer query came).
   * The queries, counts and aggregations that follow then answer from the cache.
   */
  async prepareMatches(q: string, options: QueryOptions, signal?: AbortSignal): Promise<void> {
    const key = matchKey(q, options);
    const cached = this.matchCache.get(key);
    if (cached && cached.version === this.store.version) return;
    const ast = withTimeBounds(parseQueryOrThrow(q), options.since, options.until);
    const version = this.store.version;
    const covered = this.store.rows;
    const fromRow = cached ? cached.covered : 0;
    const more = await findMatchesAsync(this.store, this.reader, ast, { signal, fromRow });
    // A synchronous query may have filled the cache meanwhile, further: keep the furthest result.
    const now = this.matchCache.get(key);
    if (now && now.covered >= covered) return;
    this.rememberMatches(key, version, covered, cached, more);
  }

  private rememberMatches(
    key: string,
    version: number,
    covered: number,
    before: { covered: number; rows: Uint32Array } | undefined,
    more: Uint32Array,
  ): Uint32Array {
    let rows = more;
    if (before && before.rows.length > 0) {
      rows = new Uint32Array(before.rows.length + more.length);
      rows.set(before.rows);
      rows.set(more, before.rows.length);
    }
    this.matchCache.delete(key);
    this.matchCache.set(key, { version, covered, rows });
    if (this.matchCache.size > 16) this.matchCache.delete(this.matchCache.keys().next().value as string);
    return rows;
  }

  private timeRank(): TimeOrder {
    if (this.orderCache && this.orderCache.version === this.store.version) return this.orderCache.time;
    const order = timeOrder(this.store.time, this.store.rows);
    const rank = new Uint32Array(order.length);
    for (let i = 0; i < order.length; i++) rank[order[i]] = i;
    this.orderCache = { version: this.store.version, time: { order, rank } };
    return this.orderCache.time;
  }

  private requests(): RequestTable {
    if (this.requestCache && this.requestCache.version === this.store.version) return this.requestCache.table;
    const table = buildRequests(this.store);
    this.requestCache = { version: this.store.version, table };
    return table;
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
    const resolved = await resolveSources(specs);
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
          bytesDone: 0,
          events: 0,
          lines: 0,
          blankLines: 0,
          skippedCount: 0,
          skipped: [],
          warnings: [],
          invalidUtf8Lines: 0,
          done: false,
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

/** Opens sources (files, .gz files, directories) and starts ingesting them. */
function matchKey(q: string, options: QueryOptions): string {
  return `${q}\u0000${options.since ?? ''}\u0000${options.until ?? ''}`;
}

/** Lets queued I/O and timers run before the next piece of work. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export function openLogIndex(specs: (SourceSpec | string)[], options: OpenOptions = {}): LogIndex {
  return new LogIndex(
    specs.map((spec) => (typeof spec === 'string' ? { path: spec } : spec)),
    options,
  );
}

function withTimeBounds(ast: QueryNode, since: number | undefined, until: number | undefined): QueryNode {
  const bounds: QueryNode[] = [];
  if (since !== undefined) {
    bounds.push({
      type: 'compare',
      field: { kind: 'indexed', name: 'time' },
      op: '>=',
      text: '',
      value: since,
      start: 0,
      end: 0,
    });
  }
  if (until !== undefined) {
    bounds.push({
      type: 'compare',
      field: { kind: 'indexed', name: 'time' },
      op: '<',
      text: '',
      value: until,
      start: 0,
      end: 0,
    });
  }
  if (bounds.length === 0) return ast;
  return { type: 'and', children: [ast, ...bounds], start: 0, end: 0 };
}

interface GrowingState {
  source: SourceInfo;
  /** Bytes of the file ingested so far (always a line start). */
  consumedTo: number;
  lineBase: number;
  finishing: boolean;
}

interface TimeOrder {
  /** order[i] = row at position i in time order. */
  order: Uint32Array;
  /** rank[row] = position of the row in time order. */
  rank: Uint32Array;
}

function sortByTime(rows: Uint32Array, time: TimeOrder, descending: boolean): Uint32Array {
  const { order, rank } = time;
  const out = new Uint32Array(rows.length);
  if (rows.length > order.length >> 6) {
    // Large selections: one pass over the global order.
    const selected = new Uint8Array(order.length);
    for (let i = 0; i < rows.length; i++) selected[rows[i]] = 1;
    let k = 0;
    for (let i = 0; i < order.length; i++) if (selected[order[i]]) out[k++] = order[i];
  } else {
    const ranks = new Uint32Array(rows.length);
    for (let i = 0; i < rows.length; i++) ranks[i] = rank[rows[i]];
    ranks.sort();
    for (let i = 0; i < ranks.length; i++) out[i] = order[ranks[i]];
  }
  return descending ? out.reverse() : out;
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
