// A string dictionary keyed by UTF-8 bytes: interning a value costs a hash and a byte compare, no JS string.
// Values live in one byte arena, so a million distinct auditIDs cost ~50 bytes each instead of a Map entry + string.
// Code 0 is reserved for "absent"; real values get codes 1, 2, 3, …

import { decodeUtf8, encodeUtf8 } from './utf8.ts';

const EMPTY = 0;
const STRING_CACHE_LIMIT = 65536;

export interface ByteDictionaryParts {
  arena: Uint8Array;
  starts: Uint32Array;
  count: number;
}

/** FNV-1a; the scanner computes the same hash while it reads a string. */
export function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193);
  return hash >>> 0;
}

export class ByteDictionary {
  private arena: Uint8Array;
  private arenaLength = 0;
  /** starts[code] = offset of the value in the arena; starts[count] = end of the last value. */
  private starts: Uint32Array;
  private hashes: Uint32Array;
  private table: Int32Array;
  private mask: number;
  private strings: (string | undefined)[] = [];
  /** Number of codes in use, including the reserved code 0. */
  count = 1;

  constructor(initialCapacity = 64) {
    this.arena = new Uint8Array(initialCapacity * 16);
    this.starts = new Uint32Array(initialCapacity + 1);
    this.hashes = new Uint32Array(initialCapacity);
    let size = 16;
    while (size < initialCapacity * 2) size *= 2;
    this.table = new Int32Array(size);
    this.mask = size - 1;
  }

  /** Rebuilds a dictionary from parts sent by another thread. */
  static fromParts(parts: ByteDictionaryParts): ByteDictionary {
    const dictionary = new ByteDictionary(Math.max(16, parts.count));
    for (let code = 1; code < parts.count; code++) {
      dictionary.intern(parts.arena, parts.starts[code], parts.starts[code + 1]);
    }
    return dictionary;
  }

  /** Arena and offsets, trimmed, for transfer to another thread. */
  toParts(): ByteDictionaryParts {
    return {
      arena: this.arena.slice(0, this.arenaLength),
      starts: this.starts.slice(0, this.count + 1),
      count: this.count,
    };
  }

  /** The code of bytes [start, end), adding them when new. */
  intern(bytes: Uint8Array, start: number, end: number): number {
    return this.internHashed(bytes, start, end, hashBytes(bytes, start, end));
  }

  /** `intern` with the hashBytes() value already known. */
  internHashed(bytes: Uint8Array, start: number, end: number, hash: number): number {
    const length = end - start;
    let slot = hash & this.mask;
    for (;;) {
      const code = this.table[slot];
      if (code === EMPTY) break;
      if (this.hashes[code] === hash && this.equals(code, bytes, start, length)) return code;
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
    this.table[slot] = code;
    if (this.count * 2 > this.table.length) this.rehash();
    return code;
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
      const code = this.table[slot];
      if (code === EMPTY) return 0;
      if (this.hashes[code] === hash && this.equals(code, bytes, start, end - start)) return code;
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
  }

  private rehash(): void {
    const table = new Int32Array(this.table.length * 2);
    const mask = table.length - 1;
    for (let code = 1; code < this.count; code++) {
      let slot = this.hashes[code] & mask;
      while (table[slot] !== EMPTY) slot = (slot + 1) & mask;
      table[slot] = code;
    }
    this.table = table;
    this.mask = mask;
  }
}
