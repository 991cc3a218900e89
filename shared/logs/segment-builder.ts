// Collects the indexed fields of consecutive events into typed columns with local dictionaries.
// One builder holds one segment (a byte range of one source); the index later merges segments and remaps codes.

import { ByteDictionary, hashView, viewOf, type ByteDictionaryParts } from './byte-dictionary.ts';
import { MULTI_COLUMNS, SET_SEPARATOR, STRING_COLUMNS } from './event-schema.ts';
import { isValidUtf8 } from './utf8.ts';

/** A problem with one line (or record) of a source. */
export interface SkippedLine {
  line: number;
  column: number;
  offset: number;
  reason: string;
}

/** The transferable result of building a segment. */
export interface SegmentData {
  rows: number;
  time: Float64Array;
  received: Float64Array;
  offset: Float64Array;
  length: Uint32Array;
  line: Uint32Array;
  code: Uint16Array;
  record: Uint8Array;
  /** Codes per row; empty for a column with no value in the segment (its dictionary count is 1). */
  strings: Uint32Array[];
  multis: Uint32Array[];
  stringDicts: ByteDictionaryParts[];
  multiDicts: ByteDictionaryParts[];
  skipped: SkippedLine[];
  warnings: SkippedLine[];
  /** Skipped lines beyond the first ones kept in `skipped`. */
  skippedCount: number;
  blankLines: number;
  lines: number;
  /** Lines whose indexed text was not valid UTF-8 (kept, with U+FFFD). */
  invalidUtf8Lines: number;
  /** Byte position just after the last complete line consumed. */
  consumedTo: number;
}

export const MAX_SKIPPED_DETAILS = 1000;

/** What a scanner writes into, one event at a time. */
export interface EventSink {
  /**
   * `hash`, when given, is hashBytes() of the value; `view`, when given, is viewOf(bytes); `ascii` true promises the
   * bytes are all below 0x80 (so valid UTF-8).
   */
  setString(
    column: number,
    bytes: Uint8Array,
    start: number,
    end: number,
    hash?: number,
    view?: DataView,
    ascii?: boolean,
  ): void;
  /** `view`, when given, is viewOf(bytes). */
  addMultiValue(column: number, bytes: Uint8Array, start: number, end: number, view?: DataView): void;
  clearMulti(column: number): void;
  setCode(code: number): void;
  setTime(micros: number): void;
  setReceived(micros: number): void;
  /** v1alpha1/v1beta1 `timestamp`: used for time/received when the stage timestamps are missing. */
  setLegacyTimestamp(micros: number): void;
}

export class SegmentBuilder implements EventSink {
  rows = 0;
  private capacity: number;
  time: Float64Array;
  received: Float64Array;
  offset: Float64Array;
  length: Uint32Array;
  line: Uint32Array;
  code: Uint16Array;
  record: Uint8Array;
  strings: Uint32Array[];
  multis: Uint32Array[];
  readonly stringDicts = STRING_COLUMNS.map(() => new ByteDictionary(64));
  readonly multiDicts = MULTI_COLUMNS.map(() => new ByteDictionary(64));
  skipped: SkippedLine[] = [];
  skippedCount = 0;
  blankLines = 0;
  lines = 0;
  invalidUtf8Lines = 0;
  consumedTo = 0;

  // The event being built.
  private pendingTime = NaN;
  private pendingReceived = NaN;
  private pendingLegacy = NaN;
  private multiScratch = MULTI_COLUMNS.map(() => new Uint8Array(256));
  private multiViews = this.multiScratch.map(viewOf);
  private multiLength = MULTI_COLUMNS.map(() => -1);
  private pendingInvalid = false;
  /** The current row has string or code values from an event that may not be kept (see beginEvent). */
  private rowDirty = false;
  private readonly invalidCodes = STRING_COLUMNS.map(() => new Set<number>());
  /** Events kept despite invalid UTF-8 in an indexed field (first ones, with their line). */
  warnings: SkippedLine[] = [];

