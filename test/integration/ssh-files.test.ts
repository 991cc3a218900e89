// Remote file operations, injection resistance, atomic writes under a killed connection, and streaming.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { SshError } from '../../electron/backend/ssh/errors.ts';
import { SshSession } from '../../electron/backend/ssh/session.ts';
import { startRig, type Rig } from '../rig/rig.ts';
import { keyLogin } from '../rig/session-options.ts';

type Users = 'admin' | 'plain';
let rig: Rig<Users>;
let admin: SshSession;
let work: string;

before(async () => {
  rig = await startRig<Users>({ users: { admin: { sudo: 'nopasswd' }, plain: {} }, layout: false });
  admin = await SshSession.connect(
    keyLogin(rig.sshd, rig.users.admin, rig.knownHostsFile, rig.emptyStorePath(), { sudo: { mode: 'nopasswd' } }),
  );
  work = join(rig.dir, 'work');
  mkdirSync(work, { mode: 0o755 });
});
after(() => {
  admin?.close();
  rig?.stop();
});

test('readFile, stat and listDir, with and without sudo', async () => {
  const secret = join(work, 'root-only.yaml');
  writeFileSync(secret, 'kind: Secret\n', { mode: 0o600 });
  await assert.rejects(
    admin.readFile(secret),
    (error: unknown) => error instanceof SshError && error.code === 'remote-command-failed',
  );
  assert.equal((await admin.readFile(secret, { sudo: true })).toString(), 'kind: Secret\n');
  await assert.rejects(admin.readFile(join(work, 'missing')), { code: 'not-found' });

  const stat = await admin.stat(secret);
  assert.deepEqual(
    { type: stat?.type, size: stat?.size, mode: stat?.mode, uid: stat?.uid, owner: stat?.owner },
    { type: 'file', size: 13, mode: 0o600, uid: 0, owner: 'root' },
  );
  assert.equal(await admin.stat(join(work, 'missing')), null);
  assert.equal((await admin.stat(work))?.type, 'directory');

  const listed = join(work, 'listed');
  mkdirSync(join(listed, 'sub'), { recursive: true });
  writeFileSync(join(listed, 'a\tb.log'), 'xyz');
  writeFileSync(join(listed, 'line\nbreak'), '');
  const entries = await admin.listDir(listed);
  assert.deepEqual(
    entries.map((e) => [e.name, e.type, e.type === 'file' ? e.size : -1]),
    [
      ['a\tb.log', 'file', 3],
      ['line\nbreak', 'file', 0],
      ['sub', 'directory', -1],
    ],
  );
});

test('paths and user names with quotes, $(...), backticks, ; and newlines cannot inject a command', async () => {
  const marker = join(work, 'INJECTED');
  const hostile = [
    `x'; touch ${marker}; echo '`,
    `$(touch ${marker})`,
    `\`touch ${marker}\``,
    `a; touch ${marker}`,
    `a\ntouch ${marker}`,
    `"$(touch ${marker})"`,
  ];
  for (const name of hostile) {
    const path = join(work, name.replaceAll('/', '_'));
    await admin.writeFileAtomic(path, 'content', { sudo: true });
    assert.equal((await admin.readFile(path, { sudo: true })).toString(), 'content');
    assert.equal((await admin.stat(path))?.size, 7);
    // A user name travels as an argument too (e.g. to id); it must arrive as one literal word.
    const id = await admin.exec(['id', '-u', '--', name]);
    assert.notEqual(id.code, 0);
    assert.equal(existsSync(marker), false, `injection through ${JSON.stringify(name)}`);
  }
  // The SSH login name is not a shell word at all: a hostile one just fails to authenticate.
  await assert.rejects(
    SshSession.connect(
      keyLogin(rig.sshd, rig.users.plain, rig.knownHostsFile, rig.emptyStorePath(), {
        username: `x'; touch ${marker}; '`,
      }),
    ),
    { code: 'auth-failed' },
  );
  assert.equal(existsSync(marker), false);
  assert.ok(
    readdirSync(work).some((n) => n.includes('\n')),
    'the file with a newline in its name was created literally',
  );
});

