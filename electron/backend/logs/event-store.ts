// The columnar index: one row per event, dictionary-encoded strings, typed numeric columns, and where the raw event
// lives (source, byte offset, length). Segments built by workers are appended with their codes remapped.

import { ByteDictionary, viewOf, type ByteDictionaryParts } from '../../../shared/logs/byte-dictionary.ts';
import { MULTI_COLUMNS, STRING_COLUMNS, type ColumnSelection } from '../../../shared/logs/event-schema.ts';
import type { IndexView, MultiColumnView, StringColumnView } from '../../../shared/logs/query-compile.ts';
import type { SegmentData, SkippedLine } from '../../../shared/logs/segment-builder.ts';
import { CodeColumn, NumberColumn } from './columns.ts';

export interface SourceInfo {
  id: number;
  /** Path as given (or a remote description). */
  path: string;
  /** Local file the bytes are read from (the file itself, or its spool / decompressed copy). */
  readPath: string;
  /** Name shown and matched by the `file` field. */
  file: string;
  node: string;
  cluster: string;
  layout: 'lines' | 'document';
  bytes: number;
  bytesDone: number;
  events: number;
  lines: number;
  blankLines: number;
  skippedCount: number;
  skipped: SkippedLine[];
  warnings: SkippedLine[];
  invalidUtf8Lines: number;
  done: boolean;
  error?: string;
}

const SOURCE_FIELDS = new Set(['file', 'node', 'cluster']);
const STRING_INDEX = new Map<string, number>(STRING_COLUMNS.map((name, index) => [name, index]));
const MULTI_INDEX = new Map<string, number>(MULTI_COLUMNS.map((name, index) => [name, index]));

export class EventStore implements IndexView {
  rows = 0;
  readonly sources: SourceInfo[] = [];
  readonly stringDicts = STRING_COLUMNS.map(() => new ByteDictionary(256));
  readonly multiDicts = MULTI_COLUMNS.map(() => new ByteDictionary(64));
  readonly stringCols = STRING_COLUMNS.map(() => new CodeColumn());
  readonly multiCols = MULTI_COLUMNS.map(() => new CodeColumn());
  readonly timeCol = new NumberColumn(new Float64Array(1024), (n) => new Float64Array(n));
  readonly receivedCol = new NumberColumn(new Float64Array(1024), (n) => new Float64Array(n));
  readonly offsetCol = new NumberColumn(new Float64Array(1024), (n) => new Float64Array(n));
  readonly lengthCol = new NumberColumn(new Uint32Array(1024), (n) => new Uint32Array(n));
  readonly lineCol = new NumberColumn(new Uint32Array(1024), (n) => new Uint32Array(n));
  readonly codeCol = new NumberColumn(new Uint16Array(1024), (n) => new Uint16Array(n));
  readonly recordCol = new NumberColumn(new Uint8Array(1024), (n) => new Uint8Array(n));
  readonly sourceCol = new CodeColumn();
  /** Bumped on every append, so caches know when they are stale. */
  version = 0;
  /** Columns left empty by a one-shot index (see OpenOptions.columns): reading them is a bug, so it throws. */
  private readonly skippedColumns = new Set<string>();

  constructor(columns?: ColumnSelection) {
    if (!columns) return;
    STRING_COLUMNS.forEach((name, index) => columns.strings.includes(index) || this.skippedColumns.add(name));
    MULTI_COLUMNS.forEach((name, index) => columns.multis.includes(index) || this.skippedColumns.add(name));
    if (!columns.times) ['time', 'received'].forEach((name) => this.skippedColumns.add(name));
  }

  private checkIndexed(name: string): void {
    if (this.skippedColumns.has(name)) throw new Error(`the field ${name} was not indexed by this one-shot query`);
  }

  /** A new source, nothing of it ingested yet. */
  addSource(
    info: Pick<SourceInfo, 'path' | 'readPath' | 'file' | 'node' | 'cluster' | 'layout' | 'bytes'>,
  ): SourceInfo {
    const source: SourceInfo = {
      ...info,
      id: this.sources.length,
      bytesDone: 0,
      events: 0,
      lines: 0,
      blankLines: 0,
      skippedCount: 0,
      skipped: [],
      warnings: [],
      invalidUtf8Lines: 0,
      done: false,
    };
    this.sources.push(source);
    return source;
  }

