// Copies a node's audit log and its rotated backups (plain and .gz) over SSH into the local spool, so they are
// indexed like local files: oldest backup first, the active file last, every event tagged with cluster, node and
// the remote file name. Files stream to disk (never whole in memory); reads use sudo when asked.
import { createWriteStream } from 'node:fs';
import { truncate } from 'node:fs/promises';
import { once } from 'node:events';
import { isRotatedBackupOf } from '../nodes/rotated-logs.ts';
import { SshError } from '../ssh/errors.ts';
import { MISSING_EXIT, READ_FILE_SCRIPT } from '../ssh/remote-scripts.ts';
import type { SshSession } from '../ssh/session.ts';
import { openLogIndex, type LogIndex, type OpenOptions } from './log-index.ts';
import { orderRotatedSet, type SourceSpec } from './sources.ts';
import { Spool } from './spool.ts';
import { open } from 'node:fs/promises';

export interface RemoteLogOptions {
  /** The active audit log on the node. */
  logPath: string;
  sudo?: boolean;
  /** Tag for the `node` field (default: the session's host). */
  node?: string;
  cluster?: string;
  /** Leave out backups (only the active file). */
  activeOnly?: boolean;
  signal?: AbortSignal;
}

export interface RemoteLogFile {
  name: string;
  remotePath: string;
  localPath: string;
  bytes: number;
  compressed: boolean;
}

export interface RemoteLogCopy {
  /** Sources for openLogIndex, in time order. */
  specs: SourceSpec[];
  files: RemoteLogFile[];
  /** E.g. a half-written last line of the active file that was left out. */
  warnings: string[];
}

export async function copyRemoteLogs(
  session: SshSession,
  options: RemoteLogOptions,
  spool: Spool,
): Promise<RemoteLogCopy> {
  const { logPath } = options;
  const slash = logPath.lastIndexOf('/');
  if (slash < 0) throw new SshError('invalid-argument', `the log path must be absolute: ${logPath}`);
  const dir = logPath.slice(0, slash) || '/';
  const base = logPath.slice(slash + 1);
  const entries = await session.listDir(dir, { sudo: options.sudo, signal: options.signal });
  const names = entries
    .filter((entry) => entry.type === 'file')
    .map((entry) => entry.name)
    .filter((name) => name === base || (!options.activeOnly && isRotatedBackupOf(logPath, name)));
  if (!names.includes(base) && names.length === 0) {
    throw new SshError('not-found', `${logPath} does not exist on ${session.host}`);
  }
  const node = options.node ?? session.host;
  const copy: RemoteLogCopy = { specs: [], files: [], warnings: [] };
  for (const name of orderRotatedSet(names)) {
    const remotePath = `${dir === '/' ? '' : dir}/${name}`;
    const compressed = name.endsWith('.gz');
    const localPath = spool.newPath(`${node}-${name}`, compressed ? '.gz' : '.log');
    let bytes: number;
    try {
      bytes = await download(session, remotePath, localPath, options);
    } catch (error) {
      // A backup pruned (or compressed) between listing and reading is gone: say so, keep the rest.
      if (error instanceof SshError && error.code === 'not-found' && name !== base) {
        copy.warnings.push(`${remotePath} disappeared before it was read (pruned or compressed meanwhile)`);
        continue;
      }
      throw error;
    }
    if (name === base) bytes -= await trimPartialLastLine(localPath, bytes, copy.warnings, remotePath);
    copy.files.push({ name, remotePath, localPath, bytes, compressed });
    copy.specs.push({
      path: localPath,
      file: name,
      displayPath: `${node}:${remotePath}`,
      node,
      cluster: options.cluster,
    });
  }
  return copy;
}

/** Copies the remote files and opens an index over them. */
export async function openRemoteLogIndex(
  session: SshSession,
  options: RemoteLogOptions,
  indexOptions: OpenOptions = {},
): Promise<{ index: LogIndex; copy: RemoteLogCopy }> {
  const spool = indexOptions.spool ?? Spool.inTempDir();
  const copy = await copyRemoteLogs(session, options, spool);
  return { index: openLogIndex(copy.specs, { ...indexOptions, spool }), copy };
}

async function download(
  session: SshSession,
  remotePath: string,
  localPath: string,
  options: RemoteLogOptions,
): Promise<number> {
  const out = createWriteStream(localPath);
  let bytes = 0;
  let stderr = '';
  let failed: Error | undefined;
  out.on('error', (error) => (failed ??= error));
  const end = await session.stream(['sh', '-c', READ_FILE_SCRIPT, 'sh', remotePath], {
    sudo: options.sudo,
    signal: options.signal,
    onData: (chunk) => {
      bytes += chunk.length;
      out.write(chunk);
    },
    onStderr: (chunk) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-4096);
    },
  });
  out.end();
  await once(out, 'close');
  if (failed) throw new Error(`cannot write ${localPath}: ${failed.message}`, { cause: failed });
  if (end.reason === 'exited' && end.code === MISSING_EXIT)
    throw new SshError('not-found', `${remotePath} does not exist`);
  if (end.reason === 'connection-lost')
    throw new SshError('connection-lost', `the connection was lost reading ${remotePath}`);
  if (end.reason === 'aborted') throw new SshError('aborted', `reading ${remotePath} was cancelled`);
  if (end.code !== 0) {
    throw new SshError(
      'remote-command-failed',
      `reading ${remotePath} failed (exit ${end.code ?? end.signal}): ${stderr.trim()}`,
    );
  }
  return bytes;
}

/** The active file may end in a line still being written: cut it off (it is read completely next time). */
async function trimPartialLastLine(
  path: string,
  size: number,
  warnings: string[],
  remotePath: string,
): Promise<number> {
  if (size === 0) return 0;
  const handle = await open(path, 'r');
  try {
    const window = Buffer.alloc(Math.min(size, 1 << 20));
    for (let end = size; end > 0;) {
      const start = Math.max(0, end - window.length);
      const { bytesRead } = await handle.read(window, 0, end - start, start);
      const newline = window.subarray(0, bytesRead).lastIndexOf(10);
      if (newline >= 0) {
        const keep = start + newline + 1;
        if (keep === size) return 0;
        await truncate(path, keep);
        warnings.push(`${remotePath}: left out a half-written last line (${size - keep} bytes)`);
        return size - keep;
      }
      end = start;
    }
  } finally {
    await handle.close();
  }
  return 0;
}
