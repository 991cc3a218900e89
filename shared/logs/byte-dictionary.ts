// A string dictionary keyed by UTF-8 bytes: interning a value costs a hash and a byte compare, no JS string.
// Values live in one byte arena, so a million distinct auditIDs cost ~50 bytes each instead of a Map entry + string.
// Code 0 is reserved for "absent"; real values get codes 1, 2, 3, …

import { decodeUtf8, encodeUtf8 } from './utf8.ts';

const EMPTY = 0;
const STRING_CACHE_LIMIT = 65536;

export interface ByteDictionaryParts {
  arena: Uint8Array;
  starts: Uint32Array;
  /** hashes[code] = hashBytes() of the value, so the receiver does not hash the bytes again. */
  hashes: Uint32Array;
  count: number;
}

// The hash mixes 4 bytes at a time (little-endian words) and then the 0–3 tail bytes, so the scanner can compute it
// with DataView word reads while it looks for the closing quote, and everyone else gets the same value from bytes.
export const HASH_SEED = 0x811c9dc5 | 0;

export function mixWord(hash: number, word: number): number {
  const h = Math.imul(hash ^ word, 0x5bd1e995);
  return h ^ (h >>> 13);
}

export function mixByte(hash: number, byte: number): number {
  return Math.imul(hash ^ byte, 0x01000193);
}

export function finishHash(hash: number, length: number): number {
  let h = Math.imul(hash ^ length, 0x85ebca6b);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The dictionary hash of bytes [start, end). */
export function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let hash = HASH_SEED;
  let p = start;
  for (; p + 4 <= end; p += 4) {
    hash = mixWord(hash, bytes[p] | (bytes[p + 1] << 8) | (bytes[p + 2] << 16) | (bytes[p + 3] << 24));
  }
  for (; p < end; p++) hash = mixByte(hash, bytes[p]);
  return finishHash(hash, end - start);
}

/** hashBytes() reading whole words through `view` (a viewOf(bytes)). */
export function hashView(bytes: Uint8Array, view: DataView, start: number, end: number): number {
  let hash = HASH_SEED;
  let p = start;
  for (; p + 4 <= end; p += 4) hash = mixWord(hash, view.getInt32(p, true));
  for (; p < end; p++) hash = mixByte(hash, bytes[p]);
  return finishHash(hash, end - start);
}

/** A DataView over exactly the bytes of `bytes` (for word-at-a-time reads). */
export function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Whether a[aStart, aStart+length) equals b[bStart, …), comparing 4 bytes at a time. */
export function equalBytes(
  a: Uint8Array,
  aView: DataView,
  aStart: number,
  b: Uint8Array,
  bView: DataView,
  bStart: number,
  length: number,
): boolean {
  let k = 0;
  for (; k + 4 <= length; k += 4)
    if (aView.getInt32(aStart + k, true) !== bView.getInt32(bStart + k, true)) return false;
  for (; k < length; k++) if (a[aStart + k] !== b[bStart + k]) return false;
  return true;
}

export class ByteDictionary {
  private arena: Uint8Array;
  private arenaView: DataView;
  private arenaLength = 0;
  /** starts[code] = offset of the value in the arena; starts[count] = end of the last value. */
  private starts: Uint32Array;
  private hashes: Uint32Array;
  /** Open addressing, linear probing: slot i holds [code, hash] at [2i, 2i+1], so a probe touches one cache line. */
  private table: Int32Array;
  private mask: number;
  private strings: (string | undefined)[] = [];
  /** Number of codes in use, including the reserved code 0. */
  count = 1;

  constructor(initialCapacity = 64) {
    this.arena = new Uint8Array(initialCapacity * 16);
    this.arenaView = viewOf(this.arena);
    this.starts = new Uint32Array(initialCapacity + 1);
    this.hashes = new Uint32Array(initialCapacity);
    let size = 16;
    while (size < initialCapacity * 2) size *= 2;
    this.table = new Int32Array(size * 2);
    this.mask = size - 1;
  }

  /** Rebuilds a dictionary from parts sent by another thread. */
  static fromParts(parts: ByteDictionaryParts): ByteDictionary {
    const dictionary = new ByteDictionary(Math.max(16, parts.count));
    const view = viewOf(parts.arena);
    for (let code = 1; code < parts.count; code++) {
      dictionary.internHashed(parts.arena, parts.starts[code], parts.starts[code + 1], parts.hashes[code], view);
    }
    return dictionary;
  }

  /** Arena and offsets, trimmed: views of this dictionary's own arrays, valid until it changes. */
  partsView(): ByteDictionaryParts {
    return {
      arena: this.arena.subarray(0, this.arenaLength),
      starts: this.starts.subarray(0, this.count + 1),
      hashes: this.hashes.subarray(0, this.count),
      count: this.count,
    };
  }

  /** The code of bytes [start, end), adding them when new. */
  intern(bytes: Uint8Array, start: number, end: number): number {
    return this.internHashed(bytes, start, end, hashBytes(bytes, start, end));
  }

