// Logins and host keys against a real OpenSSH server started by the rig.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SshError } from '../../electron/backend/ssh/errors.ts';
import { fingerprintSha256, type UnknownHostKeyQuestion } from '../../electron/backend/ssh/host-keys.ts';
import { SshPool } from '../../electron/backend/ssh/pool.ts';
import { SshSession } from '../../electron/backend/ssh/session.ts';
import { killTree } from '../rig/processes.ts';
import { startRig, type Rig } from '../rig/rig.ts';
import { keyLogin } from '../rig/session-options.ts';

type Users = 'plain' | 'encrypted' | 'password';
let rig: Rig<Users>;

before(async () => {
  rig = await startRig<Users>({
    users: { plain: {}, encrypted: { keyPassphrase: 'open sesame' }, password: { password: 'Pw-for-rig-42' } },
    jumpHost: true,
    layout: false,
  });
});
after(() => rig?.stop());

async function whoami(session: SshSession): Promise<string> {
  const result = await session.exec(['id', '-un']);
  assert.equal(result.code, 0, result.stderr);
  return result.stdout.trim();
}

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<SshError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof SshError, `expected SshError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    return error;
  }
  assert.fail(`expected a rejection with ${code}`);
}

test('key login', async () => {
  const session = await SshSession.connect(
    keyLogin(rig.sshd, rig.users.plain, rig.knownHostsFile, rig.emptyStorePath()),
  );
  assert.equal(await whoami(session), rig.users.plain.name);
  session.close();
});

test('encrypted key: missing and wrong passphrases are typed errors; the right one logs in', async () => {
  const user = rig.users.encrypted;
  const base = keyLogin(rig.sshd, user, rig.knownHostsFile, rig.emptyStorePath());
  await rejectsWith(
    SshSession.connect({ ...base, auth: { kind: 'key', privateKeyPath: user.privateKeyPath } }),
    'key-passphrase-required',
  );
  const wrong = await rejectsWith(
    SshSession.connect({
      ...base,
      auth: { kind: 'key', privateKeyPath: user.privateKeyPath, passphrase: 'not-it-secret' },
    }),
    'key-passphrase-wrong',
  );
  assert.doesNotMatch(wrong.message, /not-it-secret/);
  const session = await SshSession.connect(base);
  assert.equal(await whoami(session), user.name);
  session.close();
});

test('password login, and a wrong password fails without echoing it', async () => {
  const user = rig.users.password;
  const base = keyLogin(rig.sshd, user, rig.knownHostsFile, rig.emptyStorePath());
  const session = await SshSession.connect({ ...base, auth: { kind: 'password', password: user.password! } });
  assert.equal(await whoami(session), user.name);
  session.close();
  const error = await rejectsWith(
    SshSession.connect({ ...base, auth: { kind: 'password', password: 'Wrong-pass-77' } }),
    'auth-failed',
  );
  assert.doesNotMatch(error.message, /Wrong-pass-77/);
});

test('ssh-agent login (real ssh-agent and ssh-add)', async () => {
  const socketPath = join(rig.dir, 'agent.sock');
  const agent = spawn('/usr/bin/ssh-agent', ['-D', '-a', socketPath], { stdio: 'ignore' });
  try {
    // ssh-add finds the agent through SSH_AUTH_SOCK; the socket file appears (bind) just before the agent listens.
    let added = spawnSync('/bin/true', { encoding: 'utf8' });
    for (let i = 0; i < 200; i++) {
      added = spawnSync('/usr/bin/ssh-add', [rig.users.plain.privateKeyPath], {
        env: { ...process.env, SSH_AUTH_SOCK: socketPath },
        encoding: 'utf8',
      });
      if (added.status === 0) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.equal(added.status, 0, added.stderr);
    const options = keyLogin(rig.sshd, rig.users.plain, rig.knownHostsFile, rig.emptyStorePath(), {
      auth: { kind: 'agent', socketPath },
    });
    const session = await SshSession.connect(options);
    assert.equal(await whoami(session), rig.users.plain.name);
    session.close();
    await rejectsWith(
      SshSession.connect({ ...options, auth: { kind: 'agent', socketPath: join(rig.dir, 'no-such-agent.sock') } }),
      'agent-unavailable',
    );
  } finally {
    killTree(agent.pid!);
  }
});

test('unknown host key: the callback is asked with the fingerprint; refusing stops, accepting records it', async () => {
  const store = rig.emptyStorePath();
  const emptyKnownHosts = join(rig.dir, 'empty_known_hosts');
  writeFileSync(emptyKnownHosts, '');
  const questions: UnknownHostKeyQuestion[] = [];
  const base = keyLogin(rig.sshd, rig.users.plain, emptyKnownHosts, store);
  const logins = () => rig.sshd.log().split(`Accepted publickey for ${rig.users.plain.name}`).length;
  const loginsBefore = logins();

  const refused = await rejectsWith(
    SshSession.connect({ ...base, onUnknownHostKey: (q) => (questions.push(q), false) }),
    'host-key-unknown',
  );
  assert.equal(questions.length, 1);
  assert.deepEqual(questions[0], {
    host: '127.0.0.1',
    port: rig.sshd.port,
    keyType: 'ssh-ed25519',
    fingerprintSha256: fingerprintSha256(rig.sshd.hostKeyBlob),
  });
  assert.match(refused.message, /not known/);
  assert.equal(existsSync(store), false, 'a refused key must not be recorded');
  assert.equal(logins(), loginsBefore, 'the connection must stop before authentication');

  // Without a callback an unknown key is refused outright (never auto-accepted).
  await rejectsWith(SshSession.connect(base), 'host-key-unknown');

  const session = await SshSession.connect({ ...base, onUnknownHostKey: async () => true });
  assert.equal(await whoami(session), rig.users.plain.name);
  session.close();
  assert.match(readFileSync(store, 'utf8'), new RegExp(`^\\[127\\.0\\.0\\.1\\]:${rig.sshd.port} ssh-ed25519 `));
  // Now trusted: no question asked.
  const again = await SshSession.connect({ ...base, onUnknownHostKey: () => assert.fail('must not ask again') });
  again.close();
});

test('jump host: the target is reached through a forwarded channel of the jump sshd', async () => {
  const jump = rig.jump!;
  const options = keyLogin(rig.sshd, rig.users.plain, rig.knownHostsFile, rig.emptyStorePath(), {
    jump: {
      host: '127.0.0.1',
      port: jump.port,
      username: rig.users.password.name,
      auth: { kind: 'password', password: rig.users.password.password! },
    },
  });
  const session = await SshSession.connect(options);
  assert.equal(await whoami(session), rig.users.plain.name);
  session.close();
  assert.match(
    jump.log(),
    new RegExp(`direct-tcpip.*127\\.0\\.0\\.1.*${rig.sshd.port}|target 127\\.0\\.0\\.1 port ${rig.sshd.port}`),
  );
});

test('connection reuse per node through the pool', async () => {
  const pool = new SshPool();
  const options = keyLogin(rig.sshd, rig.users.plain, rig.knownHostsFile, rig.emptyStorePath());
  const [a, b] = await Promise.all([pool.acquire('node-1', options), pool.acquire('node-1', options)]);
  assert.equal(a, b);
  a.destroy();
  await new Promise((r) => setTimeout(r, 50));
  const c = await pool.acquire('node-1', options);
  assert.notEqual(c, a);
  assert.equal(await whoami(c), rig.users.plain.name);
  await pool.closeAll();
  assert.equal(c.isClosed, true);
});

test('abort and timeout cancel a connection attempt cleanly', async () => {
  const controller = new AbortController();
  controller.abort();
  await rejectsWith(
    SshSession.connect({
      ...keyLogin(rig.sshd, rig.users.plain, rig.knownHostsFile, rig.emptyStorePath()),
      signal: controller.signal,
    }),
    'aborted',
  );
  await rejectsWith(
    SshSession.connect({ ...keyLogin(rig.sshd, rig.users.plain, rig.knownHostsFile, rig.emptyStorePath()), port: 1 }),
    'connect-failed',
  );
});

// Last: it replaces the server's host key.
test('a changed host key is refused with a clear warning, even with an accepting callback', async () => {
  const store = rig.emptyStorePath();
  const base = keyLogin(rig.sshd, rig.users.plain, rig.knownHostsFile, store);
  const oldFingerprint = fingerprintSha256(rig.sshd.hostKeyBlob);
  await rig.sshd.regenerateHostKey();
  let asked = false;
  const error = await rejectsWith(
    SshSession.connect({ ...base, onUnknownHostKey: () => ((asked = true), true) }),
    'host-key-changed',
  );
  assert.equal(asked, false);
  assert.match(error.message, /CHANGED/);
  assert.ok(error.message.includes(oldFingerprint));
  assert.ok(error.message.includes(fingerprintSha256(rig.sshd.hostKeyBlob)));
  assert.equal(error.hostKey?.status, 'changed');
  assert.equal(existsSync(store), false);
});
