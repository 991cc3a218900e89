// Reads one byte range of a source file and ingests its lines (runs inside an ingest worker, or in-thread).
// The range starts at a line start; the last line may run past `end` and is read to its newline.

import { closeSync, openSync, readSync } from 'node:fs';
import type { ColumnSelection } from '../../../shared/logs/event-schema.ts';
import { JsonEventScanner } from '../../../shared/logs/json-event-scanner.ts';
import { DEFAULT_MAX_LINE_BYTES, ingestDocument, ingestLines } from '../../../shared/logs/record-ingest.ts';
import { SegmentBuilder, type SegmentData } from '../../../shared/logs/segment-builder.ts';
import type { WasmLineScanner } from '../../../shared/logs/fast-scanner-client.ts';
import { createWasmLineScanner } from './load-fast-scanner.ts';

export interface SegmentTask {
  path: string;
  /** First byte (a line start). */
  start: number;
  /** Lines starting before this offset belong to the segment. */
  end: number;
  /** The source is complete: a last line without newline is a line (not a partial write). */
  final: boolean;
  layout: 'lines' | 'document';
  maxLineBytes?: number;
  /** Only these columns are filled (the others stay absent); undefined: all. */
  columns?: ColumnSelection;
}

/** Bytes read at a time: 1 MB, so what was just read is still in the CPU's caches when it is scanned. */
const READ_SIZE = 1024 * 1024;
/** How far past the segment's end to read at a time: only the line that crosses the end is needed from there. */
const READ_PAST_END = 1024 * 1024;
/** A grown read buffer is kept for the next segment only up to this size. */
const KEEP_BUFFER_BYTES = 64 * 1024 * 1024;

const scanner = new JsonEventScanner();
// Reused across segments of this thread: fresh multi-MB buffers cost page faults on every segment.
let readBuffer: Buffer | undefined;
let lineBuilder: SegmentBuilder | undefined;
// The read buffer lives in the WebAssembly fast path's memory when it loads, so lines are scanned where they are read.
let fastScanner: WasmLineScanner | undefined;

