// Turns bytes of a source into index rows: JSON lines (the fast path), legacy text lines, and JSON documents
// (pretty-printed events, arrays, EventList, Azure records). Every line that does not become an event is either
// counted as blank or recorded as skipped with its line, column and reason.

import { containerElements, skipJsonValue, skipWhitespace, unwrapRecordEvent } from './json-containers.ts';
import {
  M_GROUP,
  M_SOURCEIP,
  RECORD_JSON,
  RECORD_LEGACY,
  RECORD_WRAPPED,
  S_AUDITID,
  S_IMPERSONATED,
  S_NS,
  S_STAGE,
  S_URI,
  S_USER,
  S_USERAGENT,
  S_VERB,
} from './event-schema.ts';
import { SCAN_CONTAINER, SCAN_EVENT, SCAN_NOT_EVENT, type JsonEventScanner } from './json-event-scanner.ts';
import { looksLikeLegacyLine, parseLegacyLine, type LegacyEvent } from './legacy-format.ts';
import type { SegmentBuilder } from './segment-builder.ts';
import { decodeUtf8, encodeUtf8 } from './utf8.ts';
import type { LineAccelerator } from './fast-scanner-client.ts';
import { LINE_EVENT, LINE_OTHER, LINE_PARTIAL } from './scanner-layout.ts';

const NEWLINE = 10;
const CR = 13;

/** Lines longer than this are skipped (reported), never buffered whole. */
export const DEFAULT_MAX_LINE_BYTES = 256 * 1024 * 1024;

export type SourceLayout = 'lines' | 'document';

/**
 * Decides how to read a source from its first bytes: JSON lines (and legacy lines) are read line by line; a source
 * whose first value spans several lines (pretty-printed JSON, an array) is read as a document.
 */
export function detectLayout(head: Uint8Array): SourceLayout {
  let p = hasBom(head) ? 3 : 0;
  p = skipWhitespace(head, p, head.length);
  if (p >= head.length) return 'lines';
  const first = head[p];
  if (first === 91) return 'document';
  if (first !== 123) return 'lines';
  let newline = head.indexOf(NEWLINE, p);
  if (newline < 0) newline = head.length;
  return skipJsonValue(head, p, newline) < 0 ? 'document' : 'lines';
}

export function hasBom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/** Per-source memory of legacy request lines, so a pre-1.7 response line can inherit the request's fields. */
export type LegacyRequests = Map<string, LegacyEvent>;

/**
 * One buffer being ingested: its bytes, where they sit in the source, and where its events go. Passed as one object
 * instead of long parameter lists; only the position within the buffer (start, end, line) changes per call.
 */
export interface IngestCursor {
  bytes: Uint8Array;
  /** The source offset of bytes[0]. */
  baseOffset: number;
  builder: SegmentBuilder;
  scanner: JsonEventScanner;
  legacy: LegacyRequests;
  /** A last line without newline is a line (the source really ends there). */
  final: boolean;
}

export interface LineIngestResult {
  /** Index just after the last line consumed (lines are consumed only when complete, unless `final`). */
  consumed: number;
  /** Line number of the next line. */
  nextLine: number;
}

/** Something that finds a byte, like Uint8Array#indexOf (a Node Buffer over the same memory uses memchr). */
export interface ByteFinder {
  indexOf(byte: number, from: number): number;
}

/**
 * Ingests the complete lines in bytes[start, end); `line` is the 1-based number of the line starting at `start`.
 * `newlines` finds newlines in the same bytes (default: `bytes` itself).
 */
export function ingestLines(
  cursor: IngestCursor,
  start: number,
  end: number,
  line: number,
  newlines: ByteFinder = cursor.bytes,
): LineIngestResult {
  const { bytes, baseOffset, builder } = cursor;
  let p = start;
  if (baseOffset + start === 0 && hasBom(bytes.subarray(start, end))) p += 3;
  const linesBefore = builder.lines;
  const fast = cursor.scanner.accelerator;
  if (fast !== undefined && fast.bytes === bytes) {
    p = ingestLineRangeFast(cursor, p, end, line, fast);
  } else {
    p = ingestLineRange(cursor, p, end, line, newlines);
  }
  const consumed = Math.min(p, end);
  builder.consumedTo = baseOffset + consumed;
  return { consumed, nextLine: line + (builder.lines - linesBefore) };
}

