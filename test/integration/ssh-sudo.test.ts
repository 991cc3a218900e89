// sudo over a real sshd: NOPASSWD, password via stdin (never argv, never the sshd log), wrong password, no sudo.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { SshError } from '../../electron/backend/ssh/errors.ts';
import { SshSession } from '../../electron/backend/ssh/session.ts';
import { startRig, type Rig } from '../rig/rig.ts';
import { keyLogin } from '../rig/session-options.ts';

type Users = 'nopasswd' | 'withPassword' | 'noSudo';
const SUDO_PASSWORD = 'Sudo-pw-Zq81-unique';
let rig: Rig<Users>;

before(async () => {
  rig = await startRig<Users>({
    users: {
      nopasswd: { sudo: 'nopasswd', password: SUDO_PASSWORD },
      withPassword: { sudo: 'password', password: SUDO_PASSWORD },
      noSudo: {},
    },
    layout: false,
    sshd: { logLevel: 'DEBUG3' },
  });
});
after(() => rig?.stop());

const connect = (user: Users, sudo: NonNullable<Parameters<typeof SshSession.connect>[0]['sudo']>) =>
  SshSession.connect(keyLogin(rig.sshd, rig.users[user], rig.knownHostsFile, rig.emptyStorePath(), { sudo }));

test('sudo without password (sudo -n)', async () => {
  const session = await connect('nopasswd', { mode: 'nopasswd' });
  const result = await session.exec(['id', '-u'], { sudo: true });
  assert.equal(result.stdout.trim(), '0');
  session.close();
});

test('sudo with password works; the password is in no process argv and not in the DEBUG3 sshd log', async () => {
  const session = await connect('withPassword', { mode: 'password', password: SUDO_PASSWORD });
  // Sample the process list while a privileged command runs.
  const running = session.exec(['sleep', '0.6'], { sudo: true });
  const samples: string[] = [];
  for (let i = 0; i < 10; i++) {
    await new Promise((r) => setTimeout(r, 50));
    samples.push(execFileSync('ps', ['-eo', 'pid,user,args', '-ww'], { encoding: 'utf8' }));
  }
  assert.equal((await running).code, 0);
  assert.ok(
    samples.some((s) => s.includes('sleep 0.6')),
    'the sampling must have seen the privileged command running',
  );
  for (const sample of samples) assert.ok(!sample.includes(SUDO_PASSWORD), 'the sudo password appeared in ps output');

  const id = await session.exec(['id', '-u'], { sudo: true });
  assert.equal(id.stdout.trim(), '0');
  // The command's own stdin must not receive the password (the guard consumes what sudo left unread).
  const echoed = await session.exec(['cat'], { sudo: true, stdin: 'payload\n' });
  assert.equal(echoed.stdout, 'payload\n');
  session.close();
  await new Promise((r) => setTimeout(r, 100));
  const log = rig.sshd.log();
  assert.match(log, /debug3/, 'the log must be at DEBUG3 level for this check to mean something');
  assert.ok(!log.includes(SUDO_PASSWORD), 'the sudo password appeared in the sshd log');
});

test('password mode on a NOPASSWD account: the unread password never reaches the command', async () => {
  const session = await connect('nopasswd', { mode: 'password', password: SUDO_PASSWORD });
  const echoed = await session.exec(['cat'], { sudo: true, stdin: 'data only' });
  assert.equal(echoed.code, 0, echoed.stderr);
  assert.equal(echoed.stdout, 'data only');
  session.close();
});

test('a wrong sudo password is rejected with a typed error that does not contain it', async () => {
  const session = await connect('withPassword', { mode: 'password', password: 'Wrong-sudo-pw-3' });
  await assert.rejects(session.exec(['id', '-u'], { sudo: true }), (error: unknown) => {
    assert.ok(error instanceof SshError);
    assert.equal(error.code, 'sudo-password-rejected');
    assert.ok(!error.message.includes('Wrong-sudo-pw-3'));
    return true;
  });
  session.close();
});

test('sudo -n on an account that needs a password, and an account without sudo rights', async () => {
  const needsPassword = await connect('withPassword', { mode: 'nopasswd' });
  await assert.rejects(needsPassword.exec(['true'], { sudo: true }), { code: 'sudo-password-required' });
  needsPassword.close();
  const noSudo = await connect('noSudo', { mode: 'none' });
  await assert.rejects(noSudo.exec(['true'], { sudo: true }), { code: 'sudo-not-configured' });
  noSudo.close();
});
