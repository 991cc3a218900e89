// `auditscope node probe` through the built CLI against the rig's sshd.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rigFixture } from '../rig/node-layout.ts';
import { startRig, type Rig } from '../rig/rig.ts';

const REPO = join(import.meta.dirname, '..', '..');
type Users = 'admin' | 'sudoPw';
const SUDO_PASSWORD = 'Cli-sudo-pw-Q7x';
let rig: Rig<Users>;

before(async () => {
  const build = spawnSync('npm', ['run', '--silent', 'build:cli'], { cwd: REPO, encoding: 'utf8' });
  assert.equal(build.status, 0, build.stderr);
  rig = await startRig<Users>({
    users: { admin: { sudo: 'nopasswd' }, sudoPw: { sudo: 'password', password: SUDO_PASSWORD } },
    fakeProcesses: ['kubelet'],
  });
});
after(() => rig?.stop());

function cli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(REPO, 'bin', 'auditscope.js'), 'node', 'probe', ...args], {
      env: { ...process.env, SSH_AUTH_SOCK: '', AUDITSCOPE_USER_DATA: join(rig.dir, 'user-data'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const target = (user: Users, knownHosts: string) => [
  '--host',
  '127.0.0.1',
  '--port',
  String(rig.sshd.port),
  '--user',
  rig.users[user].name,
  '--identity',
  rig.users[user].privateKeyPath,
  '--known-hosts',
  knownHosts,
  '--fs-root',
  rig.layout!.root,
];

test('--json prints one object with the probe results', async () => {
  const { code, stdout, stderr } = await cli([...target('admin', rig.knownHostsFile), '--sudo', '--json']);
  assert.equal(code, 0, stderr);
  const lines = stdout.trim().split('\n');
  assert.equal(lines.length, 1);
  const result = JSON.parse(lines[0]);
  assert.equal(result.host, '127.0.0.1');
  assert.equal(result.distribution, 'kubeadm');
  assert.equal(result.kubeletRunning, true);
  assert.deepEqual(result.runtime, { crictl: null });
  assert.equal(result.sudo, 'nopasswd');
  assert.equal(result.manifestPath, '/etc/kubernetes/manifests/kube-apiserver.yaml');
  const { enabled, policyPath, policySha256, logPath, maxage, maxbackup, maxsize, logBytes } = result.audit;
  assert.deepEqual(
    { enabled, policyPath, policySha256, logPath, maxage, maxbackup, maxsize, logBytes },
    {
      enabled: true,
      policyPath: '/etc/kubernetes/audit-policy.yaml',
      policySha256: createHash('sha256').update(rigFixture('audit-policy.yaml')).digest('hex'),
      logPath: '/var/log/kubernetes/audit/audit.log',
      maxage: 30,
      maxbackup: 10,
      maxsize: 100,
      logBytes: 4096,
    },
  );
});

test('overridden paths and a sudo password from the environment (never printed)', async () => {
  const { code, stdout, stderr } = await cli(
    [...target('sudoPw', rig.knownHostsFile), '--sudo', '--json', '--log-path', '/var/log/kubernetes/audit/none.log'],
    { AUDITSCOPE_SUDO_PASSWORD: SUDO_PASSWORD },
  );
  assert.equal(code, 0, stderr);
  const result = JSON.parse(stdout);
  assert.equal(result.sudo, 'password');
  assert.equal(result.manifestFound, true);
  assert.equal(result.audit.logPath, '/var/log/kubernetes/audit/none.log');
  assert.equal(result.audit.logBytes, null);
  assert.ok(!stdout.includes(SUDO_PASSWORD) && !stderr.includes(SUDO_PASSWORD));

  const wrong = await cli([...target('sudoPw', rig.knownHostsFile), '--sudo', '--json'], {
    AUDITSCOPE_SUDO_PASSWORD: 'nope-wrong-pw',
  });
  assert.equal(wrong.code, 0, wrong.stderr);
  assert.equal(JSON.parse(wrong.stdout).sudo, 'password-rejected');
  assert.ok(!wrong.stdout.includes('nope-wrong-pw') && !wrong.stderr.includes('nope-wrong-pw'));
});

test('an unknown host key is refused unless --accept-new-host-key, which records it', async () => {
  const file = join(rig.dir, 'cli_known_hosts');
  const refused = await cli([...target('admin', file), '--json']);
  assert.equal(refused.code, 1);
  assert.equal(refused.stdout, '');
  assert.match(refused.stderr, /not known \(ssh-ed25519 SHA256:[A-Za-z0-9+/]{43}\).*--accept-new-host-key/);
  assert.equal(existsSync(file), false);

  const accepted = await cli([...target('admin', file), '--json', '--accept-new-host-key']);
  assert.equal(accepted.code, 0, accepted.stderr);
  assert.match(accepted.stderr, /recording new host key/);
  assert.match(
    readFileSync(file, 'utf8'),
    new RegExp(
      `^\\[127\\.0\\.0\\.1\\]:${rig.sshd.port} ssh-ed25519 ${rig.sshd.hostKeyBase64.replace(/[+/]/g, '\\$&')}\n$`,
    ),
  );
  assert.equal((await cli([...target('admin', file), '--json'])).code, 0);
});

test('a changed host key is refused even with --accept-new-host-key; the human output is readable', async () => {
  const file = join(rig.dir, 'changed_known_hosts');
  const otherKey = rigFixtureKey();
  writeFileSync(file, `[127.0.0.1]:${rig.sshd.port} ${otherKey}\n`);
  const refused = await cli([...target('admin', file), '--accept-new-host-key']);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /CHANGED/);

  const human = await cli([...target('admin', rig.knownHostsFile), '--sudo']);
  assert.equal(human.code, 0, human.stderr);
  assert.match(human.stdout, /distribution: {2}kubeadm/);
  assert.match(human.stdout, /audit: {9}enabled/);
});

/** Some other valid ed25519 public key: the rig's jump-less second user key will do. */
function rigFixtureKey(): string {
  const [type, base64] = readFileSync(rig.users.sudoPw.privateKeyPath + '.pub', 'utf8').split(' ');
  return `${type} ${base64}`;
}