  constructor(initialCapacity = 4096) {
    this.capacity = initialCapacity;
    this.time = new Float64Array(initialCapacity);
    this.received = new Float64Array(initialCapacity);
    this.offset = new Float64Array(initialCapacity);
    this.length = new Uint32Array(initialCapacity);
    this.line = new Uint32Array(initialCapacity);
    this.code = new Uint16Array(initialCapacity);
    this.record = new Uint8Array(initialCapacity);
    this.strings = STRING_COLUMNS.map(() => new Uint32Array(initialCapacity));
    this.multis = MULTI_COLUMNS.map(() => new Uint32Array(initialCapacity));
  }

  /** Empties the builder for the next segment, keeping its allocated columns and dictionaries. */
  reset(): void {
    // Rows start out absent (0) without per-row clearing: clear what the last segment wrote, uncommitted row included.
    const used = Math.min(this.capacity, this.rows + 1);
    for (const column of this.strings) column.fill(0, 0, used);
    this.code.fill(0, 0, used);
    this.rowDirty = false;
    this.rows = 0;
    this.skipped = [];
    this.warnings = [];
    this.skippedCount = 0;
    this.blankLines = 0;
    this.lines = 0;
    this.invalidUtf8Lines = 0;
    this.consumedTo = 0;
    for (const dictionary of this.stringDicts) dictionary.clear();
    for (const dictionary of this.multiDicts) dictionary.clear();
    for (const codes of this.invalidCodes) codes.clear();
  }

  /** Starts a new event row; its fields default to absent. */
  beginEvent(): void {
    if (this.rows >= this.capacity) this.grow();
    if (this.rowDirty) {
      // An event that was not kept (a line that turned out not to be one) left fields in this row.
      const row = this.rows;
      for (let c = 0; c < this.strings.length; c++) this.strings[c][row] = 0;
      this.code[row] = 0;
      this.rowDirty = false;
    }
    this.pendingTime = NaN;
    this.pendingReceived = NaN;
    this.pendingLegacy = NaN;
    this.multiLength[0] = -1;
    this.multiLength[1] = -1;
    this.pendingInvalid = false;
  }

  /** Keeps the row being built. */
  commitEvent(offset: number, length: number, line: number, record: number): void {
    const row = this.rows;
    const legacy = this.pendingLegacy;
    this.time[row] = Number.isNaN(this.pendingTime) ? legacy : this.pendingTime;
    this.received[row] = Number.isNaN(this.pendingReceived) ? legacy : this.pendingReceived;
    this.offset[row] = offset;
    this.length[row] = length;
    this.line[row] = line;
    this.record[row] = record;
    for (let m = 0; m < this.multis.length; m++) {
      const used = this.multiLength[m];
      if (used <= 0) {
        this.multis[m][row] = 0;
        continue;
      }
      const before = this.multiDicts[m].count;
      const scratch = this.multiScratch[m];
      const view = this.multiViews[m];
      const code = this.multiDicts[m].internHashed(scratch, 0, used, hashView(scratch, view, 0, used), view);
      this.multis[m][row] = code;
      if (code === before && !isValidUtf8(this.multiScratch[m], 0, used)) this.pendingInvalid = true;
    }
    this.rowDirty = false; // the next row has never been written
    if (this.pendingInvalid) {
      this.invalidUtf8Lines++;
      if (this.warnings.length < MAX_SKIPPED_DETAILS) {
        this.warnings.push({ line, column: 1, offset, reason: 'invalid UTF-8 in an indexed field (shown as U+FFFD)' });
      }
    }
    this.rows++;
  }

