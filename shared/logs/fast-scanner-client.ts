// The WebAssembly fast path of the JSON event scanner (built from shared/wasm/fast-scanner.ts): it reads lines that
// sit in its own memory, and hands their fields to the sink exactly as JsonEventScanner would. Lines it cannot decide
// alone are left to JsonEventScanner. Loading the module is the host's job (electron/backend/logs/load-fast-scanner.ts).

import { MULTI_COLUMNS, STRING_COLUMNS, type ColumnSelection } from './event-schema.ts';
import {
  LINE_EVENT,
  MAX_MULTI,
  OUT_ASCII,
  OUT_CODE,
  OUT_LINE_END,
  OUT_MICROS,
  OUT_MULTI,
  OUT_MULTI_COUNT,
  OUT_NEWLINE,
  OUT_OBJECT_START,
  OUT_TIMES,
} from './scanner-layout.ts';
import type { EventSink } from './segment-builder.ts';
import { parseTimestampBytes } from './timestamps.ts';

/** The exports of fast-scanner.wasm. */
export interface LineScannerExports {
  memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  heapBase(): number;
  workspaceBytes(): number;
  configure(outPtr: number, strings: number, multis: number, times: boolean): void;
  scanNext(start: number, bufferEnd: number): number;
}

/** The module reads whole 16-byte vectors, up to 17 bytes past the end of the data: memory it may read. */
const READ_AHEAD = 64;

/** A fast path for JSON lines held in `bytes` (see JsonEventScanner.setAccelerator). */
export interface LineAccelerator {
  readonly bytes: Uint8Array;
  configure(columns: ColumnSelection | undefined): void;
  /**
   * Scans the line that starts at bytes[start], in a buffer whose complete data ends at `end`. LINE_EVENT: an audit
   * event, its fields went to the sink, and objectStart/lineEnd/newline say where it is. LINE_OTHER: a line for the
   * JavaScript scanner, ending at `newline`. LINE_PARTIAL: no newline before `end`.
   */
  scanNext(start: number, end: number, sink: EventSink): number;
  /** Where the last event's JSON object starts. */
  readonly objectStart: number;
  /** The end of the last event's line, before its newline and a carriage return before that. */
  readonly lineEnd: number;
  /** The newline that ends the last line scanned. */
  readonly newline: number;
}

export class WasmLineScanner implements LineAccelerator {
  /** The input area in the module's memory: callers read source bytes into it. */
  readonly bytes: Uint8Array;
  private readonly base: number;
  // All of the module's memory: outputs point into the input area or into the module's scratch area.
  private readonly memoryBytes: Uint8Array;
  private readonly memoryView: DataView;
  private readonly out: Int32Array;
  private readonly micros: Float64Array;
  private readonly scanLine: (start: number, bufferEnd: number) => number;
  private wantedStrings: number[] = [];
  private wantedMultis: number[] = [];
  /** Lines the module decided (the rest went to JsonEventScanner): for benchmarks and tests. */
  fastLines = 0;

  /** Sets the module's memory up for an input area of `inputBytes`. */
  constructor(
    private readonly exports: LineScannerExports,
    inputBytes: number,
  ) {
    const outPtr = align(exports.heapBase(), 16);
    const inputStart = align(outPtr + exports.workspaceBytes(), 16);
    const needed = inputStart + inputBytes + READ_AHEAD;
    const memory = exports.memory;
    const pages = Math.ceil((needed - memory.buffer.byteLength) / 65536);
    if (pages > 0) memory.grow(pages);
    // The memory never grows again, so these views stay valid.
    this.bytes = new Uint8Array(memory.buffer, inputStart, inputBytes);
    this.base = inputStart;
    this.memoryBytes = new Uint8Array(memory.buffer);
    this.memoryView = new DataView(memory.buffer);
    this.out = new Int32Array(memory.buffer, outPtr, exports.workspaceBytes() >> 2);
    this.micros = new Float64Array(memory.buffer, outPtr + OUT_MICROS * 4, 3);
    this.scanLine = exports.scanNext;
    exports.configure(outPtr, 0, 0, true);
    this.configure(undefined);
  }

  configure(columns: ColumnSelection | undefined): void {
    this.wantedStrings = columns ? [...columns.strings] : STRING_COLUMNS.map((_, column) => column);
    this.wantedMultis = columns ? [...columns.multis] : MULTI_COLUMNS.map((_, column) => column);
    let strings = 0;
    for (const column of this.wantedStrings) strings |= 1 << column;
    let multis = 0;
    for (const column of this.wantedMultis) multis |= 1 << column;
    this.exports.configure(this.out.byteOffset, strings, multis, columns?.times ?? true);
  }

  get objectStart(): number {
    return this.out[OUT_OBJECT_START] - this.base;
  }

  get lineEnd(): number {
    return this.out[OUT_LINE_END] - this.base;
  }

  get newline(): number {
    return this.out[OUT_NEWLINE] - this.base;
  }

  scanNext(start: number, end: number, sink: EventSink): number {
    const found = this.scanLine(this.base + start, this.base + end);
    if (found !== LINE_EVENT) return found;
    this.fastLines++;
    const out = this.out;
    const bytes = this.memoryBytes;
    const view = this.memoryView;
    const ascii = out[OUT_ASCII];
    const strings = this.wantedStrings;
    for (let i = 0; i < strings.length; i++) {
      const column = strings[i];
      const slot = column * 3;
      const at = out[slot];
      if (at < 0) continue;
      sink.setString(column, bytes, at, out[slot + 1], out[slot + 2] >>> 0, view, (ascii & (1 << column)) !== 0);
    }
    const code = out[OUT_CODE];
    if (code >= 0) sink.setCode(code);
    for (let which = 0; which < 3; which++) {
      const at = out[OUT_TIMES + which * 2];
      if (at < 0) continue;
      let micros = this.micros[which];
      // NaN: not the API server's layout, another RFC 3339 form that the TypeScript parser reads.
      if (Number.isNaN(micros)) micros = parseTimestampBytes(bytes, at, out[OUT_TIMES + which * 2 + 1], view);
      if (which === 0) sink.setTime(micros);
      else if (which === 1) sink.setReceived(micros);
      else sink.setLegacyTimestamp(micros);
    }
    const multis = this.wantedMultis;
    for (let i = 0; i < multis.length; i++) {
      const column = multis[i];
      const count = out[OUT_MULTI_COUNT + column];
      if (count < 0) continue;
      sink.clearMulti(column);
      const first = OUT_MULTI + column * 2 * MAX_MULTI;
      for (let k = 0; k < count; k++) {
        sink.addMultiValue(column, bytes, out[first + 2 * k], out[first + 2 * k + 1], view);
      }
    }
    return LINE_EVENT;
  }
}

function align(value: number, to: number): number {
  return Math.ceil(value / to) * to;
}