function initialReadBuffer(): Buffer {
  fastScanner = createWasmLineScanner(READ_SIZE);
  if (!fastScanner) return Buffer.allocUnsafeSlow(READ_SIZE);
  scanner.setAccelerator(fastScanner);
  const bytes = fastScanner.bytes;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

// Buffers of segments already merged into an index, sent back to be filled again (see SegmentBuilder.finish).
const spareBuffers: ArrayBuffer[] = [];
const MAX_SPARE_BUFFERS = 2;

/** Takes back the buffer of a segment this thread made, once its data has been copied into an index. */
export function recycleSegmentBuffer(buffer: ArrayBuffer): void {
  if (spareBuffers.length < MAX_SPARE_BUFFERS && buffer.byteLength > 0) spareBuffers.push(buffer);
}

/** Lines this thread's fast path has scanned (the JavaScript scanner read the others). */
export function fastScannedLines(): number {
  return fastScanner?.fastLines ?? 0;
}

/** Scans a segment; line numbers in the result count from 1 at `start`. */
export function scanSegment(task: SegmentTask): SegmentData {
  scanner.setColumns(task.columns);
  const fd = openSync(task.path, 'r');
  try {
    return task.layout === 'document' ? scanDocument(fd, task) : scanLines(fd, task);
  } finally {
    closeSync(fd);
  }
}

function scanDocument(fd: number, task: SegmentTask): SegmentData {
  const builder = new SegmentBuilder(256);
  const length = task.end - task.start;
  const bytes = new Uint8Array(length);
  let filled = 0;
  while (filled < length) {
    const n = readSync(fd, bytes, filled, length - filled, task.start + filled);
    if (n === 0) break;
    filled += n;
  }
  ingestDocument({
    bytes: bytes.subarray(0, filled),
    baseOffset: task.start,
    builder,
    scanner,
    legacy: new Map(),
    final: true,
  });
  return builder.finish(spareBuffers.pop());
}

function scanLines(fd: number, task: SegmentTask): SegmentData {
  const maxLine = task.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const builder = (lineBuilder ??= new SegmentBuilder(1 << 16));
  builder.reset();
  const legacy = new Map();
  // A Buffer so that newline search is native memchr; the scanner reads it as a Uint8Array.
  const usual = (readBuffer ??= initialReadBuffer());
  let buffer = usual;
  let bytes = plainBytes(buffer);
  let bufferStart = task.start; // file offset of buffer[0]
  let filled = 0;
  let line = 1;
  let eof = false;
  for (;;) {
    // Fill the buffer.
    if (!eof && filled < buffer.length) {
      const wanted = Math.max(0, task.end - (bufferStart + filled)) + READ_PAST_END;
      const n = readSync(fd, buffer, filled, Math.min(buffer.length - filled, wanted), bufferStart + filled);
      if (n === 0) eof = true;
      filled += n;
    }
    // Only lines that start before task.end belong to this segment.
    const limit = Math.min(filled, task.end - bufferStart);
    const lastNewline = lastIndexOfNewline(buffer, limit > 0 ? filled : 0);
    const final = eof && task.final;
    let consumed: number;
    if (lastNewline >= 0 || final) {
      const upTo = final && lastNewline < 0 ? filled : lastNewline + 1;
      const stopAt = lineStartLimit(buffer, upTo, limit);
      const cursor = { bytes, baseOffset: bufferStart, builder, scanner, legacy, final: final && stopAt === filled };
      const result = ingestLines(cursor, 0, stopAt, line, buffer);
      consumed = result.consumed;
      line = result.nextLine;
    } else {
      consumed = 0;
    }
    const nextStart = bufferStart + consumed;
    if (nextStart >= task.end || (eof && consumed >= filled)) break;
    if (eof && consumed === 0) {
      // A partial last line of a source still being written: leave it for the next read.
      break;
    }
    if (consumed === 0) {
      // One line fills the whole buffer: grow it, or skip the line when it is beyond the limit.
      if (buffer.length >= maxLine) {
        const skipTo = skipLongLine(fd, bufferStart + filled);
        builder.skip(line, 1, bufferStart, `line longer than ${maxLine} bytes`);
        builder.lines++;
        line++;
        if (skipTo < 0) break;
        bufferStart = skipTo;
        filled = 0;
        eof = false;
        continue;
      }
      const bigger = Buffer.allocUnsafeSlow(Math.min(maxLine, buffer.length * 2));
      bigger.set(buffer.subarray(0, filled));
      buffer = bigger;
      bytes = plainBytes(bigger);
      // A grown buffer is outside the fast path's memory: keep it only when there is no fast path.
      if (bigger.length <= KEEP_BUFFER_BYTES && !fastScanner) readBuffer = bigger;
      continue;
    }
    filled -= consumed;
    if (buffer !== usual && filled <= usual.length) {
      // Past a long line that needed a grown buffer: back to the usual one (the fast path's).
      usual.set(buffer.subarray(consumed, consumed + filled));
      buffer = usual;
      bytes = plainBytes(buffer);
    } else {
      buffer.copyWithin(0, consumed, consumed + filled);
    }
    bufferStart = nextStart;
  }
  builder.consumedTo = Math.max(builder.consumedTo, task.start);
  return builder.finish(spareBuffers.pop());
}

/**
 * The same memory as a plain Uint8Array, so the scanner's element reads stay monomorphic (and, for the fast path's
 * buffer, the very array the scanner recognises).
 */
function plainBytes(buffer: Buffer): Uint8Array {
  const fast = fastScanner?.bytes;
  if (fast && buffer.buffer === fast.buffer && buffer.byteOffset === fast.byteOffset) return fast;
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** Index just past the last newline in buffer[0, filled), or -1. */
function lastIndexOfNewline(buffer: Uint8Array, filled: number): number {
  return filled > 0 ? buffer.lastIndexOf(10, filled - 1) : -1;
}

/** Lines after `limit` belong to the next segment: cut `upTo` back to the first line start at or after limit. */
function lineStartLimit(buffer: Uint8Array, upTo: number, limit: number): number {
  if (upTo <= limit) return upTo;
  if (limit <= 0) return 0;
  const newline = buffer.indexOf(10, limit - 1);
  return newline < 0 || newline + 1 > upTo ? upTo : newline + 1;
}

/** Offset just after the next newline at or after `from`, or -1 at end of file. */
function skipLongLine(fd: number, from: number): number {
  const chunk = new Uint8Array(1 << 20);
  let at = from;
  for (;;) {
    const n = readSync(fd, chunk, 0, chunk.length, at);
    if (n === 0) return -1;
    const newline = chunk.subarray(0, n).indexOf(10);
    if (newline >= 0) return at + newline + 1;
    at += n;
  }
}
