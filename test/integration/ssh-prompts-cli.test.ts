// Every SSH command (node probe, node apply, logs tail) asks for secrets on a terminal the same way, reads the
// same AUDITSCOPE_* variables without one, and gives --known-hosts FILE the same meaning: the file host keys are
// checked against and, with --accept-new-host-key, recorded in. Real sshd rig; a real pty through script(1).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rigFixture } from '../rig/node-layout.ts';
import { startRig, type Rig } from '../rig/rig.ts';

const REPO = join(import.meta.dirname, '..', '..');
const PASSPHRASE = 'Key-pass-7Rw';
const SUDO_PASSWORD = 'Sudo-pw-3Kd';
let rig: Rig<'locked'>;

before(async () => {
  const build = spawnSync('npm', ['run', '--silent', 'build:cli'], { cwd: REPO, encoding: 'utf8' });
  assert.equal(build.status, 0, build.stderr);
  rig = await startRig<'locked'>({
    users: { locked: { sudo: 'password', password: SUDO_PASSWORD, keyPassphrase: PASSPHRASE } },
    fakeProcesses: ['kubelet'],
  });
});
after(() => rig?.stop());

function connection(knownHosts = rig.knownHostsFile): string[] {
  const user = rig.users.locked;
  return [
    '--host',
    '127.0.0.1',
    '--port',
    String(rig.sshd.port),
    '--user',
    user.name,
    '--identity',
    user.privateKeyPath,
    '--known-hosts',
    knownHosts,
    '--sudo',
  ];
}

const ENV = { ...process.env, SSH_AUTH_SOCK: '', AUDITSCOPE_KEY_PASSPHRASE: '', AUDITSCOPE_SUDO_PASSWORD: '' };
const shellQuote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

interface Answer {
  prompt: RegExp;
  reply: string;
}

/** Runs the CLI on a pty, answering each prompt as it appears; `until` ends it with Ctrl-C once seen. */
function onTerminal(args: string[], answers: Answer[], until?: RegExp): Promise<{ code: number | null; out: string }> {
  // exec: no shell stays between script(1) and the CLI to take the Ctrl-C itself (SHELL may be unset or dash).
  const command = 'exec ' + [process.execPath, join(REPO, 'bin', 'auditscope.js'), ...args].map(shellQuote).join(' ');
  const child = spawn('script', ['-qfec', command, '/dev/null'], { env: ENV, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  const pending = [...answers];
  let interrupted = false;
  const onOutput = (chunk: Buffer) => {
    out += chunk.toString('utf8');
    while (pending.length > 0 && pending[0]!.prompt.test(out)) child.stdin.write(pending.shift()!.reply + '\r');
    if (until && !interrupted && until.test(out)) {
      interrupted = true;
      child.stdin.write('\u0003');
    }
  };
  child.stdout.on('data', onOutput);
  child.stderr.on('data', onOutput);
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    }),
  );
}

function run(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [join(REPO, 'bin', 'auditscope.js'), ...args], {
    cwd: REPO,
    encoding: 'utf8',
    env: { ...ENV, ...env },
    input: '',
    timeout: 30_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const PROMPTS: Answer[] = [
  { prompt: /passphrase for \S+: /, reply: PASSPHRASE },
  { prompt: /sudo password for \S+@127\.0\.0\.1: /, reply: SUDO_PASSWORD },
];

test('node probe asks on a terminal for the key passphrase and the sudo password, never echoing them', async () => {
  const layout = ['--fs-root', rig.layout!.root, '--json'];
  const { code, out } = await onTerminal(['node', 'probe', ...connection(), ...layout], PROMPTS);
  assert.equal(code, 0, out);
  const json = out.slice(out.indexOf('{'));
  assert.equal(JSON.parse(json).sudo, 'password');
  assert.ok(!out.includes(PASSPHRASE) && !out.includes(SUDO_PASSWORD), out);
});

test('logs tail asks the same way before it starts following', async () => {
  const args = ['logs', 'tail', ...connection(), '--log-path', rig.layout!.logPath];
  const { code, out } = await onTerminal(args, PROMPTS, /following audit\.log/);
  assert.equal(code, 0, out);
  assert.match(out, /passphrase for .*sudo password for .*following audit\.log/s);
  assert.ok(!out.includes(PASSPHRASE) && !out.includes(SUDO_PASSWORD), out);
});

test('without a terminal the secrets come from the same variables for every SSH command', () => {
  const probe = ['node', 'probe', ...connection(), '--fs-root', rig.layout!.root, '--json'];
  const refused = run(probe);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /^auditscope: the private key .* is encrypted.*set AUDITSCOPE_KEY_PASSPHRASE/);
  const secrets = { AUDITSCOPE_KEY_PASSPHRASE: PASSPHRASE, AUDITSCOPE_SUDO_PASSWORD: SUDO_PASSWORD };
  const probed = run(probe, secrets);
  assert.equal(probed.code, 0, probed.stderr);
  assert.equal(JSON.parse(probed.stdout).sudo, 'password');

  const policy = join(rig.dir, 'policy.yaml');
  writeFileSync(policy, rigFixture('audit-policy.yaml'));
  const apply = ['node', 'apply', ...connection(), '--fs-root', rig.layout!.root, '--policy', policy, '--json'];
  assert.match(run(apply).stderr, /set AUDITSCOPE_KEY_PASSPHRASE/);
  const planned = run(apply, secrets);
  assert.notEqual(planned.code, 2, planned.stderr);
  assert.ok(JSON.parse(planned.stdout).nodes[0].checks.length > 0, 'one plan object');

  const tail = ['logs', 'tail', ...connection(), '--log-path', rig.layout!.logPath];
  assert.match(run(tail).stderr, /set AUDITSCOPE_KEY_PASSPHRASE/);
});

test('--known-hosts FILE is where node apply and logs tail check and, when accepted, record host keys', async () => {
  const secrets = { AUDITSCOPE_KEY_PASSPHRASE: PASSPHRASE, AUDITSCOPE_SUDO_PASSWORD: SUDO_PASSWORD };
  const policy = join(rig.dir, 'policy.yaml');
  writeFileSync(policy, rigFixture('audit-policy.yaml'));
  const recorded = new RegExp(
    `^\\[127\\.0\\.0\\.1\\]:${rig.sshd.port} ssh-ed25519 ${rig.sshd.hostKeyBase64.replace(/[+/]/g, '\\$&')}\n$`,
  );

  const applyFile = join(rig.dir, 'apply_known_hosts');
  const apply = ['node', 'apply', ...connection(applyFile), '--fs-root', rig.layout!.root, '--policy', policy];
  const unknown = run(apply, secrets);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /not known .*--accept-new-host-key/);
  const accepted = run([...apply, '--accept-new-host-key'], secrets);
  assert.notEqual(accepted.code, 2, accepted.stderr);
  assert.match(accepted.stderr, /^auditscope: recording new host key ssh-ed25519 SHA256:/m);
  assert.match(readFileSync(applyFile, 'utf8'), recorded);

  const tailFile = join(rig.dir, 'tail_known_hosts');
  const tail = ['logs', 'tail', ...connection(tailFile), '--log-path', rig.layout!.logPath, '--accept-new-host-key'];
  const { code, out } = await onTerminal(tail, PROMPTS, /following audit\.log/);
  assert.equal(code, 0, out);
  assert.match(out, /recording new host key/);
  assert.match(readFileSync(tailFile, 'utf8'), recorded);
});
