// Where a live tail stands in a node's rotating audit log, and how that becomes the remote script's arguments.
// The file is named by rotation order, not by name or inode (see remote-tail-script.ts): "the file after backup
// stamp `after`", at byte `offset`. The first bytes of the file (its head) and its inode let the node check, after
// a reconnect, that the file found there is still the one that was being read.
import { createHash } from 'node:crypto';

export type StartPosition = 'end' | 'current' | 'all';

/** The head is compared on the node; 4 KiB holds at least the first event of an audit log. */
export const HEAD_BYTES = 4096;

export class TailCursor {
  /** Stamp of the last finished backup ('' = before every backup; '@newest' = resolve on the node). */
  after: string;
  /** Bytes of the file already received, or '@end' before the first connection of a tail that starts at the end. */
  offset: number | '@end';
  inode = '';
  /** The file's first bytes, when they were received from offset 0 (else unknown, no check). */
  private head: Buffer[] = [];
  private headLength = 0;
  private headKnown = false;

  constructor(start: StartPosition) {
    this.after = start === 'all' ? '' : '@newest';
    this.offset = start === 'end' ? '@end' : 0;
  }

  /** The node opened a file at `offset` (a continuation, a resumed file or a new one). */
  opened(inode: string, offset: number): void {
    const same = typeof this.offset === 'number' && offset === this.offset && offset > 0;
    if (!same) {
      this.head = [];
      this.headLength = 0;
      this.headKnown = offset === 0;
    }
    this.inode = inode;
    this.offset = offset;
  }

  /** `bytes` of the file were received (and stored) at the current offset. */
  advance(bytes: Buffer): void {
    if (typeof this.offset !== 'number') throw new Error('advance before the file was opened');
    if (this.headKnown && this.headLength < HEAD_BYTES && this.offset === this.headLength) {
      const part = bytes.subarray(0, HEAD_BYTES - this.headLength);
      this.head.push(Buffer.from(part));
      this.headLength += part.length;
    }
    this.offset += bytes.length;
  }

  /** The backup with this stamp was read to its end: the next file follows it. */
  finished(stamp: string): void {
    this.after = stamp;
    this.offset = 0;
    this.inode = '';
    this.head = [];
    this.headLength = 0;
    this.headKnown = true;
  }

  /** The known head of the file, for checking a re-read copy (empty when unknown). */
  knownHead(): Buffer {
    return this.headKnown ? Buffer.concat(this.head) : Buffer.alloc(0);
  }

  /** Arguments $2…$6 of the remote script. */
  scriptArgs(): string[] {
    const head = this.knownHead();
    return [
      this.after,
      String(this.offset),
      this.inode,
      String(head.length),
      head.length > 0 ? createHash('sha256').update(head).digest('hex') : '',
    ];
  }

  describe(): string {
    return `after ${this.after || 'start'}, offset ${this.offset}`;
  }
}