/**
 * The line loop of ingestLines, on its own: V8 optimizes it while it runs (on-stack replacement), and code after
 * the loop in the same function would have no type feedback yet, costing a deoptimization per buffer.
 */
function ingestLineRange(cursor: IngestCursor, p: number, end: number, line: number, newlines: ByteFinder): number {
  const { bytes, builder, final } = cursor;
  while (p < end) {
    let newline = newlines.indexOf(NEWLINE, p);
    if (newline < 0 || newline >= end) {
      if (!final) break;
      newline = end;
    }
    let lineEnd = newline;
    if (lineEnd > p && bytes[lineEnd - 1] === CR) lineEnd--;
    const truncated = newline === end && final;
    ingestOneLine(cursor, p, lineEnd, line, truncated);
    builder.lines++;
    line++;
    p = newline + 1;
  }
  return p;
}

/** ingestLineRange() with the fast path reading each line first; it leaves the lines it cannot decide to JavaScript. */
function ingestLineRangeFast(
  cursor: IngestCursor,
  p: number,
  end: number,
  line: number,
  fast: LineAccelerator,
): number {
  const { bytes, baseOffset, builder, final } = cursor;
  while (p < end) {
    builder.beginEvent();
    const found = fast.scanNext(p, end, builder);
    let newline: number;
    if (found === LINE_EVENT) {
      const objectStart = fast.objectStart;
      builder.commitEvent(baseOffset + objectStart, fast.lineEnd - objectStart, line, RECORD_JSON);
      newline = fast.newline;
    } else {
      newline = found === LINE_OTHER ? fast.newline : end;
      if (found === LINE_PARTIAL && !final) break;
      let lineEnd = newline;
      if (lineEnd > p && bytes[lineEnd - 1] === CR) lineEnd--;
      ingestOneLine(cursor, p, lineEnd, line, found === LINE_PARTIAL);
    }
    builder.lines++;
    line++;
    p = newline + 1;
  }
  return p;
}

function ingestOneLine(cursor: IngestCursor, start: number, end: number, line: number, noNewline: boolean): void {
  const { bytes, baseOffset, builder } = cursor;
  let p = start;
  while (p < end && (bytes[p] === 32 || bytes[p] === 9)) p++;
  if (p >= end) {
    builder.blankLines++;
    return;
  }
  const first = bytes[p];
  if (first === 123 || first === 91) {
    ingestJsonValue(cursor, p, end, line, noNewline);
    return;
  }
  if (first >= 48 && first <= 57) {
    const text = decodeUtf8(bytes, start, Math.min(end, start + 64));
    if (looksLikeLegacyLine(text)) {
      ingestLegacyLine(cursor, decodeUtf8(bytes, start, end), baseOffset + start, end - start, line);
      return;
    }
  }
  builder.skip(line, p - start + 1, baseOffset + start, 'not JSON');
}

/** One JSON value (a line, or a top-level value of a document) → events, or a skip record. */
function ingestJsonValue(cursor: IngestCursor, start: number, end: number, line: number, noNewline: boolean): void {
  const { bytes, baseOffset, builder, scanner } = cursor;
  builder.beginEvent();
  const result = scanner.scan(bytes, start, end, builder);
  if (result === SCAN_EVENT) {
    builder.commitEvent(baseOffset + start, end - start, line, RECORD_JSON);
    return;
  }
  if (result === SCAN_NOT_EVENT) {
    const reason = scanner.notEventReason;
    if (!ingestWrappedRecord(cursor, start, end, line)) {
      builder.skip(line, 1, baseOffset + start, reason);
    }
    return;
  }
  if (result === SCAN_CONTAINER) {
    ingestContainer(cursor, start, end, line);
    return;
  }
  const column = columnOf(bytes, start, scanner.errorPosition);
  const reason =
    noNewline && scanner.errorPosition >= end - 1
      ? `truncated (no newline at end of file): ${scanner.errorMessage}`
      : `not JSON: ${scanner.errorMessage}`;
  builder.skip(line, column, baseOffset + start, reason);
}