  /** Appends a segment of `source`; `lineBase` is the source line number of the segment's first line. */
  appendSegment(source: SourceInfo, data: SegmentData, lineBase: number): void {
    const n = data.rows;
    const hint = expectedRows(this.rows, source, data);
    if (this.rows === 0 && hint > n * 2) this.reserveDictionaries(data, hint / Math.max(1, n));
    // A column without values in the segment (absent everywhere, or not indexed by a one-shot query) is all zeros.
    for (let c = 0; c < STRING_COLUMNS.length; c++) {
      if (data.stringDicts[c].count <= 1) {
        this.stringCols[c].appendRepeated(0, n, hint);
        continue;
      }
      const map = remap(this.stringDicts[c], data.stringDicts[c]);
      this.stringCols[c].appendMapped(data.strings[c], map, this.stringDicts[c].count, hint);
    }
    for (let m = 0; m < MULTI_COLUMNS.length; m++) {
      if (data.multiDicts[m].count <= 1) {
        this.multiCols[m].appendRepeated(0, n, hint);
        continue;
      }
      const map = remap(this.multiDicts[m], data.multiDicts[m]);
      this.multiCols[m].appendMapped(data.multis[m], map, this.multiDicts[m].count, hint);
    }
    this.timeCol.append(data.time, 0, hint);
    this.receivedCol.append(data.received, 0, hint);
    this.offsetCol.append(data.offset, 0, hint);
    this.lengthCol.append(data.length, 0, hint);
    this.lineCol.append(data.line, lineBase - 1, hint);
    this.codeCol.append(data.code, 0, hint);
    this.recordCol.append(data.record, 0, hint);
    this.sourceCol.appendRepeated(source.id, n, hint);
    this.rows += n;
    source.events += n;
    source.lines += data.lines;
    source.blankLines += data.blankLines;
    source.skippedCount += data.skippedCount;
    source.invalidUtf8Lines += data.invalidUtf8Lines;
    for (const skipped of data.skipped) {
      if (source.skipped.length < 1000) source.skipped.push({ ...skipped, line: skipped.line + lineBase - 1 });
    }
    for (const warning of data.warnings) {
      if (source.warnings.length < 1000) source.warnings.push({ ...warning, line: warning.line + lineBase - 1 });
    }
    this.version++;
  }

  /**
   * Sizes the dictionaries for a source `growth` times as big as its first segment, assuming that the number of
   * distinct values grows with the rows (true for auditIDs and URIs; the few values of other fields cost little).
   */
  private reserveDictionaries(data: SegmentData, growth: number): void {
    const reserve = (dictionary: ByteDictionary, parts: ByteDictionaryParts): void => {
      if (parts.count < 1024) return;
      dictionary.reserve(Math.ceil(parts.count * growth));
    };
    this.stringDicts.forEach((dictionary, c) => reserve(dictionary, data.stringDicts[c]));
    this.multiDicts.forEach((dictionary, m) => reserve(dictionary, data.multiDicts[m]));
  }

  /** Trims growth slack once ingest is done. */
  compact(): void {
    for (const column of [...this.stringCols, ...this.multiCols, this.sourceCol]) column.compact();
    for (const column of [this.timeCol, this.receivedCol, this.offsetCol, this.lengthCol, this.lineCol])
      column.compact();
    this.codeCol.compact();
    this.recordCol.compact();
  }

  /** Heap bytes held by columns and dictionaries. */
  byteSize(): number {
    let total = 0;
    for (const column of [...this.stringCols, ...this.multiCols, this.sourceCol]) total += column.byteSize();
    for (const column of [this.timeCol, this.receivedCol, this.offsetCol, this.lengthCol, this.lineCol]) {
      total += column.byteSize();
    }
    total += this.codeCol.byteSize() + this.recordCol.byteSize();
    for (const dictionary of [...this.stringDicts, ...this.multiDicts]) total += dictionary.byteSize();
    return total;
  }

