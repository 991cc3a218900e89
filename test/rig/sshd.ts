// A private OpenSSH server on a free loopback port, with its own host key, config and log in a folder we own.
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freeLoopbackPort, killTree, run, waitForSshBanner } from './processes.ts';

export interface SshdOptions {
  /** Folder for this server's config, host key, log and authorized keys (must be traversable by the users). */
  dir: string;
  /** Host key type; ed25519 unless a test needs another. */
  hostKeyType?: 'ed25519' | 'ecdsa';
  logLevel?: 'VERBOSE' | 'DEBUG' | 'DEBUG3';
}

export interface RunningSshd {
  port: number;
  pid: number;
  dir: string;
  logPath: string;
  /** The server's public host key as an OpenSSH `type base64` pair. */
  hostKeyType: string;
  hostKeyBase64: string;
  hostKeyBlob: Buffer;
  /** Folder of `<user>` files holding each user's authorized keys. */
  authorizedKeysDir: string;
  log(): string;
  /** Replace the host key and restart on the same port (to simulate a reinstalled or spoofed host). */
  regenerateHostKey(): Promise<void>;
  stop(): void;
}

function sshdConfig(dir: string, port: number, hostKeyPath: string, logLevel: string): string {
  return [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${hostKeyPath}`,
    `PidFile ${join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}/%u`,
    'PubkeyAuthentication yes',
    'PasswordAuthentication yes',
    'KbdInteractiveAuthentication no',
    'PermitEmptyPasswords no',
    'PermitRootLogin no',
    'UsePAM no',
    // The rig lives under the 1777 temp dir; StrictModes would refuse keys there.
    'StrictModes no',
    'AllowTcpForwarding yes',
    'Subsystem sftp internal-sftp',
    `LogLevel ${logLevel}`,
    '',
  ].join('\n');
}

export async function startSshd(options: SshdOptions): Promise<RunningSshd> {
  const { dir } = options;
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  chmodSync(dir, 0o755);
  const authorizedKeysDir = join(dir, 'authorized_keys');
  mkdirSync(authorizedKeysDir, { mode: 0o755 });
  // sshd's privilege separation needs this empty directory; it is not created without systemd.
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const hostKeyPath = join(dir, 'ssh_host_key');
  const keyType = options.hostKeyType ?? 'ed25519';
  const generateHostKey = () => {
    // A fresh file instead of answering ssh-keygen's overwrite prompt: it does not read stdin when there is no
    // file, and writing an answer it never reads fails with EPIPE.
    rmSync(hostKeyPath, { force: true });
    rmSync(hostKeyPath + '.pub', { force: true });
    run('/usr/bin/ssh-keygen', ['-q', '-t', keyType, '-N', '', '-C', 'auditscope-rig', '-f', hostKeyPath]);
    return readFileSync(hostKeyPath + '.pub', 'utf8')
      .trim()
      .split(' ');
  };
  let [hostKeyType, hostKeyBase64] = generateHostKey();
  const port = await freeLoopbackPort();
  const configPath = join(dir, 'sshd_config');
  const logPath = join(dir, 'sshd.log');
  writeFileSync(configPath, sshdConfig(dir, port, hostKeyPath, options.logLevel ?? 'VERBOSE'));
  run('/usr/sbin/sshd', ['-t', '-f', configPath]);

  let pid = 0;
  let alive = false;
  const launch = async () => {
    // sshd re-execs itself, which requires an absolute path; -D keeps it in the foreground so its PID is ours.
    const child = spawn('/usr/sbin/sshd', ['-D', '-E', logPath, '-f', configPath], { stdio: 'ignore' });
    pid = child.pid!;
    alive = true;
    child.once('exit', () => {
      alive = false;
    });
    await waitForSshBanner(port, 5000, () => alive);
  };
  await launch();

  const server: RunningSshd = {
    port,
    get pid() {
      return pid;
    },
    dir,
    logPath,
    get hostKeyType() {
      return hostKeyType;
    },
    get hostKeyBase64() {
      return hostKeyBase64;
    },
    get hostKeyBlob() {
      return Buffer.from(hostKeyBase64, 'base64');
    },
    authorizedKeysDir,
    log: () => readFileSync(logPath, 'utf8'),
    async regenerateHostKey() {
      killTree(pid);
      // Wait for the old listener to be gone so the new one can bind the same port.
      for (let i = 0; alive && i < 200; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      [hostKeyType, hostKeyBase64] = generateHostKey();
      await launch();
    },
    stop() {
      if (pid) killTree(pid);
    },
  };
  return server;
}
