// Growable typed columns. Code columns start at one byte per row and widen only when a dictionary outgrows them,
// which keeps low-cardinality fields (stage, level, verb, …) at 1 byte per event.
// Growth takes a capacity hint (the expected final row count), so a 1 GiB file grows each column once or twice
// instead of copying it at every 1.5× step.

type CodeArray = Uint8Array | Uint16Array | Uint32Array;

/** Trimming copies the column: only worth it when the slack is larger than this fraction. */
const COMPACT_SLACK = 0.05;

function grownCapacity(current: number, needed: number, hint: number): number {
  if (needed <= current) return current;
  return Math.max(needed, hint, Math.ceil(current * 1.5));
}

export class CodeColumn {
  array: CodeArray = new Uint8Array(1024);
  length = 0;

  /** Appends local codes translated through `map` (map[localCode] = global code). */
  appendMapped(local: Uint32Array, map: Uint32Array, maxCode: number, hint = 0): void {
    this.widenFor(maxCode, this.length + local.length, hint);
    const array = this.array;
    const base = this.length;
    // One loop per element type keeps each loop's stores monomorphic.
    if (array instanceof Uint8Array) for (let i = 0; i < local.length; i++) array[base + i] = map[local[i]];
    else if (array instanceof Uint16Array) for (let i = 0; i < local.length; i++) array[base + i] = map[local[i]];
    else for (let i = 0; i < local.length; i++) array[base + i] = map[local[i]];
    this.length += local.length;
  }

  appendRepeated(code: number, count: number, hint = 0): void {
    this.widenFor(code, this.length + count, hint);
    this.array.fill(code, this.length, this.length + count);
    this.length += count;
  }

  compact(): void {
    if (this.array.length - this.length > this.length * COMPACT_SLACK) this.array = this.array.slice(0, this.length);
  }

  byteSize(): number {
    return this.array.byteLength;
  }

  private widenFor(maxCode: number, needed: number, hint: number): void {
    const width = maxCode > 0xffff ? 4 : maxCode > 0xff ? 2 : 1;
    const current = this.array.BYTES_PER_ELEMENT;
    const capacity = this.array.length;
    if (width <= current && needed <= capacity) return;
    const newCapacity = grownCapacity(capacity, needed, hint);
    const bytes = Math.max(width, current);
    const next: CodeArray =
      bytes === 4
        ? new Uint32Array(newCapacity)
        : bytes === 2
          ? new Uint16Array(newCapacity)
          : new Uint8Array(newCapacity);
    next.set(this.array.subarray(0, this.length));
    this.array = next;
  }
}

type NumberArray = Float64Array | Uint32Array | Uint16Array | Uint8Array;

export class NumberColumn<T extends NumberArray> {
  length = 0;
  constructor(
    public array: T,
    private readonly make: (length: number) => T,
  ) {}

  append(values: ArrayLike<number>, adjust = 0, hint = 0): void {
    this.ensure(this.length + values.length, hint);
    const array = this.array;
    const base = this.length;
    if (adjust === 0) array.set(values, base);
    else for (let i = 0; i < values.length; i++) array[base + i] = values[i] + adjust;
    this.length += values.length;
  }

  appendRepeated(value: number, count: number, hint = 0): void {
    this.ensure(this.length + count, hint);
    this.array.fill(value, this.length, this.length + count);
    this.length += count;
  }

  compact(): void {
    if (this.array.length - this.length > this.length * COMPACT_SLACK) {
      this.array = this.array.slice(0, this.length) as T;
    }
  }

  byteSize(): number {
    return this.array.byteLength;
  }

  private ensure(needed: number, hint: number): void {
    if (needed <= this.array.length) return;
    const next = this.make(grownCapacity(this.array.length, needed, hint));
    next.set(this.array.subarray(0, this.length));
    this.array = next;
  }
}
