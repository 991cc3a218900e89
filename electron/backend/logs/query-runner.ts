// Runs a compiled query over the index: column terms in blocks of rows, then the raw events of the rows that are
// still undecided (text search, JSON paths), read in large blocks in file order.

import { RECORD_LEGACY } from '../../../shared/logs/event-schema.ts';
import type { QueryNode } from '../../../shared/logs/query-ast.ts';
import {
  compileQuery,
  NO,
  UNKNOWN,
  YES,
  type CompiledQuery,
  type RawEventAccess,
} from '../../../shared/logs/query-compile.ts';
import type { EventStore } from './event-store.ts';
import type { RawReader } from './raw-reader.ts';
import { legacyEventObject } from './row-format.ts';

const ROW_BLOCK = 65536;
/** A term that lets through at most this fraction of rows drives an AND; the other terms then run per row. */
const SELECTIVE_FRACTION = 0.05;
const SAMPLE_BLOCKS = 16;

export interface MatchOptions {
  signal?: AbortSignal;
  /** Called with the fraction of raw bytes checked, for slow (text) queries. */
  onProgress?: (fraction: number) => void;
  /** Run every term of an AND over every row (the plain plan the selective one is checked against). */
  scanAllTerms?: boolean;
  /** Only rows from this one on (the rows before were matched earlier: rows never change once appended). */
  fromRow?: number;
}

/** Raw events checked between two event-loop turns by findMatchesAsync (a few milliseconds of work). */
const RAW_SLICE_ROWS = 4096;

/** What the columns decide: rows that match, and rows whose raw event must be read to decide. */
interface ColumnVerdicts {
  compiled: CompiledQuery;
  yes: Uint32Array;
  undecided: Uint32Array;
}

function columnPhase(store: EventStore, ast: QueryNode, options: MatchOptions): ColumnVerdicts {
  const from = Math.min(options.fromRow ?? 0, store.rows);
  const compiled = compileQuery(ast, store);
  const yes = new GrowableUint32();
  const unknown = new GrowableUint32();
  const terms = conjunction(ast);
  const selective = from === 0 && terms.length > 1 && store.rows > ROW_BLOCK && !options.scanAllTerms;
  if (!selective || !collectConjunction(store, terms, yes, unknown)) {
    collectVerdicts(compiled, from, store.rows, yes, unknown);
  }
  return { compiled, yes: yes.toArray(), undecided: unknown.toArray() };
}

/** Checks the raw events of undecided[from, to) and adds the matching rows to `matched`. */
function scanRaw(
  store: EventStore,
  reader: RawReader,
  verdicts: ColumnVerdicts,
  from: number,
  to: number,
  matched: GrowableUint32,
  options: MatchOptions,
): void {
  const { compiled, undecided } = verdicts;
  const access = new BlockRawAccess(store);
  let done = from;
  reader.forEachRawBlock(undecided.subarray(from, to), (row, block, start, end, serial, blockLength) => {
    if (options.signal?.aborted) throw new Error('query cancelled');
    access.set(row, block, start, end, serial, blockLength);
    if (compiled.matchRow(row, access)) matched.push(row);
    done++;
    if (options.onProgress && (done & 0xffff) === 0) options.onProgress(done / undecided.length);
  });
}

/** Rows (ascending) of events matching the query. */
export function findMatches(
  store: EventStore,
  reader: RawReader,
  ast: QueryNode,
  options: MatchOptions = {},
): Uint32Array {
  if (ast.type === 'all') return allRows(options.fromRow ?? 0, store.rows);
  const verdicts = columnPhase(store, ast, options);
  if (verdicts.undecided.length === 0) return verdicts.yes;
  const matched = new GrowableUint32();
  scanRaw(store, reader, verdicts, 0, verdicts.undecided.length, matched, options);
  return mergeSorted(verdicts.yes, matched.toArray());
}

/**
 * findMatches for a server that must keep answering: raw events (text search, JSON paths) are read in slices with
 * an event-loop turn between them, and an aborted `signal` stops the scan. Covers the rows present when it starts.
 */
