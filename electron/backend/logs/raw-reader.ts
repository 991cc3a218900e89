// Reads raw events back from their sources by byte offset, one at a time or in large blocks for scans.

import { closeSync, openSync, readSync } from 'node:fs';
import { RECORD_LEGACY, RECORD_WRAPPED } from '../../../shared/logs/event-schema.ts';
import { unwrapRecordEvent } from '../../../shared/logs/json-containers.ts';
import type { EventStore } from './event-store.ts';

const BLOCK_BYTES = 16 * 1024 * 1024;
/** Rows closer than this are read in one go rather than with separate reads. */
const MAX_GAP = 256 * 1024;

export class RawReader {
  private fds = new Map<string, number>();
  /** The block buffer, kept between scans: a sliced scan calls forEachRawBlock hundreds of times. */
  private block = Buffer.allocUnsafe(0);

  constructor(private readonly store: EventStore) {}

  /** The event's bytes exactly as written in its source. */
  readRaw(row: number): Buffer {
    const store = this.store;
    const source = store.sources[store.sourceCol.array[row]];
    const length = store.lengthCol.array[row];
    const buffer = Buffer.allocUnsafe(length);
    const fd = this.fd(source.readPath);
    let filled = 0;
    while (filled < length) {
      const n = readSync(fd, buffer, filled, length - filled, store.offsetCol.array[row] + filled);
      if (n === 0) break;
      filled += n;
    }
    return buffer.subarray(0, filled);
  }

  /** The event as JSON text: the raw object for JSON sources, unwrapped for Azure records. */
  eventJsonText(row: number, raw?: Buffer): string | undefined {
    const record = this.store.recordCol.array[row];
    const text = (raw ?? this.readRaw(row)).toString('utf8');
    if (record === RECORD_WRAPPED) return unwrapRecordEvent(text);
    if (record === RECORD_LEGACY) return undefined;
    return text;
  }

  /**
   * Calls `visit(row, block, start, end)` for the given rows (ascending row order), reading their bytes in large
   * blocks; rows of one source that lie close together share one read.
   */
  forEachRawBlock(
    rows: ArrayLike<number>,
    visit: (row: number, block: Buffer, start: number, end: number, blockSerial: number, blockLength: number) => void,
  ): void {
    let serial = 0;
    const store = this.store;
    const offsets = store.offsetCol.array;
    const lengths = store.lengthCol.array;
    const sourceOf = store.sourceCol.array;
    let i = 0;
    let block = this.block;
    while (i < rows.length) {
      const first = rows[i];
      const source = sourceOf[first];
      const blockStart = offsets[first];
      let j = i;
      let blockEnd = blockStart + lengths[first];
      while (j + 1 < rows.length) {
        const next = rows[j + 1];
        if (sourceOf[next] !== source) break;
        const nextStart = offsets[next];
        const nextEnd = nextStart + lengths[next];
        if (nextStart < blockStart || nextStart - blockEnd > MAX_GAP || nextEnd - blockStart > BLOCK_BYTES) break;
        blockEnd = Math.max(blockEnd, nextEnd);
        j++;
      }
      const size = blockEnd - blockStart;
      if (size > block.length) {
        block = Buffer.allocUnsafe(Math.max(size, Math.min(BLOCK_BYTES, 2 * block.length)));
        // A single huge event gets a buffer of its own, not kept afterwards.
        if (block.length <= BLOCK_BYTES) this.block = block;
      }
      const fd = this.fd(store.sources[source].readPath);
      let filled = 0;
      while (filled < size) {
        const n = readSync(fd, block, filled, size - filled, blockStart + filled);
        if (n === 0) break;
        filled += n;
      }
      serial++;
      for (let k = i; k <= j; k++) {
        const row = rows[k];
        const start = offsets[row] - blockStart;
        visit(row, block, start, Math.min(filled, start + lengths[row]), serial, filled);
      }
      i = j + 1;
    }
  }

  close(): void {
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
  }

  private fd(path: string): number {
    let fd = this.fds.get(path);
    if (fd === undefined) {
      fd = openSync(path, 'r');
      this.fds.set(path, fd);
    }
    return fd;
  }
}