  /** `intern` with the hashBytes() value already known; `view` (a viewOf(bytes)) makes the compare word-wise. */
  internHashed(bytes: Uint8Array, start: number, end: number, hash: number, view?: DataView): number {
    const length = end - start;
    const table = this.table;
    const signedHash = hash | 0;
    let slot = hash & this.mask;
    for (;;) {
      const code = table[slot << 1];
      if (code === EMPTY) break;
      if (table[(slot << 1) + 1] === signedHash) {
        const from = this.starts[code];
        if (
          this.starts[code + 1] - from === length &&
          (view === undefined
            ? this.equals(code, bytes, start, length)
            : equalBytes(this.arena, this.arenaView, from, bytes, view, start, length))
        ) {
          return code;
        }
      }
      slot = (slot + 1) & this.mask;
    }
    const code = this.count++;
    if (code >= this.hashes.length) this.growEntries();
    if (this.arenaLength + length > this.arena.length) this.growArena(length);
    if (length < 64) {
      const arena = this.arena;
      const to = this.arenaLength;
      for (let k = 0; k < length; k++) arena[to + k] = bytes[start + k];
    } else {
      this.arena.set(bytes.subarray(start, end), this.arenaLength);
    }
    this.starts[code] = this.arenaLength;
    this.arenaLength += length;
    this.starts[code + 1] = this.arenaLength;
    this.hashes[code] = hash;
    table[slot << 1] = code;
    table[(slot << 1) + 1] = signedHash;
    if (this.count * 2 > this.mask + 1) this.rehash();
    return code;
  }

  /** Forgets every value but keeps the allocated space (a reused per-segment dictionary). */
  clear(): void {
    this.count = 1;
    this.arenaLength = 0;
    this.table.fill(EMPTY);
    this.strings = [];
  }

  /** The code of a string value, adding it when new. */
  internString(value: string): number {
    const bytes = encodeUtf8(value);
    return this.intern(bytes, 0, bytes.length);
  }

  /** The code of bytes [start, end), or 0 when absent. */
  find(bytes: Uint8Array, start: number, end: number): number {
    const hash = hashBytes(bytes, start, end);
    let slot = hash & this.mask;
    for (;;) {
      const code = this.table[slot << 1];
      if (code === EMPTY) return 0;
      if (this.table[(slot << 1) + 1] === (hash | 0) && this.equals(code, bytes, start, end - start)) return code;
      slot = (slot + 1) & this.mask;
    }
  }

  findString(value: string): number {
    const bytes = encodeUtf8(value);
    return this.find(bytes, 0, bytes.length);
  }

  /** The decoded value of a code (code 0 gives ''). */
  get(code: number): string {
    if (code <= 0 || code >= this.count) return '';
    const cached = this.strings[code];
    if (cached !== undefined) return cached;
    const value = decodeUtf8(this.arena, this.starts[code], this.starts[code + 1]);
    if (this.count <= STRING_CACHE_LIMIT) this.strings[code] = value;
    return value;
  }

  /** The raw bytes of a code (a view into the arena: copy it before the dictionary grows). */
  bytesOf(code: number): Uint8Array {
    return this.arena.subarray(this.starts[code], this.starts[code + 1]);
  }

  /** Approximate heap bytes held. */
  byteSize(): number {
    return this.arena.byteLength + this.starts.byteLength + this.hashes.byteLength + this.table.byteLength;
  }

  private equals(code: number, bytes: Uint8Array, start: number, length: number): boolean {
    const from = this.starts[code];
    if (this.starts[code + 1] - from !== length) return false;
    const arena = this.arena;
    for (let k = 0; k < length; k++) if (arena[from + k] !== bytes[start + k]) return false;
    return true;
  }

  private growEntries(): void {
    const capacity = this.hashes.length * 2;
    const starts = new Uint32Array(capacity + 1);
    starts.set(this.starts);
    this.starts = starts;
    const hashes = new Uint32Array(capacity);
    hashes.set(this.hashes);
    this.hashes = hashes;
  }

  private growArena(needed: number): void {
    const arena = new Uint8Array(Math.max(this.arena.length * 2, this.arenaLength + needed + 1024));
    arena.set(this.arena.subarray(0, this.arenaLength));
    this.arena = arena;
    this.arenaView = viewOf(arena);
  }

  /**
   * Sizes the hash table for `count` codes at once: one rehash to the final size instead of one per doubling (a
   * rehash of a big table costs a cache miss per entry).
   */
  reserve(count: number): void {
    let size = this.mask + 1;
    while (size < count * 2) size *= 2;
    if (size > this.mask + 1) this.rehash(size);
  }

  private rehash(size = (this.mask + 1) * 2): void {
    const table = new Int32Array(size * 2);
    const mask = size - 1;
    for (let code = 1; code < this.count; code++) {
      const hash = this.hashes[code];
      let slot = hash & mask;
      while (table[slot << 1] !== EMPTY) slot = (slot + 1) & mask;
      table[slot << 1] = code;
      table[(slot << 1) + 1] = hash | 0;
    }
    this.table = table;
    this.mask = mask;
  }
}