export async function findMatchesAsync(
  store: EventStore,
  reader: RawReader,
  ast: QueryNode,
  options: MatchOptions = {},
): Promise<Uint32Array> {
  if (ast.type === 'all') return allRows(options.fromRow ?? 0, store.rows);
  const verdicts = columnPhase(store, ast, options);
  if (verdicts.undecided.length === 0) return verdicts.yes;
  const matched = new GrowableUint32();
  for (let from = 0; from < verdicts.undecided.length; from += RAW_SLICE_ROWS) {
    await new Promise((resolve) => setImmediate(resolve));
    if (options.signal?.aborted) throw new Error('query cancelled');
    const to = Math.min(verdicts.undecided.length, from + RAW_SLICE_ROWS);
    scanRaw(store, reader, verdicts, from, to, matched, options);
  }
  return mergeSorted(verdicts.yes, matched.toArray());
}

function allRows(from: number, to: number): Uint32Array {
  const rows = new Uint32Array(Math.max(0, to - from));
  for (let r = 0; r < rows.length; r++) rows[r] = from + r;
  return rows;
}

/** YES and UNKNOWN rows of a compiled query, evaluated over rows [start, rows) in blocks. */
function collectVerdicts(
  compiled: CompiledQuery,
  start: number,
  rows: number,
  yes: GrowableUint32,
  unknown: GrowableUint32,
): void {
  const out = new Uint8Array(Math.min(ROW_BLOCK, Math.max(1, rows - start)));
  for (let from = start; from < rows; from += ROW_BLOCK) {
    const to = Math.min(rows, from + ROW_BLOCK);
    compiled.evaluate(out, from, to);
    collectBlock(out, from, to, yes, unknown);
  }
}

function collectBlock(out: Uint8Array, from: number, to: number, yes: GrowableUint32, unknown: GrowableUint32): void {
  for (let r = from; r < to; r++) {
    const verdict = out[r - from];
    if (verdict === YES) yes.push(r);
    else if (verdict === UNKNOWN) unknown.push(r);
  }
}

/** The terms of a top-level AND (nested ANDs flattened), or the query itself. */
function conjunction(ast: QueryNode): QueryNode[] {
  if (ast.type !== 'and') return [ast];
  return ast.children.flatMap(conjunction);
}

/**
 * An AND of terms: the verdict of a row is the lowest verdict of its terms (NO < UNKNOWN < YES), exactly as the
 * compiled AND computes it. Instead of running every term over every row, the most selective term (measured on a
 * sample block) runs over all rows and the other terms only on the rows it did not rule out. Returns false (having
 * collected nothing) when no term is selective enough for that to pay off.
 */
function collectConjunction(
  store: EventStore,
  terms: QueryNode[],
  yes: GrowableUint32,
  unknown: GrowableUint32,
): boolean {
  const rows = store.rows;
  const compiled = terms.map((term) => compileQuery(term, store));
  const out = new Uint8Array(ROW_BLOCK);
  // Selectivity on small blocks spread over the whole index (logs are ordered by time, so one block is not enough).
  const sampleBlock = 2048;
  const stride = Math.floor(rows / SAMPLE_BLOCKS);
  let driver = 0;
  let fewest = Infinity;
  for (let t = 0; t < compiled.length; t++) {
    let passing = 0;
    for (let b = 0; b < SAMPLE_BLOCKS; b++) {
      const from = b * stride;
      compiled[t].evaluate(out, from, from + sampleBlock);
      for (let i = 0; i < sampleBlock; i++) if (out[i] !== NO) passing++;
    }
    if (passing < fewest) {
      fewest = passing;
      driver = t;
    }
  }
  const sampled = SAMPLE_BLOCKS * sampleBlock;
  if (fewest > sampled * SELECTIVE_FRACTION) return false;
  const others = compiled.filter((_, t) => t !== driver);
  const one = new Uint8Array(1);
  // The driver fails most rows: skip 4 verdicts at a time while they are all NO (0).
  const words = new Uint32Array(out.buffer, out.byteOffset, ROW_BLOCK >> 2);
  for (let from = 0; from < rows; from += ROW_BLOCK) {
    const to = Math.min(rows, from + ROW_BLOCK);
    compiled[driver].evaluate(out, from, to);
    for (let w = 0, count = (to - from + 3) >> 2; w < count; w++) {
      if (words[w] === 0) continue;
      for (let r = from + w * 4, last = Math.min(to, r + 4); r < last; r++) {
        let verdict = out[r - from];
        for (let t = 0; t < others.length && verdict !== NO; t++) {
          others[t].evaluate(one, r, r + 1);
          if (one[0] < verdict) verdict = one[0];
        }
        if (verdict === YES) yes.push(r);
        else if (verdict === UNKNOWN) unknown.push(r);
      }
    }
  }
  return true;
}

