// Browser mode cannot hand the backend a path, so a chosen file travels in ordered base64 chunks into a spool file
// under the user-data folder (named after the original file, so the `file` field shows that name).

import { randomUUID } from 'node:crypto';
import { mkdir, open, rm, type FileHandle } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { AppFailure } from '../../../shared/errors.ts';

interface Upload {
  id: string;
  sessionId: string;
  name: string;
  size: number;
  received: number;
  folder: string;
  path: string;
  handle: FileHandle;
  /** Chunks are written one at a time, in order. */
  writing: Promise<void>;
}

export interface FinishedUpload {
  name: string;
  path: string;
  folder: string;
}

export class UploadStore {
  private readonly uploads = new Map<string, Upload>();

  constructor(private readonly root: string) {}

  async begin(sessionId: string, name: string, size: number): Promise<string> {
    const id = randomUUID();
    const safeName =
      basename(name)
        .replace(/[^A-Za-z0-9._ -]+/g, '_')
        .slice(0, 120) || 'upload.log';
    const folder = join(this.root, id);
    await mkdir(folder, { recursive: true, mode: 0o700 });
    const path = join(folder, safeName);
    const handle = await open(path, 'w', 0o600);
    this.uploads.set(id, { id, sessionId, name, size, received: 0, folder, path, handle, writing: Promise.resolve() });
    return id;
  }

  async chunk(id: string, offset: number, base64: string): Promise<number> {
    const upload = this.get(id);
    const bytes = Buffer.from(base64, 'base64');
    const write = upload.writing.then(async () => {
      if (offset !== upload.received) {
        throw new AppFailure('upload-order', `chunk at byte ${offset} arrived, expected byte ${upload.received}`);
      }
      if (upload.received + bytes.length > upload.size) {
        throw new AppFailure('upload-size', `more bytes than the announced ${upload.size}`);
      }
      await upload.handle.write(bytes);
      upload.received += bytes.length;
    });
    upload.writing = write.catch(() => undefined);
    await write;
    return upload.received;
  }

  async finish(id: string, sessionId: string): Promise<FinishedUpload> {
    const upload = this.get(id);
    if (upload.sessionId !== sessionId) throw new AppFailure('not-found', 'this upload belongs to another session');
    await upload.writing;
    await upload.handle.close();
    this.uploads.delete(id);
    if (upload.received !== upload.size) {
      await rm(upload.folder, { recursive: true, force: true });
      throw new AppFailure('upload-size', `${upload.name}: received ${upload.received} of ${upload.size} bytes`);
    }
    return { name: upload.name, path: upload.path, folder: upload.folder };
  }

  async cancel(id: string): Promise<boolean> {
    const upload = this.uploads.get(id);
    if (!upload) return false;
    this.uploads.delete(id);
    await upload.writing;
    await upload.handle.close().catch(() => undefined);
    await rm(upload.folder, { recursive: true, force: true });
    return true;
  }

  async cancelSession(sessionId: string): Promise<void> {
    for (const upload of [...this.uploads.values()]) if (upload.sessionId === sessionId) await this.cancel(upload.id);
  }

  private get(id: string): Upload {
    const upload = this.uploads.get(id);
    if (!upload) throw new AppFailure('not-found', 'no such upload (it finished, was cancelled, or the app restarted)');
    return upload;
  }
}
