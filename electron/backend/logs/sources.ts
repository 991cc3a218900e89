// Turns FILE arguments into an ordered list of sources: plain files, .gz files (decompressed into the spool
// directory so that events can be re-read by byte offset), and directories (every regular file in them).
// Rotated sets (audit.log + audit-2026-01-02T15-04-05.000.log[.gz]) are ordered oldest first, the active file last.

import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { Spool } from './spool.ts';

export interface SourceSpec {
  /** A local file or directory. */
  path: string;
  node?: string;
  cluster?: string;
  /** For a local copy of a remote file: the name for the `file` field (default: the local file's name). */
  file?: string;
  /** For a local copy of a remote file: the path shown for it, e.g. "node-1:/var/log/…/audit.log". */
  displayPath?: string;
}

export interface ResolvedSource {
  path: string;
  readPath: string;
  file: string;
  node: string;
  cluster: string;
  compressed: boolean;
}

const ROTATED = /-(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}(?:\.\d{3})?)(\.[^.]*)?(\.gz)?$/;

/** The rotation timestamp in a lumberjack backup name, or undefined for an active/unrelated file. */
export function rotationStamp(name: string): string | undefined {
  return ROTATED.exec(name)?.[1];
}

/** Orders the files of one directory: rotated backups by their timestamp, then the others by name. */
export function orderRotatedSet(names: string[]): string[] {
  return [...names].sort((a, b) => {
    const sa = rotationStamp(a);
    const sb = rotationStamp(b);
    if (sa && sb) return sa < sb ? -1 : sa > sb ? 1 : a.localeCompare(b);
    if (sa) return -1;
    if (sb) return 1;
    return a.localeCompare(b);
  });
}

export async function resolveSources(specs: SourceSpec[], spool: Spool): Promise<ResolvedSource[]> {
  const out: ResolvedSource[] = [];
  for (const spec of specs) {
    let info;
    try {
      info = await stat(spec.path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new Error(
        `cannot read ${spec.path}: ${code === 'ENOENT' ? 'no such file or directory' : (error as Error).message}`,
        { cause: error },
      );
    }
    if (info.isDirectory()) {
      const entries = await readdir(spec.path, { withFileTypes: true });
      const names = entries.filter((entry) => entry.isFile() && !entry.name.startsWith('.')).map((entry) => entry.name);
      for (const name of orderRotatedSet(names)) out.push(await resolveFile(join(spec.path, name), spec, spool));
    } else {
      out.push(await resolveFile(spec.path, spec, spool));
    }
  }
  return out;
}

async function resolveFile(path: string, spec: SourceSpec, spool: Spool): Promise<ResolvedSource> {
  const compressed = path.endsWith('.gz');
  return {
    path: spec.displayPath ?? path,
    readPath: compressed ? await decompressToSpool(path, spool) : path,
    file: spec.file ?? basename(path),
    node: spec.node ?? '',
    cluster: spec.cluster ?? '',
    compressed,
  };
}

/** Decompresses a .gz file into the spool directory (reused when it is already there for the same file). */
async function decompressToSpool(path: string, spool: Spool): Promise<string> {
  const info = await stat(path);
  const directory = spool.directory;
  await mkdir(directory, { recursive: true });
  const key = `${basename(path)}-${info.size}-${Math.floor(info.mtimeMs)}-${Buffer.from(path).toString('base64url').slice(-24)}`;
  const target = join(directory, `${key}.log`);
  try {
    const existing = await stat(target + '.done');
    if (existing.isFile()) return target;
  } catch {
    // not decompressed yet
  }
  try {
    await pipeline(createReadStream(path), createGunzip(), createWriteStream(target));
  } catch (error) {
    throw new Error(`cannot decompress ${path}: ${(error as Error).message}`, { cause: error });
  }
  await pipeline(
    async function* () {
      yield '';
    },
    createWriteStream(target + '.done'),
  );
  return target;
}