  // ---- IndexView ----
  get code(): Uint16Array {
    return this.codeCol.array;
  }
  get time(): Float64Array {
    this.checkIndexed('time');
    return this.timeCol.array;
  }
  get received(): Float64Array {
    this.checkIndexed('received');
    return this.receivedCol.array;
  }

  string(name: string): StringColumnView {
    if (SOURCE_FIELDS.has(name)) {
      const key = name as 'file' | 'node' | 'cluster';
      const sources = this.sources;
      // Source codes are source ids, which start at 0.
      return {
        codes: this.sourceCol.array,
        size: sources.length,
        value: (code) => sources[code]?.[key] ?? '',
        find: (value) => {
          const index = sources.findIndex((source) => source[key] === value && value !== '');
          return index;
        },
        present: (code) => (sources[code]?.[key] ?? '') !== '',
      };
    }
    const index = STRING_COLUMNS.indexOf(name as (typeof STRING_COLUMNS)[number]);
    if (index < 0) throw new Error(`no string column ${name}`);
    this.checkIndexed(name);
    const dictionary = this.stringDicts[index];
    return {
      codes: this.stringCols[index].array,
      size: dictionary.count,
      value: (code) => dictionary.get(code),
      find: (value) => dictionary.findString(value) || -1,
    };
  }

  multi(name: string): MultiColumnView {
    const index = MULTI_COLUMNS.indexOf(name as (typeof MULTI_COLUMNS)[number]);
    if (index < 0) throw new Error(`no multi column ${name}`);
    this.checkIndexed(name);
    const dictionary = this.multiDicts[index];
    return {
      codes: this.multiCols[index].array,
      size: dictionary.count,
      values: (code) => (code === 0 ? [] : dictionary.get(code).split('\u0000')),
    };
  }

  /** Display value of a string column for a row ('' when absent). Called per cell, so it allocates nothing. */
  stringValue(name: string, row: number): string {
    if (this.skippedColumns.size > 0) this.checkIndexed(name);
    const index = STRING_INDEX.get(name);
    if (index !== undefined) return this.stringDicts[index].get(this.stringCols[index].array[row]);
    const column = this.string(name);
    return column.value(column.codes[row]);
  }

  hasString(name: string, row: number): boolean {
    const index = STRING_INDEX.get(name);
    if (index === undefined) return this.stringValue(name, row) !== '';
    return this.stringCols[index].array[row] !== 0;
  }

  multiValues(name: string, row: number): string[] {
    if (this.skippedColumns.size > 0) this.checkIndexed(name);
    const index = MULTI_INDEX.get(name);
    if (index === undefined) throw new Error(`no multi column ${name}`);
    const code = this.multiCols[index].array[row];
    return code === 0 ? [] : this.multiDicts[index].get(code).split('\u0000');
  }
}

/**
 * Rows the store will probably hold once `source` is read to its end: the source's events per byte so far, times its
 * size (plus 2%), on top of the rows before it. Segments of a source are appended in file order.
 */
function expectedRows(rowsBefore: number, source: SourceInfo, data: SegmentData): number {
  const bytesRead = data.consumedTo;
  const rowsOfSource = source.events + data.rows;
  if (bytesRead <= 0 || source.bytes <= bytesRead) return rowsBefore + data.rows;
  return rowsBefore + data.rows + Math.ceil(((rowsOfSource / bytesRead) * (source.bytes - bytesRead) * 1.02) | 0);
}

/** map[localCode] = global code, interning every local value into the global dictionary. */
function remap(global: ByteDictionary, local: ByteDictionaryParts): Uint32Array {
  const map = new Uint32Array(Math.max(1, local.count));
  const { arena, starts, hashes } = local;
  const view = viewOf(arena);
  for (let code = 1; code < local.count; code++) {
    map[code] = global.internHashed(arena, starts[code], starts[code + 1], hashes[code], view);
  }
  return map;
}
