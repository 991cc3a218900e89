// Stores what a live tail receives: one local append-only spool per remote file (so a file that ends without a
// newline never glues onto the next), each a growing source of the index tagged with cluster, node and file name.
// The cursor advances only after bytes are in the spool, so a reconnect resumes exactly after the stored bytes.
import { closeSync, createReadStream, openSync, rmSync, writeSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { SourceInfo } from './event-store.ts';
import type { TailCursor } from './live-cursor.ts';
import type { LogIndex } from './log-index.ts';
import type { TailRecord } from './remote-tail-frames.ts';
import { SpoolFile } from './spool.ts';

export interface LiveLabels {
  /** Shown as the source path prefix, e.g. the host. */
  where: string;
  logPath: string;
  node: string;
  cluster: string;
}

/** One spool and the index source reading it (replaced when the tail moves to another index). */
interface SpoolRecord {
  path: string;
  source: SourceInfo;
  /** Set once the remote file ended (or the tail stopped): nothing more is appended. */
  finished?: { complete: boolean };
}

interface OpenFile {
  spool: SpoolFile;
  record: SpoolRecord;
}

type OpenRecord = Extract<TailRecord, { type: 'open' }>;

export class LiveFileSink {
  private current: OpenFile | undefined;
  private dropToNewline = false;
  private gzip: { path: string; fd: number } | undefined;
  private readonly records: SpoolRecord[] = [];

  constructor(
    private index: LogIndex,
    private readonly cursor: TailCursor,
    private readonly labels: LiveLabels,
    private readonly warn: (message: string) => void,
  ) {}

  /** Every spool this sink created (the index reads events from them). */
  get spoolPaths(): string[] {
    return this.records.map((record) => record.path);
  }

  get target(): LogIndex {
    return this.index;
  }

  /**
   * Feeds another index from now on (the session re-opened its index): every spool received so far becomes a
   * source of the new index, read from its start, so nothing is lost or counted twice.
   */
  moveTo(index: LogIndex): void {
    this.index = index;
    for (const record of this.records) {
      const old = record.source;
      record.source = index.addGrowingSource({
        path: old.path,
        readPath: record.path,
        file: old.file,
        node: old.node,
        cluster: old.cluster,
      });
      if (record.finished) void index.finishGrowingSource(record.source, record.finished).catch(() => undefined);
    }
    index.scheduleRefresh(0);
  }

  /** The node opened a file: continue the current spool when it is the same file at the same offset. */
  async open(record: OpenRecord): Promise<void> {
    const continues = this.current !== undefined && record.offset === this.cursor.offset;
    if (!continues && this.current) await this.finishCurrent(true);
    this.cursor.opened(record.inode, record.offset);
    this.dropToNewline = record.sync;
    if (!this.current) {
      const spool = await SpoolFile.create(this.index.spool, `${this.labels.node}-${record.name}`);
      const source = this.index.addGrowingSource({
        path: `${this.labels.where}:${this.labels.logPath}`,
        readPath: spool.path,
        file: record.name,
        node: this.labels.node,
        cluster: this.labels.cluster,
      });
      const spoolRecord: SpoolRecord = { path: spool.path, source };
      this.records.push(spoolRecord);
      this.current = { spool, record: spoolRecord };
    } else if (this.current.record.source.file !== record.name) {
      // The file being read was rotated: its events now live in the backup of that name.
      this.index.setSourceFile(this.current.record.source, record.name);
    }
  }

  /** A whole D payload of the open file. */
  async data(bytes: Buffer): Promise<void> {
    const current = this.requireOpen();
    let keep = bytes;
    if (this.dropToNewline) {
      // Started in the middle of a line: the bytes up to the first newline belong to an event before the start.
      const newline = bytes.indexOf(10);
      keep = newline < 0 ? Buffer.alloc(0) : bytes.subarray(newline + 1);
      if (newline >= 0) this.dropToNewline = false;
    }
    if (keep.length > 0) await current.spool.append(keep);
    this.cursor.advance(bytes);
    // Soon: a live event should reach the window within a second of being written.
    this.index.scheduleRefresh(10);
  }

  gzipStart(): void {
    this.requireOpen();
    this.discardGzip();
    const path = this.index.spool.newPath('gzip', '.gz');
    this.gzip = { path, fd: openSync(path, 'w') };
  }

  gzipPiece(bytes: Buffer): void {
    if (!this.gzip) throw new Error('gzip data outside a Z record');
    writeSync(this.gzip.fd, bytes);
  }

  /** The whole backup arrived: decompress it, skip what was already received, store the rest. */
  async gzipEnd(name: string): Promise<void> {
    const gzip = this.gzip;
    if (!gzip) throw new Error('gzip end outside a Z record');
    closeSync(gzip.fd);
    this.gzip = undefined;
    try {
      const skip = typeof this.cursor.offset === 'number' ? this.cursor.offset : 0;
      const head = this.cursor.knownHead();
      if (skip > 0 && head.length > 0 && !(await startsWith(gzip.path, head))) {
        this.warn(
          `${name} is not the file that was being read (it was removed before it was read to its end); reading it from its start`,
        );
        await this.finishCurrent(true);
        await this.open({ type: 'open', kind: 'gz', inode: '', offset: 0, sync: false, name });
        await this.appendDecompressed(gzip.path, 0);
      } else {
        await this.appendDecompressed(gzip.path, skip);
      }
    } finally {
      rmSync(gzip.path, { force: true });
    }
  }

  /** The backup with `stamp` was read to its end. */
  async end(stamp: string): Promise<void> {
    await this.finishCurrent(true);
    this.cursor.finished(stamp);
  }

  /** A connection ended: a half-received gzip is dropped (it is sent again whole). */
  discardGzip(): void {
    if (!this.gzip) return;
    closeSync(this.gzip.fd);
    rmSync(this.gzip.path, { force: true });
    this.gzip = undefined;
  }

  /** The tail stops: ingest what is stored, leaving out a half-written last line. */
  async close(): Promise<void> {
    this.discardGzip();
    await this.finishCurrent(false);
  }

  private async appendDecompressed(path: string, skip: number): Promise<void> {
    const current = this.requireOpen();
    let position = 0;
    for await (const chunk of createReadStream(path).pipe(createGunzip()) as AsyncIterable<Buffer>) {
      const from = Math.max(0, skip - position);
      position += chunk.length;
      if (from >= chunk.length) continue;
      const part = chunk.subarray(from);
      await current.spool.append(part);
      this.cursor.advance(part);
    }
    this.index.scheduleRefresh();
  }

  private async finishCurrent(complete: boolean): Promise<void> {
    const current = this.current;
    if (!current) return;
    this.current = undefined;
    current.record.finished = { complete };
    await current.spool.close();
    await this.index.finishGrowingSource(current.record.source, { complete });
  }

  private requireOpen(): OpenFile {
    if (!this.current) throw new Error('file data before the file was opened');
    return this.current;
  }
}

/** Whether the decompressed content of a gzip file starts with `head`. */
async function startsWith(path: string, head: Buffer): Promise<boolean> {
  const stream = createReadStream(path).pipe(createGunzip());
  const parts: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      parts.push(chunk);
      length += chunk.length;
      if (length >= head.length) break;
    }
  } finally {
    stream.destroy();
  }
  const got = Buffer.concat(parts).subarray(0, head.length);
  return got.equals(head);
}
