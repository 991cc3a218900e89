// The log engine's public API: open sources → an index that fills up in the background (progress events), with
// queries, paging, raw events, aggregations, value suggestions and export. Results are available while ingesting.

import { EventEmitter } from 'node:events';
import { open as openFile } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { allFieldNames, lookupField } from '../../../shared/logs/fields.ts';
import { RECORD_LEGACY, RECORD_WRAPPED, type ColumnSelection } from '../../../shared/logs/event-schema.ts';
import { unwrapRecordEvent } from '../../../shared/logs/json-containers.ts';
import type { QueryNode } from '../../../shared/logs/query-ast.ts';
import { parseQueryOrThrow } from '../../../shared/logs/query-parser.ts';
import { countsBy, timeHistogram, topValues, type CountsBy, type Histogram, type ValueCount } from './aggregations.ts';
import { EventStore, type SourceInfo } from './event-store.ts';
import { writeExport, type ExportFormat } from './export.ts';
import { IndexIngest, nextTurn, type GrowingSourceSpec, type GrowthReport, type IngestEvents } from './index-ingest.ts';
import { findMatches, findMatchesAsync } from './query-runner.ts';
import { RawReader } from './raw-reader.ts';
import { buildRequests, eventsOfRequest, requestsOfMatches, type RequestTable } from './requests.ts';
import { legacyEventObject, rowOf, type EventRow } from './row-format.ts';
import type { SourceSpec } from './sources.ts';
import { Spool } from './spool.ts';
import { timeOrder } from './time-order.ts';

export type { GrowingSourceSpec, GrowthReport, IngestProgress } from './index-ingest.ts';

export interface OpenOptions {
  /** Worker threads for ingest (default: min(2, cores)); 0 ingests on the calling thread. */
  workers?: number;
  /**
   * Fill only these string/multi columns (projection pushdown for one-shot queries, see columnsForQuery); queries
   * on other columns then fail. Default: all.
   */
  columns?: ColumnSelection;
  /** Where decompressed copies of .gz sources go (default: a folder in the system temp directory). */
  spool?: Spool;
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
export class LogIndex extends EventEmitter<IngestEvents> {
  readonly store: EventStore;
  private readonly reader: RawReader;
  private readonly ingest: IndexIngest;
  /** Where this index's decompressed copies and live spools go. */
  readonly spool: Spool;
  private orderCache: { version: number; time: TimeOrder } | undefined;
  private requestCache: { version: number; table: RequestTable } | undefined;
  /** Matches per query, for the store's `version`; `covered` rows were checked (later rows extend the result). */
  private matchCache = new Map<string, { version: number; covered: number; rows: Uint32Array }>();
  private sortedCache = new Map<string, { version: number; descending: boolean; ids: Uint32Array }>();
  /** Resolves when every source is ingested (rejects on an I/O failure that stops ingest). */
  readonly ready: Promise<void>;

  constructor(specs: SourceSpec[], options: OpenOptions = {}) {
    super();
    this.store = new EventStore(options.columns);
    this.reader = new RawReader(this.store);
    this.spool = options.spool ?? Spool.inTempDir();
    this.ingest = new IndexIngest(this.store, this, specs, {
      workers: options.workers,
      columns: options.columns,
      spool: this.spool,
    });
    this.ready = this.ingest.ready;
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
    return this.ingest.partial;
  }

  /** Matching event ids at or after `fromId` (e.g. GrowthReport.firstNewId), in time order. */
  matchingIdsFrom(q: string, fromId: number, options: QueryOptions = {}): Uint32Array {
    const ids = this.matchingIds(q, options);
    return ids.filter((id) => id >= fromId);
  }

  /** Adds a source whose file keeps growing; call refresh() (or scheduleRefresh()) after appending to it. */
  addGrowingSource(spec: GrowingSourceSpec): SourceInfo {
    return this.ingest.addGrowingSource(spec);
  }

  /** Renames a source's `file` value (a live file that turned into a rotated backup). */
  setSourceFile(source: SourceInfo, file: string): void {
    source.file = file;
    this.store.version++;
  }

  /** Ingests what growing sources gained since the last refresh (see IndexIngest.refresh). */
  refresh(): Promise<GrowthReport> {
    return this.ingest.refresh();
  }

  scheduleRefresh(delayMs?: number): void {
    this.ingest.scheduleRefresh(delayMs);
  }

  finishGrowingSource(source: SourceInfo, options?: { complete?: boolean }): Promise<void> {
    return this.ingest.finishGrowingSource(source, options);
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
    this.ingest.close();
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
}

function matchKey(q: string, options: QueryOptions): string {
  return `${q}\u0000${options.since ?? ''}\u0000${options.until ?? ''}`;
}

/** Opens sources (files, .gz files, directories) and starts ingesting them. */
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
