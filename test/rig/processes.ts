// Small process helpers for the SSH test rig: run a command, find a free port, wait for a banner, kill a tree by PID.
import { execFile, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run a program (no shell) and fail loudly with its stderr when it exits non-zero. */
export function run(file: string, args: string[], options: { input?: string; allowFailure?: boolean } = {}): RunResult {
  const result = spawnSync(file, args, { input: options.input, encoding: 'utf8' });
  if (result.error) throw new Error(`cannot run ${file}: ${result.error.message}`);
  const out = { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
  if (out.code !== 0 && !options.allowFailure) {
    throw new Error(`${file} ${args.join(' ')} exited ${out.code}: ${out.stderr.trim()}`);
  }
  return out;
}

export function runAsync(file: string, args: string[]): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(file, args, { encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Wait until something on the port greets with an SSH banner (sshd is then accepting connections). */
export async function waitForSshBanner(port: number, timeoutMs: number, isAlive: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error('sshd exited before it accepted connections');
    const ok = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port });
      socket.setTimeout(500);
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString('latin1').startsWith('SSH-'));
      });
      socket.once('error', () => resolve(false));
      socket.once('timeout', () => {
        socket.destroy();
        resolve(false);
      });
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`sshd did not accept connections on port ${port} within ${timeoutMs} ms`);
}

/** PIDs of all descendants of a process (children first found through /proc/<pid>/stat's ppid field). */
export function descendantPids(rootPid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command name is in parentheses and may contain spaces; fields after it are fixed.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parentOf.set(Number(name), Number(fields[1]));
    } catch {
      // The process ended while we were looking; nothing to kill.
    }
  }
  const result: number[] = [];
  const queue = [rootPid];
  while (queue.length > 0) {
    const parent = queue.shift()!;
    for (const [pid, ppid] of parentOf) {
      if (ppid === parent) {
        result.push(pid);
        queue.push(pid);
      }
    }
  }
  return result;
}

export function killPid(pid: number, signal: NodeJS.Signals = 'SIGKILL'): void {
  try {
    process.kill(pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** Kill a process and everything it started, by PID only. */
export function killTree(rootPid: number): void {
  const pids = descendantPids(rootPid);
  killPid(rootPid);
  for (const pid of pids) killPid(pid);
}