  setString(
    column: number,
    bytes: Uint8Array,
    start: number,
    end: number,
    hash?: number,
    view?: DataView,
    ascii?: boolean,
  ): void {
    const dictionary = this.stringDicts[column];
    const before = dictionary.count;
    const code =
      hash === undefined
        ? dictionary.intern(bytes, start, end)
        : dictionary.internHashed(bytes, start, end, hash, view);
    this.strings[column][this.rows] = code;
    this.rowDirty = true;
    if (code === before && ascii !== true && !isValidUtf8(bytes, start, end)) this.invalidCodes[column].add(code);
    // Only dictionaries that ever saw invalid UTF-8 pay for the lookup.
    if (this.invalidCodes[column].size > 0 && this.invalidCodes[column].has(code)) this.pendingInvalid = true;
  }

  clearMulti(column: number): void {
    this.multiLength[column] = 0;
  }

  addMultiValue(column: number, bytes: Uint8Array, start: number, end: number, view?: DataView): void {
    let used = this.multiLength[column];
    if (used < 0) used = 0;
    const needed = used + (end - start) + 1;
    let scratch = this.multiScratch[column];
    if (needed > scratch.length) {
      const bigger = new Uint8Array(Math.max(needed, scratch.length * 2));
      bigger.set(scratch.subarray(0, used));
      scratch = this.multiScratch[column] = bigger;
      this.multiViews[column] = viewOf(bigger);
    }
    if (used > 0) scratch[used++] = SET_SEPARATOR;
    let k = start;
    if (view !== undefined) {
      const to = this.multiViews[column];
      for (; k + 4 <= end; k += 4, used += 4) to.setInt32(used, view.getInt32(k, true), true);
    }
    for (; k < end; k++) scratch[used++] = bytes[k];
    this.multiLength[column] = used;
  }

  setCode(code: number): void {
    this.code[this.rows] = code >= 0 && code < 65535 ? code + 1 : 0;
    this.rowDirty = true;
  }

  setTime(micros: number): void {
    this.pendingTime = micros;
  }

  setReceived(micros: number): void {
    this.pendingReceived = micros;
  }

  setLegacyTimestamp(micros: number): void {
    this.pendingLegacy = micros;
  }

  /** Current row's value of a string column, as bytes interned so far (for formats that copy between events). */
  stringCode(column: number, row: number): number {
    return this.strings[column][row];
  }

  skip(line: number, column: number, offset: number, reason: string): void {
    this.skippedCount++;
    if (this.skipped.length < MAX_SKIPPED_DETAILS) this.skipped.push({ line, column, offset, reason });
  }