/** Raw access for the row currently visited; lower-cases each block once for case-insensitive search. */
class BlockRawAccess implements RawEventAccess {
  private block!: Buffer;
  private start = 0;
  private end = 0;
  private serial = -1;
  private row = -1;
  private lowerSerial = -1;
  private lower = '';
  private parsedRow = -1;
  private parsed: unknown;
  private blockLength = 0;
  private needles = new Map<string, string>();
  private cursors = new Map<string, { serial: number; at: number }>();

  constructor(private readonly store: EventStore) {}

  set(row: number, block: Buffer, start: number, end: number, serial: number, blockLength: number): void {
    this.blockLength = blockLength;
    this.row = row;
    this.block = block;
    this.start = start;
    this.end = end;
    this.serial = serial;
  }

  containsText(row: number, needleLower: string): boolean {
    if (row !== this.row) return false;
    if (this.lowerSerial !== this.serial) {
      // latin1 keeps one char per byte, so string offsets equal byte offsets; needles are matched the same way.
      this.lower = this.block.toString('latin1', 0, this.blockLength).toLowerCase();
      this.lowerSerial = this.serial;
    }
    let needle = this.needles.get(needleLower);
    if (needle === undefined) {
      needle = Buffer.from(needleLower, 'utf8').toString('latin1').toLowerCase();
      this.needles.set(needleLower, needle);
    }
    // Rows come in ascending offsets within a block, so the next occurrence found for an earlier row is still the
    // first candidate for this one: each block is scanned once per needle.
    let cursor = this.cursors.get(needle);
    if (!cursor || cursor.serial !== this.serial || (cursor.at >= 0 && cursor.at < this.start)) {
      cursor = { serial: this.serial, at: this.lower.indexOf(needle, this.start) };
      this.cursors.set(needle, cursor);
    }
    return cursor.at >= 0 && cursor.at + needle.length <= this.end;
  }

  json(row: number): unknown {
    if (row !== this.row) return undefined;
    if (this.parsedRow === row) return this.parsed;
    this.parsedRow = row;
    this.parsed = undefined;
    if (this.store.recordCol.array[row] === RECORD_LEGACY) {
      this.parsed = legacyEventObject(this.store, row);
      return this.parsed;
    }
    try {
      let value: unknown = JSON.parse(this.block.toString('utf8', this.start, this.end));
      const log = (value as { properties?: { log?: unknown } })?.properties?.log;
      if (typeof log === 'string' && (value as { auditID?: unknown }).auditID === undefined) value = JSON.parse(log);
      this.parsed = value;
    } catch {
      this.parsed = undefined;
    }
    return this.parsed;
  }
}

export class GrowableUint32 {
  private array = new Uint32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.array.length) {
      const next = new Uint32Array(this.array.length * 2);
      next.set(this.array);
      this.array = next;
    }
    this.array[this.length++] = value;
  }

  toArray(): Uint32Array {
    return this.array.slice(0, this.length);
  }
}

function mergeSorted(a: Uint32Array, b: Uint32Array): Uint32Array {
  const out = new Uint32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = a[i] <= b[j] ? a[i++] : b[j++];
  while (i < a.length) out[k++] = a[i++];
  while (j < b.length) out[k++] = b[j++];
  return out;
}
