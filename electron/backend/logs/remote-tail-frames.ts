// Splits the byte stream of the remote tail script (remote-tail-script.ts) into records. Payloads are handed on in
// pieces as they arrive (so a large gzip backup is never held whole), and a payload counts only once its ".\n"
// trailer is seen: a short payload (a file that shrank while it was read) shows up as a bad trailer.

export type TailRecord =
  | { type: 'after'; stamp: string }
  | { type: 'open'; kind: 'cur' | 'bak' | 'gz'; inode: string; offset: number; sync: boolean; name: string }
  | { type: 'payload-start'; kind: 'data' | 'gzip'; length: number }
  | { type: 'payload-piece'; bytes: Buffer }
  | { type: 'payload-end' }
  | { type: 'end'; stamp: string }
  | { type: 'warning'; message: string }
  | { type: 'heartbeat' }
  | { type: 'fatal'; code: 'not-found' | 'permission-denied'; message: string };

export class TailProtocolError extends Error {
  constructor(message: string) {
    super(`remote tail protocol error: ${message}`);
    this.name = 'TailProtocolError';
  }
}

const MAX_HEADER = 64 * 1024;
const TRAILER = Buffer.from('.\n');

export class TailFrameParser {
  private pending: Buffer = Buffer.alloc(0);
  /** Payload bytes still expected, or -1 for "reading a header line". */
  private remaining = -1;
  /** Trailer bytes still expected after a payload. */
  private trailer = 0;
  private failed: TailProtocolError | undefined;

  constructor(private readonly onRecord: (record: TailRecord) => void) {}

  /** Feeds bytes; throws TailProtocolError on malformed input (and on every call after that). */
  push(chunk: Buffer): void {
    if (this.failed) throw this.failed;
    try {
      this.consume(chunk);
    } catch (error) {
      this.failed = error instanceof TailProtocolError ? error : new TailProtocolError((error as Error).message);
      throw this.failed;
    }
  }

  /** True between records (no payload or header half-received). */
  get atBoundary(): boolean {
    return this.remaining < 0 && this.trailer === 0 && this.pending.length === 0;
  }

  private consume(chunk: Buffer): void {
    let data = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = Buffer.alloc(0);
    while (data.length > 0) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, data.length);
        this.onRecord({ type: 'payload-piece', bytes: data.subarray(0, take) });
        this.remaining -= take;
        data = data.subarray(take);
        if (this.remaining === 0) this.trailer = TRAILER.length;
        continue;
      }
      if (this.remaining === 0 || this.trailer > 0) {
        if (this.remaining === 0 && this.trailer === 0) this.trailer = TRAILER.length;
        while (this.trailer > 0 && data.length > 0) {
          if (data[0] !== TRAILER[TRAILER.length - this.trailer]) throw new TailProtocolError('payload was cut short');
          this.trailer--;
          data = data.subarray(1);
        }
        if (this.trailer === 0) {
          this.remaining = -1;
          this.onRecord({ type: 'payload-end' });
        }
        continue;
      }
      const newline = data.indexOf(10);
      if (newline < 0) {
        if (data.length > MAX_HEADER) throw new TailProtocolError('header line too long');
        this.pending = Buffer.from(data);
        return;
      }
      const line = data.toString('utf8', 0, newline);
      data = data.subarray(newline + 1);
      this.header(line);
    }
  }

  private header(line: string): void {
    const kind = line[0];
    const rest = line.slice(2);
    switch (kind) {
      case 'A':
        return this.onRecord({ type: 'after', stamp: rest === '-' ? '' : rest });
      case 'O': {
        const match = /^(cur|bak|gz) (\d+|-) (\d+) ([01]) (.*)$/.exec(rest);
        if (!match) break;
        return this.onRecord({
          type: 'open',
          kind: match[1] as 'cur' | 'bak' | 'gz',
          inode: match[2] === '-' ? '' : match[2],
          offset: Number(match[3]),
          sync: match[4] === '1',
          name: match[5],
        });
      }
      case 'D':
      case 'Z': {
        if (!/^\d+$/.test(rest)) break;
        const length = Number(rest);
        this.onRecord({ type: 'payload-start', kind: kind === 'D' ? 'data' : 'gzip', length });
        this.remaining = length;
        if (length === 0) this.trailer = TRAILER.length;
        return;
      }
      case 'E':
        return this.onRecord({ type: 'end', stamp: rest });
      case 'W':
        return this.onRecord({ type: 'warning', message: rest });
      case 'H':
        if (line === 'H') return this.onRecord({ type: 'heartbeat' });
        break;
      case 'X': {
        const [, code, message] = /^(not-found|permission-denied) (.*)$/s.exec(rest) ?? [];
        if (code)
          return this.onRecord({ type: 'fatal', code: code as 'not-found' | 'permission-denied', message: message! });
        break;
      }
    }
    throw new TailProtocolError(`unexpected line ${JSON.stringify(line.slice(0, 200))}`);
  }
}