  /**
   * Trimmed copies of the columns and dictionary parts (the builder may then be reset and reused), all in one
   * ArrayBuffer: a segment costs one allocation and one transfer, and the receiving thread frees one block of about
   * the same size each time, which the allocator reuses instead of fragmenting its heap. `reuse`, a buffer of an
   * earlier segment that is no longer needed, is filled instead of a new one when it is big enough.
   */
  finish(reuse?: ArrayBuffer): SegmentData {
    const n = this.rows;
    const layout = new PackedLayout();
    // Widest elements first, so every view is aligned.
    const time = layout.add(Float64Array, n);
    const received = layout.add(Float64Array, n);
    const offset = layout.add(Float64Array, n);
    const length = layout.add(Uint32Array, n);
    const line = layout.add(Uint32Array, n);
    // Empty columns (most of them when a one-shot query indexes only its own) are not copied or sent.
    const stringDicts = this.stringDicts.map((dictionary) => dictionary.partsView());
    const multiDicts = this.multiDicts.map((dictionary) => dictionary.partsView());
    const strings = stringDicts.map((parts) => layout.add(Uint32Array, parts.count > 1 ? n : 0));
    const multis = multiDicts.map((parts) => layout.add(Uint32Array, parts.count > 1 ? n : 0));
    const dictionaries = [...stringDicts, ...multiDicts].map((parts) => ({
      starts: layout.add(Uint32Array, parts.starts.length),
      hashes: layout.add(Uint32Array, parts.hashes.length),
    }));
    const code = layout.add(Uint16Array, n);
    const record = layout.add(Uint8Array, n);
    const arenas = [...stringDicts, ...multiDicts].map((parts) => layout.add(Uint8Array, parts.arena.length));
    // Some slack, so that the next segments (of about the same size) fit in this buffer when it comes back.
    const buffer = reuse && reuse.byteLength >= layout.bytes ? reuse : new ArrayBuffer(Math.ceil(layout.bytes * 1.25));
    const copy = <T extends TypedArray>(slot: Slot<T>, from: T): T => {
      const to = slot.view(buffer);
      to.set(from.subarray(0, to.length));
      return to;
    };
    const packedParts = (parts: ByteDictionaryParts, index: number): ByteDictionaryParts => ({
      arena: copy(arenas[index], parts.arena),
      starts: copy(dictionaries[index].starts, parts.starts),
      hashes: copy(dictionaries[index].hashes, parts.hashes),
      count: parts.count,
    });
    return {
      rows: n,
      time: copy(time, this.time),
      received: copy(received, this.received),
      offset: copy(offset, this.offset),
      length: copy(length, this.length),
      line: copy(line, this.line),
      code: copy(code, this.code),
      record: copy(record, this.record),
      strings: strings.map((slot, c) => copy(slot, this.strings[c])),
      multis: multis.map((slot, m) => copy(slot, this.multis[m])),
      stringDicts: stringDicts.map((parts, c) => packedParts(parts, c)),
      multiDicts: multiDicts.map((parts, m) => packedParts(parts, stringDicts.length + m)),
      skipped: this.skipped,
      warnings: this.warnings,
      skippedCount: this.skippedCount,
      blankLines: this.blankLines,
      lines: this.lines,
      invalidUtf8Lines: this.invalidUtf8Lines,
      consumedTo: this.consumedTo,
    };
  }

  private grow(): void {
    const capacity = this.capacity * 2;
    const grow = <T extends Float64Array | Uint32Array | Uint16Array | Uint8Array>(
      old: T,
      make: (n: number) => T,
    ): T => {
      const next = make(capacity);
      next.set(old);
      return next;
    };
    this.time = grow(this.time, (n) => new Float64Array(n));
    this.received = grow(this.received, (n) => new Float64Array(n));
    this.offset = grow(this.offset, (n) => new Float64Array(n));
    this.length = grow(this.length, (n) => new Uint32Array(n));
    this.line = grow(this.line, (n) => new Uint32Array(n));
    this.code = grow(this.code, (n) => new Uint16Array(n));
    this.record = grow(this.record, (n) => new Uint8Array(n));
    this.strings = this.strings.map((column) => grow(column, (n) => new Uint32Array(n)));
    this.multis = this.multis.map((column) => grow(column, (n) => new Uint32Array(n)));
    this.capacity = capacity;
  }
}

/** The one buffer all the arrays of a segment share. */
export function segmentBuffer(data: SegmentData): ArrayBuffer {
  return data.time.buffer as ArrayBuffer;
}

/** Transferable buffers of a segment (for postMessage). */
export function segmentTransferList(data: SegmentData): ArrayBuffer[] {
  return [segmentBuffer(data)];
}

type TypedArray = Float64Array | Uint32Array | Uint16Array | Uint8Array;

interface TypedArrayType<T extends TypedArray> {
  new (buffer: ArrayBuffer, byteOffset: number, length: number): T;
  readonly BYTES_PER_ELEMENT: number;
}

interface Slot<T extends TypedArray> {
  view(buffer: ArrayBuffer): T;
}

/** Places typed arrays one after another in a single buffer (callers add the widest elements first). */
class PackedLayout {
  bytes = 0;

  add<T extends TypedArray>(type: TypedArrayType<T>, length: number): Slot<T> {
    const size = type.BYTES_PER_ELEMENT;
    const offset = Math.ceil(this.bytes / size) * size;
    this.bytes = offset + length * size;
    return { view: (buffer) => new type(buffer, offset, length) };
  }
}
