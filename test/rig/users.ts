// Throwaway Unix users for the rig: a key pair (optionally passphrase-protected), an optional password, and an
// optional sudoers drop-in. Everything is removed again by removeUser().
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './processes.ts';

export type RigSudo = 'none' | 'nopasswd' | 'password';

export interface RigUserOptions {
  /** Defaults to a random `asr…` name; tests may ask for a hostile-looking suffix-free name only. */
  name?: string;
  password?: string;
  keyPassphrase?: string;
  sudo?: RigSudo;
  shell?: string;
}

export interface RigUser {
  name: string;
  uid: number;
  home: string;
  password?: string;
  /** Private key file (OpenSSH format) and its passphrase, if any. */
  privateKeyPath: string;
  keyPassphrase?: string;
  publicKey: string;
  sudo: RigSudo;
  sudoersFile?: string;
}

export function randomUserName(): string {
  return 'asr' + randomBytes(4).toString('hex');
}

export function createUser(rigDir: string, authorizedKeysDirs: string[], options: RigUserOptions = {}): RigUser {
  const name = options.name ?? randomUserName();
  const home = join(rigDir, 'home', name);
  mkdirSync(join(rigDir, 'home'), { recursive: true, mode: 0o755 });
  run('/usr/sbin/useradd', ['-M', '-d', home, '-s', options.shell ?? '/bin/sh', name]);
  const uid = Number(run('/usr/bin/id', ['-u', name]).stdout.trim());
  mkdirSync(home, { mode: 0o700 });
  chownSync(home, uid, uid);
  if (options.password !== undefined) {
    // chpasswd hashes the password itself (the plain text never reaches argv).
    run('/usr/sbin/chpasswd', [], { input: `${name}:${options.password}\n` });
  } else {
    // useradd leaves the account locked ("!"); "*" means "no password, but not locked" so key logins work.
    run('/usr/sbin/usermod', ['-p', '*', name]);
  }
  const keyDir = join(rigDir, 'client-keys');
  mkdirSync(keyDir, { recursive: true, mode: 0o700 });
  const privateKeyPath = join(keyDir, name);
  run('/usr/bin/ssh-keygen', [
    '-q',
    '-t',
    'ed25519',
    '-N',
    options.keyPassphrase ?? '',
    '-C',
    name,
    '-f',
    privateKeyPath,
  ]);
  const publicKey = readFileSync(privateKeyPath + '.pub', 'utf8');
  for (const dir of authorizedKeysDirs) {
    const file = join(dir, name);
    writeFileSync(file, publicKey, { mode: 0o644 });
    chmodSync(file, 0o644);
  }
  const sudo = options.sudo ?? 'none';
  let sudoersFile: string | undefined;
  if (sudo !== 'none') {
    sudoersFile = `/etc/sudoers.d/auditscope-rig-${name}`;
    const rule = sudo === 'nopasswd' ? `${name} ALL=(ALL:ALL) NOPASSWD: ALL\n` : `${name} ALL=(ALL:ALL) ALL\n`;
    writeFileSync(sudoersFile, rule, { mode: 0o440 });
    run('/usr/sbin/visudo', ['-c', '-q', '-f', sudoersFile]);
  }
  return {
    name,
    uid,
    home,
    password: options.password,
    privateKeyPath,
    keyPassphrase: options.keyPassphrase,
    publicKey,
    sudo,
    sudoersFile,
  };
}

export function removeUser(user: RigUser): void {
  if (user.sudoersFile && existsSync(user.sudoersFile)) rmSync(user.sudoersFile);
  // -f: the rig has already killed the user's processes by PID (they all descend from its sshd).
  run('/usr/sbin/userdel', ['-f', user.name], { allowFailure: true });
}
