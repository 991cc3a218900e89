// Typed arrays that grow by doubling, for samples built incrementally while a log index fills.

type TypedArray = Uint32Array | Float64Array | Uint8Array;

export class Growable<T extends TypedArray> {
  constructor(
    public array: T,
    private readonly make: (length: number) => T,
  ) {}

  /** Makes room for index `length - 1`; returns the (possibly new) array. */
  ensure(length: number): T {
    if (length <= this.array.length) return this.array;
    const next = this.make(Math.max(length, this.array.length * 2));
    next.set(this.array as never);
    this.array = next;
    return next;
  }
}

export const growU32 = (fill = 0) =>
  new Growable(new Uint32Array(1024).fill(fill), (n) => new Uint32Array(n).fill(fill));
export const growF64 = () => new Growable(new Float64Array(1024), (n) => new Float64Array(n));
export const growU8 = () => new Growable(new Uint8Array(1024), (n) => new Uint8Array(n));
