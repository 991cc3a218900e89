// The reusable SSH test rig: a real sshd (plus an optional jump sshd), throwaway users, a node file layout and
// optional stand-in processes (e.g. one named "kubelet"). stop() kills everything by PID and removes users and files.
import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedNodeLayout, type NodeLayout, type NodeLayoutOptions } from './node-layout.ts';
import { ensureRigPrerequisites } from './preflight.ts';
import { killTree } from './processes.ts';
import { startSshd, type RunningSshd, type SshdOptions } from './sshd.ts';
import { createUser, removeUser, type RigUser, type RigUserOptions } from './users.ts';

export interface RigOptions<U extends string> {
  users: Record<U, RigUserOptions>;
  /** Start a second sshd to use as a jump host (the same users can log in to both). */
  jumpHost?: boolean;
  /** Seed a node layout under <dir>/node; false for none. */
  layout?: NodeLayoutOptions | false;
  /** Start long-running stand-in processes with these command names (a renamed copy of sleep). */
  fakeProcesses?: string[];
  sshd?: Pick<SshdOptions, 'hostKeyType' | 'logLevel'>;
}

export interface Rig<U extends string> {
  dir: string;
  sshd: RunningSshd;
  jump?: RunningSshd;
  users: Record<U, RigUser>;
  layout?: NodeLayout;
  /** A known_hosts file trusting the rig's sshd (and jump host), for tests that are not about host keys. */
  knownHostsFile: string;
  /** A fresh, empty path for an app known-hosts store. */
  emptyStorePath(): string;
  stop(): void;
}

export async function startRig<U extends string>(options: RigOptions<U>): Promise<Rig<U>> {
  ensureRigPrerequisites();
  const dir = mkdtempSync(join(tmpdir(), 'auditscope-rig-'));
  // sshd reads authorized keys as the user, who must be able to traverse the rig folder.
  chmodSync(dir, 0o755);
  const stops: (() => void)[] = [() => rmSync(dir, { recursive: true, force: true })];
  const stop = () => {
    for (const fn of stops.reverse()) {
      try {
        fn();
      } catch (error) {
        process.stderr.write(`rig cleanup: ${(error as Error).message}\n`);
      }
    }
    stops.length = 0;
  };
  try {
    const sshd = await startSshd({ dir: join(dir, 'sshd'), ...options.sshd });
    stops.push(() => sshd.stop());
    let jump: RunningSshd | undefined;
    if (options.jumpHost) {
      jump = await startSshd({ dir: join(dir, 'jump'), logLevel: 'DEBUG' });
      stops.push(() => jump!.stop());
    }
    const keyDirs = [sshd.authorizedKeysDir, ...(jump ? [jump.authorizedKeysDir] : [])];
    const users = {} as Record<U, RigUser>;
    for (const [label, userOptions] of Object.entries(options.users) as [U, RigUserOptions][]) {
      const user = createUser(dir, keyDirs, userOptions);
      // Users go after the servers are stopped (their processes descend from sshd).
      stops.splice(1, 0, () => removeUser(user));
      users[label] = user;
    }
    const layout = options.layout === false ? undefined : seedNodeLayout(join(dir, 'node'), options.layout ?? {});
    for (const name of options.fakeProcesses ?? []) {
      const binary = join(dir, name);
      copyFileSync('/bin/sleep', binary);
      const child = spawn(binary, ['600'], { stdio: 'ignore' });
      stops.push(() => killTree(child.pid!));
    }
    const knownHostsFile = join(dir, 'known_hosts');
    const lines = [sshd, ...(jump ? [jump] : [])].map(
      (s) => `[127.0.0.1]:${s.port} ${s.hostKeyType} ${s.hostKeyBase64}\n`,
    );
    writeFileSync(knownHostsFile, lines.join(''));
    let stores = 0;
    return {
      dir,
      sshd,
      jump,
      users,
      layout,
      knownHostsFile,
      emptyStorePath: () => join(dir, `app-store-${++stores}`, 'known_hosts'),
      stop,
    };
  } catch (error) {
    stop();
    throw error;
  }
}