const PROPERTIES = encodeUtf8('"properties"');
const MAX_WRAPPED_RECORD = 16 * 1024 * 1024;

/** An Azure diagnostic record on its own: the event is the JSON string in `properties.log`. */
function ingestWrappedRecord(cursor: IngestCursor, start: number, end: number, line: number): boolean {
  const { bytes, baseOffset, builder, scanner } = cursor;
  if (end - start > MAX_WRAPPED_RECORD || indexOfBytes(bytes, PROPERTIES, start, end) < 0) return false;
  const inner = unwrapRecordEvent(decodeUtf8(bytes, start, end));
  if (inner === undefined) return false;
  const innerBytes = encodeUtf8(inner);
  builder.beginEvent();
  if (scanner.scan(innerBytes, 0, innerBytes.length, builder) !== SCAN_EVENT) return false;
  builder.commitEvent(baseOffset + start, end - start, line, RECORD_WRAPPED);
  return true;
}

function indexOfBytes(bytes: Uint8Array, needle: Uint8Array, start: number, end: number): number {
  outer: for (let i = start; i + needle.length <= end; i++) {
    for (let k = 0; k < needle.length; k++) if (bytes[i + k] !== needle[k]) continue outer;
    return i;
  }
  return -1;
}

function columnOf(bytes: Uint8Array, lineStart: number, position: number): number {
  let column = 1;
  for (let i = lineStart; i < position; i++) if ((bytes[i] & 0xc0) !== 0x80) column++;
  return column;
}

function ingestContainer(cursor: IngestCursor, start: number, end: number, line: number): void {
  const { bytes, baseOffset, builder, scanner } = cursor;
  const elements = containerElements(bytes, start, end);
  if (!Array.isArray(elements)) {
    const at = lineAndColumn(bytes, start, line, elements.errorAt);
    builder.skip(at.line, at.column, baseOffset + start, `not JSON: ${elements.message}`);
    return;
  }
  let lineCursor = start;
  let elementLine = line;
  for (const element of elements) {
    for (let i = lineCursor; i < element.start; i++) if (bytes[i] === NEWLINE) elementLine++;
    lineCursor = element.start;
    builder.beginEvent();
    let result: number;
    if (element.wrapped) {
      const inner = unwrapRecordEvent(decodeUtf8(bytes, element.start, element.end));
      if (inner === undefined) {
        builder.skip(elementLine, 1, baseOffset + element.start, 'not an audit event (record without properties.log)');
        continue;
      }
      const innerBytes = encodeUtf8(inner);
      result = scanner.scan(innerBytes, 0, innerBytes.length, builder);
    } else {
      result = scanner.scan(bytes, element.start, element.end, builder);
    }
    if (result === SCAN_EVENT) {
      const record = element.wrapped ? RECORD_WRAPPED : RECORD_JSON;
      builder.commitEvent(baseOffset + element.start, element.end - element.start, elementLine, record);
    } else if (result === SCAN_NOT_EVENT) {
      builder.skip(elementLine, 1, baseOffset + element.start, scanner.notEventReason);
    } else if (result === SCAN_CONTAINER) {
      builder.skip(elementLine, 1, baseOffset + element.start, 'nested container is not supported');
    } else {
      builder.skip(elementLine, 1, baseOffset + element.start, `not JSON: ${scanner.errorMessage}`);
    }
  }
}

