// Host key checks against known_hosts files written (and hashed) by the real OpenSSH ssh-keygen.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkHostKey,
  fingerprintSha256,
  knownKeyTypes,
  recordHostKey,
  hostKeyRefusalMessage,
} from '../../electron/backend/ssh/host-keys.ts';
import { parseKnownHosts } from '../../electron/backend/ssh/known-hosts-file.ts';

let dir: string;
const keys: Record<string, { type: string; base64: string; blob: Buffer; line: string }> = {};

function makeKey(name: string, type: 'ed25519' | 'ecdsa'): void {
  const path = join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-f', path]);
  const line = readFileSync(path + '.pub', 'utf8').trim();
  const [keyType, base64] = line.split(' ');
  keys[name] = { type: keyType, base64, blob: Buffer.from(base64, 'base64'), line };
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'hostkeys-'));
  makeKey('a', 'ed25519');
  makeKey('b', 'ed25519');
  makeKey('c', 'ecdsa');
});
after(() => rmSync(dir, { recursive: true, force: true }));

function stores(knownHosts: string) {
  const file = join(dir, `known_hosts_${Math.random().toString(36).slice(2)}`);
  writeFileSync(file, knownHosts);
  return { knownHostsFiles: [file], appStorePath: join(dir, 'app', 'known_hosts') };
}

test('fingerprints are formatted exactly like ssh-keygen -l -E sha256', () => {
  const out = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', join(dir, 'a.pub')], { encoding: 'utf8' });
  assert.equal(fingerprintSha256(keys.a.blob), out.split(' ')[1]);
});

test('plain entry, comma list and [host]:port form', async () => {
  const s = stores(
    `# comment\nother,node1.example,10.0.0.1 ${keys.a.type} ${keys.a.base64}\n[127.0.0.1]:2222 ${keys.c.type} ${keys.c.base64}\n`,
  );
  assert.equal((await checkHostKey('node1.example', 22, keys.a.blob, s)).status, 'trusted');
  assert.equal((await checkHostKey('NODE1.example', 22, keys.a.blob, s)).status, 'trusted');
  assert.equal((await checkHostKey('10.0.0.1', 22, keys.a.blob, s)).status, 'trusted');
  // A plain name only covers port 22; a non-default port needs the [host]:port form.
  assert.equal((await checkHostKey('node1.example', 2222, keys.a.blob, s)).status, 'unknown');
  assert.equal((await checkHostKey('127.0.0.1', 2222, keys.c.blob, s)).status, 'trusted');
  assert.equal((await checkHostKey('127.0.0.1', 22, keys.c.blob, s)).status, 'unknown');
});

test('hashed entries produced by ssh-keygen -H match', async () => {
  const s = stores(`node1.example ${keys.a.type} ${keys.a.base64}\n[127.0.0.1]:2222 ${keys.c.type} ${keys.c.base64}\n`);
  execFileSync('ssh-keygen', ['-q', '-H', '-f', s.knownHostsFiles[0]], { stdio: 'ignore' });
  const text = readFileSync(s.knownHostsFiles[0], 'utf8');
  assert.match(text, /^\|1\|/m);
  assert.doesNotMatch(text, /node1\.example/);
  assert.equal((await checkHostKey('node1.example', 22, keys.a.blob, s)).status, 'trusted');
  assert.equal((await checkHostKey('127.0.0.1', 2222, keys.c.blob, s)).status, 'trusted');
  assert.equal((await checkHostKey('node2.example', 22, keys.a.blob, s)).status, 'unknown');
});

test('unknown key reports type and fingerprint', async () => {
  const check = await checkHostKey('fresh.example', 22, keys.b.blob, stores(''));
  assert.deepEqual(check, {
    status: 'unknown',
    keyType: 'ssh-ed25519',
    fingerprintSha256: fingerprintSha256(keys.b.blob),
  });
});

test('a different key of the same or another type is "changed" with the expected entries', async () => {
  const s = stores(`node1.example ${keys.a.type} ${keys.a.base64}\n`);
  const same = await checkHostKey('node1.example', 22, keys.b.blob, s);
  assert.equal(same.status, 'changed');
  assert.ok(same.status === 'changed');
  assert.equal(same.expected[0].fingerprintSha256, fingerprintSha256(keys.a.blob));
  assert.equal(same.expected[0].source, `${s.knownHostsFiles[0]}:1`);
  assert.equal(same.got.fingerprintSha256, fingerprintSha256(keys.b.blob));
  assert.match(hostKeyRefusalMessage('node1.example', 22, same), /CHANGED/);
  assert.equal((await checkHostKey('node1.example', 22, keys.c.blob, s)).status, 'changed');
});

test('wildcards and negation follow OpenSSH', async () => {
  const s = stores(
    `*.prod.example,!bad.prod.example ${keys.a.type} ${keys.a.base64}\nnode? ${keys.c.type} ${keys.c.base64}\n`,
  );
  assert.equal((await checkHostKey('x.prod.example', 22, keys.a.blob, s)).status, 'trusted');
  assert.equal((await checkHostKey('bad.prod.example', 22, keys.a.blob, s)).status, 'unknown');
  assert.equal((await checkHostKey('node7', 22, keys.c.blob, s)).status, 'trusted');
  assert.equal((await checkHostKey('node77', 22, keys.c.blob, s)).status, 'unknown');
});

test('@revoked wins over a trusting entry; @cert-authority lines neither trust nor contradict', async () => {
  const s = stores(
    `node1.example ${keys.a.type} ${keys.a.base64}\n@revoked * ${keys.a.type} ${keys.a.base64}\n@cert-authority node2.example ${keys.b.type} ${keys.b.base64}\n`,
  );
  const check = await checkHostKey('node1.example', 22, keys.a.blob, s);
  assert.equal(check.status, 'revoked');
  assert.equal((await checkHostKey('node2.example', 22, keys.c.blob, s)).status, 'unknown');
});

test('recording into the app store makes the key trusted, with OpenSSH-compatible lines and 0600', async () => {
  const s = stores('');
  await recordHostKey(s.appStorePath, '127.0.0.1', 2200, keys.b.blob);
  assert.equal((await checkHostKey('127.0.0.1', 2200, keys.b.blob, s)).status, 'trusted');
  assert.equal(statSync(s.appStorePath).mode & 0o777, 0o600);
  const found = execFileSync('ssh-keygen', ['-F', '[127.0.0.1]:2200', '-f', s.appStorePath], { encoding: 'utf8' });
  assert.match(found, new RegExp(keys.b.base64.replace(/[+/]/g, '\\$&')));
  assert.deepEqual(await knownKeyTypes('127.0.0.1', 2200, s), ['ssh-ed25519']);
});

test('malformed lines are reported with file and line, not dropped silently', () => {
  const parsed = parseKnownHosts(
    `good ${keys.a.type} ${keys.a.base64}\nonlyhost\n@weird host ${keys.a.type} ${keys.a.base64}\nh ssh-rsa ${keys.a.base64}\n|1|bad|x ${keys.a.type} ${keys.a.base64}\n`,
    'kh',
  );
  assert.equal(parsed.entries.length, 1);
  assert.equal(parsed.warnings.length, 4);
  assert.match(parsed.warnings[0], /^kh:2:1: /);
  assert.match(parsed.warnings[1], /^kh:3:1: unknown marker/);
  assert.match(parsed.warnings[2], /^kh:4:\d+: key data is not a valid ssh-rsa/);
  assert.match(parsed.warnings[3], /^kh:5:1: malformed hashed/);
});
