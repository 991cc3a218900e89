// A local append-only spool file: remote sources (SSH reads and tails) write the bytes they receive here, so the
// index reads remote and local data the same way — by byte offset from a local file — and memory stays bounded.

import { mkdirSync } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A folder of spool files and decompressed copies (the app's user-data folder, or the system temp folder). */
export class Spool {
  private sequence = 0;

  constructor(readonly directory: string) {}

  static inTempDir(): Spool {
    return new Spool(join(tmpdir(), 'auditscope-spool'));
  }

  /** A fresh path for a copy of `name` (the extension is kept, e.g. ".gz"). */
  newPath(name: string, extension = '.spool'): string {
    mkdirSync(this.directory, { recursive: true });
    const safe = name.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 100);
    return join(this.directory, `${safe}-${process.pid}-${Date.now()}-${(this.sequence++).toString(36)}${extension}`);
  }
}

export class SpoolFile {
  private handle: FileHandle | undefined;
  private size = 0;
  private writing: Promise<void> = Promise.resolve();

  private constructor(readonly path: string) {}

  /** Creates (or truncates) a spool file named after the source. */
  static async create(spool: Spool, name: string): Promise<SpoolFile> {
    const file = new SpoolFile(spool.newPath(name));
    file.handle = await open(file.path, 'w');
    return file;
  }

  /** Opens an existing spool to continue appending (after a restart). */
  static async reopen(path: string): Promise<SpoolFile> {
    const spool = new SpoolFile(path);
    spool.size = (await stat(path)).size;
    spool.handle = await open(path, 'a');
    return spool;
  }

  /** Bytes written so far (the index may read up to here). */
  get bytes(): number {
    return this.size;
  }

  /** Appends bytes in order; resolves when they are on disk for readers. */
  append(chunk: Uint8Array): Promise<void> {
    this.writing = this.writing.then(async () => {
      if (!this.handle) throw new Error('spool is closed');
      await this.handle.write(chunk);
      this.size += chunk.length;
    });
    return this.writing;
  }

  async close(): Promise<void> {
    await this.writing;
    await this.handle?.close();
    this.handle = undefined;
  }
}