function lineAndColumn(
  bytes: Uint8Array,
  start: number,
  line: number,
  position: number,
): { line: number; column: number } {
  let lineStart = start;
  for (let i = start; i < position && i < bytes.length; i++) {
    if (bytes[i] === NEWLINE) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: columnOf(bytes, lineStart, position) };
}

/**
 * A whole document: one or more top-level JSON values separated by whitespace (pretty-printed events, arrays,
 * EventLists). A value that does not parse ends the document: the rest is reported as skipped.
 */
export function ingestDocument(cursor: IngestCursor): void {
  const { bytes, baseOffset, builder } = cursor;
  const end = bytes.length;
  let p = hasBom(bytes) ? 3 : 0;
  let line = 1;
  let lineCursor = 0;
  for (;;) {
    p = skipWhitespace(bytes, p, end);
    for (let i = lineCursor; i < p; i++) if (bytes[i] === NEWLINE) line++;
    lineCursor = p;
    if (p >= end) break;
    const valueEnd = skipJsonValue(bytes, p, end);
    if (valueEnd < 0 || (bytes[p] !== 123 && bytes[p] !== 91)) {
      const column = columnOf(bytes, lastLineStart(bytes, p), p);
      const what = valueEnd < 0 ? 'truncated or malformed JSON value' : 'expected a JSON object or array';
      builder.skip(line, column, baseOffset + p, `not JSON: ${what}; the rest of the file is skipped`);
      break;
    }
    ingestJsonValue(cursor, p, valueEnd, line, false);
    p = valueEnd;
  }
  let lines = 1;
  for (let i = 0; i < end; i++) if (bytes[i] === NEWLINE) lines++;
  builder.lines += lines;
  builder.consumedTo = baseOffset + end;
}

function lastLineStart(bytes: Uint8Array, position: number): number {
  let i = position;
  while (i > 0 && bytes[i - 1] !== NEWLINE) i--;
  return i;
}

function ingestLegacyLine(cursor: IngestCursor, text: string, offset: number, length: number, line: number): void {
  const { builder, legacy } = cursor;
  const parsed = parseLegacyLine(text);
  if ('error' in parsed) {
    builder.skip(line, parsed.column + 1, offset, `not a legacy audit line: ${parsed.error}`);
    return;
  }
  let event = parsed;
  let received = parsed.time;
  if (parsed.responseOnly) {
    const request = legacy.get(parsed.auditID);
    if (request) {
      event = { ...request, code: parsed.code, stage: 'ResponseComplete', time: parsed.time, responseOnly: true };
      received = request.time;
      legacy.delete(parsed.auditID);
    }
  } else if (parsed.stage === 'RequestReceived' || parsed.stage === undefined) {
    legacy.set(parsed.auditID, parsed);
    if (legacy.size > 100_000) legacy.delete(legacy.keys().next().value as string);
  }
  builder.beginEvent();
  const put = (column: number, value: string | undefined): void => {
    if (value === undefined) return;
    const bytes = encodeUtf8(value);
    builder.setString(column, bytes, 0, bytes.length);
  };
  put(S_AUDITID, event.auditID);
  put(S_STAGE, event.stage);
  put(S_VERB, event.verb);
  put(S_USER, event.user);
  put(S_IMPERSONATED, event.impersonated);
  put(S_USERAGENT, event.userAgent);
  put(S_NS, event.namespace);
  put(S_URI, event.uri);
  if (event.sourceIP !== undefined) {
    const bytes = encodeUtf8(event.sourceIP);
    builder.addMultiValue(M_SOURCEIP, bytes, 0, bytes.length);
  }
  if (event.groups) {
    builder.clearMulti(M_GROUP);
    for (const group of event.groups) {
      const bytes = encodeUtf8(group);
      builder.addMultiValue(M_GROUP, bytes, 0, bytes.length);
    }
  }
  if (event.code !== undefined) builder.setCode(event.code);
  builder.setTime(event.time);
  builder.setReceived(received);
  builder.commitEvent(offset, length, line, RECORD_LEGACY);
}