test('writeFileAtomic keeps owner and mode of the replaced file; mode applies to new files', async () => {
  const path = join(work, 'owned.yaml');
  writeFileSync(path, 'old');
  chownSync(path, rig.users.plain.uid, rig.users.plain.uid);
  chmodSync(path, 0o640);
  await admin.writeFileAtomic(path, 'new content', { sudo: true });
  const after = statSync(path);
  assert.equal(readFileSync(path, 'utf8'), 'new content');
  assert.equal(after.uid, rig.users.plain.uid);
  assert.equal(after.mode & 0o777, 0o640);
  const fresh = join(work, 'fresh.yaml');
  await admin.writeFileAtomic(fresh, 'x', { sudo: true, mode: 0o600 });
  assert.equal(statSync(fresh).mode & 0o777, 0o600);
  assert.equal(statSync(fresh).uid, 0);
  await assert.rejects(admin.writeFileAtomic(join(work, 'no-such-dir', 'f'), 'x', { sudo: true }), /does not exist/);
  assert.deepEqual(
    readdirSync(work).filter((n) => n.startsWith('.auditscope-write')),
    [],
    'no temp files are left behind',
  );
});

test('a connection killed in the middle of writing a large file leaves the old file intact', async () => {
  const path = join(work, 'big.log');
  const original = 'the original content\n';
  writeFileSync(path, original, { mode: 0o600 });
  const victim = await SshSession.connect(
    keyLogin(rig.sshd, rig.users.admin, rig.knownHostsFile, rig.emptyStorePath(), { sudo: { mode: 'nopasswd' } }),
  );
  const big = randomBytes(48 * 1024 * 1024);
  const writing = victim.writeFileAtomic(path, big, { sudo: true });
  // Wait until the remote temp file is really being filled, then drop the connection.
  let partial = 0;
  for (let i = 0; i < 400 && partial < 1024 * 1024; i++) {
    await new Promise((r) => setTimeout(r, 10));
    const temps = readdirSync(work).filter((n) => n.startsWith('.auditscope-write'));
    partial = temps.length > 0 ? (statSync(join(work, temps[0]), { throwIfNoEntry: false })?.size ?? 0) : 0;
  }
  assert.ok(partial > 0 && partial < big.length, `the write was under way (${partial} bytes)`);
  victim.destroy();
  await assert.rejects(writing, { code: 'connection-lost' });
  // The remote script sees EOF early, refuses the short file and removes it.
  for (let i = 0; i < 100 && readdirSync(work).some((n) => n.startsWith('.auditscope-write')); i++) {
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.equal(readFileSync(path, 'utf8'), original);
  assert.deepEqual(
    readdirSync(work).filter((n) => n.startsWith('.auditscope-write')),
    [],
  );
});

test('stream delivers output as it comes, ends on abort, and reports a lost connection', async () => {
  const file = join(work, 'tail.log');
  writeFileSync(file, 'first\n');
  const session = await SshSession.connect(
    keyLogin(rig.sshd, rig.users.admin, rig.knownHostsFile, rig.emptyStorePath()),
  );
  const controller = new AbortController();
  let received = '';
  const ended = session.stream(['tail', '-n', '+1', '-F', file], {
    signal: controller.signal,
    onData: (chunk) => {
      received += chunk.toString();
      if (received.includes('second')) controller.abort();
    },
  });
  for (let i = 0; i < 100 && !received.includes('first'); i++) await new Promise((r) => setTimeout(r, 10));
  writeFileSync(file, 'first\nsecond\n');
  assert.equal((await ended).reason, 'aborted');
  assert.match(received, /first\nsecond/);

  const closed = new Promise((resolve) => session.once('closed', resolve));
  const lost = session.stream(['tail', '-F', file], { onData: () => {} });
  await new Promise((r) => setTimeout(r, 100));
  session.destroy();
  assert.equal((await lost).reason, 'connection-lost');
  assert.deepEqual(await closed, { reason: 'lost', message: 'connection destroyed' });
  await assert.rejects(session.exec(['true']), { code: 'connection-lost' });
});

test('exec can be cancelled with an AbortSignal', async () => {
  const controller = new AbortController();
  const started = Date.now();
  const running = admin.exec(['sleep', '5'], { signal: controller.signal });
  setTimeout(() => controller.abort(), 100);
  await assert.rejects(running, { code: 'aborted' });
  assert.ok(Date.now() - started < 2000);
  assert.equal((await admin.exec(['echo', 'still usable'])).stdout, 'still usable\n');
});
