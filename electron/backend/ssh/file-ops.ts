// Remote file operations over an SSH session, each one fixed script from remote-scripts.ts with quoted arguments.
import { createHash } from 'node:crypto';
import { SshError } from './errors.ts';
import { LIST_DIR_SCRIPT, MISSING_EXIT, READ_FILE_SCRIPT, STAT_SCRIPT, WRITE_ATOMIC_SCRIPT } from './remote-scripts.ts';
import type { ExecBufferResult, ExecOptions } from './session.ts';

export interface RemoteRunner {
  execBuffer(argv: string[], options?: ExecOptions): Promise<ExecBufferResult>;
  check(argv: string[], options?: ExecOptions): Promise<ExecBufferResult>;
}

export interface FileOpOptions {
  sudo?: boolean;
  signal?: AbortSignal;
}

export type RemoteFileType = 'file' | 'directory' | 'symlink' | 'other';

export interface RemoteStat {
  type: RemoteFileType;
  size: number;
  /** Permission bits, e.g. 0o600. */
  mode: number;
  uid: number;
  gid: number;
  owner: string;
  group: string;
  mtimeMs: number;
}

export interface RemoteDirEntry {
  name: string;
  type: RemoteFileType;
  size: number;
  mode: number;
  mtimeMs: number;
}

const script = (text: string, ...args: string[]) => ['sh', '-c', text, 'sh', ...args];

function failure(what: string, path: string, result: ExecBufferResult): SshError {
  if (result.code === MISSING_EXIT) return new SshError('not-found', `${path} does not exist`);
  return new SshError(
    'remote-command-failed',
    `${what} ${path} failed (exit ${result.code ?? result.signal}): ${result.stderr.trim()}`,
  );
}

export async function readRemoteFile(runner: RemoteRunner, path: string, options: FileOpOptions = {}): Promise<Buffer> {
  const result = await runner.execBuffer(script(READ_FILE_SCRIPT, path), options);
  if (result.code !== 0) throw failure('reading', path, result);
  return result.stdout;
}

export async function statRemote(
  runner: RemoteRunner,
  path: string,
  options: FileOpOptions = {},
): Promise<RemoteStat | null> {
  const result = await runner.execBuffer(script(STAT_SCRIPT, path), options);
  if (result.code === MISSING_EXIT) return null;
  if (result.code !== 0) throw failure('stat of', path, result);
  const [rawModeHex, size, uid, gid, mtime, owner, group] = result.stdout.toString('utf8').trim().split(' ');
  const rawMode = parseInt(rawModeHex, 16);
  return {
    type: fileTypeOfMode(rawMode),
    size: Number(size),
    mode: rawMode & 0o7777,
    uid: Number(uid),
    gid: Number(gid),
    owner,
    group,
    mtimeMs: Number(mtime) * 1000,
  };
}

function fileTypeOfMode(rawMode: number): RemoteFileType {
  switch (rawMode & 0o170000) {
    case 0o100000:
      return 'file';
    case 0o040000:
      return 'directory';
    case 0o120000:
      return 'symlink';
    default:
      return 'other';
  }
}

const FIND_TYPES: Record<string, RemoteFileType> = { f: 'file', d: 'directory', l: 'symlink' };

export async function listRemoteDir(
  runner: RemoteRunner,
  path: string,
  options: FileOpOptions = {},
): Promise<RemoteDirEntry[]> {
  const result = await runner.execBuffer(script(LIST_DIR_SCRIPT, path), options);
  if (result.code !== 0) throw failure('listing', path, result);
  const records = result.stdout.toString('utf8').split('\0');
  records.pop();
  return records
    .map((record) => {
      const [type, size, mtime, mode, ...nameParts] = record.split('\t');
      return {
        // Names may contain tabs; only the first four fields are fixed.
        name: nameParts.join('\t'),
        type: FIND_TYPES[type] ?? 'other',
        size: Number(size),
        mode: parseInt(mode, 8),
        mtimeMs: Math.round(Number(mtime) * 1000),
      };
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export interface WriteAtomicOptions extends FileOpOptions {
  /** Permission bits to set; otherwise those of the replaced file, or 0600 for a new one. */
  mode?: number;
}

export async function writeRemoteFileAtomic(
  runner: RemoteRunner,
  path: string,
  data: string | Buffer,
  options: WriteAtomicOptions = {},
): Promise<void> {
  const bytes = Buffer.from(data);
  if (options.mode !== undefined && !(Number.isInteger(options.mode) && options.mode >= 0 && options.mode <= 0o7777)) {
    throw new SshError('invalid-argument', `invalid file mode ${options.mode}`);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const mode = options.mode === undefined ? '' : options.mode.toString(8).padStart(4, '0');
  const result = await runner.execBuffer(script(WRITE_ATOMIC_SCRIPT, path, String(bytes.length), sha256, mode), {
    ...options,
    stdin: bytes,
  });
  if (result.code !== 0) throw failure('writing', path, result);
}
