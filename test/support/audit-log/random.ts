// A seeded random number generator (xoshiro128**), so that a seed always gives the same log, byte for byte.

/** Spreads a 32-bit seed into well-mixed words (murmur3's finaliser over a Weyl sequence). */
function seedWords(seed: number): [number, number, number, number] {
  let weyl = seed >>> 0;
  const next = (): number => {
    weyl = (weyl + 0x6d2b79f5) >>> 0;
    let z = weyl;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  return [next(), next(), next(), next() || 1];
}

const HEX = '0123456789abcdef';
/** "00".."ff", so a random byte becomes two hex digits with one lookup. */
const HEX_PAIRS = Array.from({ length: 256 }, (_, i) => HEX[i >> 4]! + HEX[i & 15]!);
/** The alphabet Kubernetes uses for generated name suffixes (k8s.io/apimachinery util/rand). */
const KUBE_ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

export class Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number) {
    [this.s0, this.s1, this.s2, this.s3] = seedWords(seed);
  }

  /** A uniform 32-bit unsigned integer. */
  u32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A uniform number in [0, 1). */
  float(): number {
    return this.u32() / 4294967296;
  }

  /** A uniform integer in [low, high], both included. */
  int(low: number, high: number): number {
    return low + Math.floor(this.float() * (high - low + 1));
  }

  chance(probability: number): boolean {
    return this.float() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.float() * items.length)]!;
  }

  /** n lower-case hex digits. */
  hex(n: number): string {
    let out = '';
    while (out.length < n) out += this.hex8();
    return out.length === n ? out : out.slice(0, n);
  }

  private hex8(): string {
    const x = this.u32();
    return HEX_PAIRS[x >>> 24]! + HEX_PAIRS[(x >>> 16) & 255]! + HEX_PAIRS[(x >>> 8) & 255]! + HEX_PAIRS[x & 255]!;
  }

  /** A random (version 4) UUID, as the API server makes audit IDs and object UIDs. */
  uuid(): string {
    const b = this.u32();
    const c = this.u32();
    return (
      `${this.hex8()}-${HEX_PAIRS[b >>> 24]}${HEX_PAIRS[(b >>> 16) & 255]}-4${HEX[(b >>> 8) & 15]}${HEX_PAIRS[b & 255]}` +
      `-${HEX[8 + (c >>> 30)]}${HEX[(c >>> 24) & 15]}${HEX_PAIRS[(c >>> 16) & 255]}-${HEX_PAIRS[(c >>> 8) & 255]}` +
      `${HEX_PAIRS[c & 255]}${this.hex8()}`
    );
  }

  /** n characters of a generated name suffix (the "x7k2q" of "web-5d8f9c7b6-x7k2q"). */
  suffix(n: number): string {
    let out = '';
    for (let i = 0; i < n; i++) out += KUBE_ALPHANUMS[this.u32() % KUBE_ALPHANUMS.length];
    return out;
  }

  /** Log-normal with the given median: most values near it, a long tail above (Box–Muller). */
  logNormal(median: number, sigma: number): number {
    const u = 1 - this.float();
    const v = this.float();
    return median * Math.exp(sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
  }

  /** Exponential with the given mean: the gap between arrivals of a Poisson process. */
  exponential(mean: number): number {
    return -Math.log(1 - this.float()) * mean;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** A fixed weighted choice: weights need not sum to anything in particular. */
export class Weighted<T> {
  private readonly cumulative: number[] = [];
  private readonly values: T[] = [];
  private readonly total: number;

  constructor(entries: readonly (readonly [number, T])[]) {
    let sum = 0;
    for (const [weight, value] of entries) {
      sum += weight;
      this.cumulative.push(sum);
      this.values.push(value);
    }
    this.total = sum;
  }

  pick(random: Random): T {
    const r = random.float() * this.total;
    let i = 0;
    while (this.cumulative[i]! <= r) i++;
    return this.values[i]!;
  }
}
