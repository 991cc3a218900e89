// The built CLI: `auditscope logs tail` streams matching events from a node over the real sshd rig, follows a
// rotation, survives a killed connection and stops cleanly on SIGINT; an unknown host key is refused.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startRig, type Rig } from '../rig/rig.ts';
import { descendantPids, killTree } from '../rig/processes.ts';
import { eventKeys, generateLog } from './logs-tail-support.ts';

let rig: Rig<'admin'>;

before(async () => {
  rig = await startRig<'admin'>({ users: { admin: { sudo: 'nopasswd' } }, layout: { logBytes: null } });
});
after(() => rig?.stop());

function tailArgs(knownHosts: string, ...extra: string[]): string[] {
  const user = rig.users.admin;
  return [
    'bin/auditscope.js',
    'logs',
    'tail',
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
    '--log-path',
    rig.layout!.logPath,
    ...extra,
  ];
}

test('logs tail --json --q prints each matching event once across a rotation and a killed connection', async () => {
  const logPath = rig.layout!.logPath;
  const lines = readFileSync(generateLog(join(rig.dir, 'cli.jsonl'), '500KB', 5), 'utf8')
    .split('\n')
    .filter(Boolean);
  const firstPart = lines.slice(0, 100);
  writeFileSync(logPath, firstPart.join('\n') + '\n', { mode: 0o600 });
  const child = spawn(
    process.execPath,
    tailArgs(rig.knownHostsFile, '--from', 'current', '--json', '--q', 'verb:(create OR update)'),
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SSH_AUTH_SOCK: '' },
    },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const printed: string[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => printed.push(line));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const expectedCount = (n: number) => lines.slice(0, n).filter((line) => /"verb":"(create|update)"/.test(line)).length;
  try {
    await waitFor(
      () => printed.length === expectedCount(100),
      () => `first part (${stderr})`,
    );
    // Rotate, kill the connection, then write more while disconnected.
    renameSync(logPath, join(rig.dir, 'node/var/log/kubernetes/audit/audit-2026-01-02T15-04-05.000.log'));
    writeFileSync(logPath, '', { mode: 0o600 });
    for (const pid of descendantPids(rig.sshd.pid)) if (parentPid(pid) === rig.sshd.pid) killTree(pid);
    appendFileSync(logPath, lines.slice(100).join('\n') + '\n');
    await waitFor(
      () => printed.length >= expectedCount(lines.length),
      () => `all (${stderr})`,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    child.kill('SIGINT');
    assert.equal(await exited, 0, stderr);
    const want = eventKeys(lines.filter((line) => /"verb":"(create|update)"/.test(line)));
    assert.deepEqual(eventKeys(printed).sort(), want.sort());
    assert.match(stderr, /following audit\.log/);
    assert.match(stderr, /reconnecting in/);
  } finally {
    child.kill('SIGKILL');
  }
});

test('logs tail refuses an unknown host key (exit 1) and rejects bad options (exit 2)', async () => {
  const empty = join(rig.dir, 'empty_known_hosts');
  writeFileSync(empty, '');
  const refused = await run(tailArgs(empty));
  assert.equal(refused.code, 1, refused.stderr);
  assert.match(refused.stderr, /host key/i);
  const bad = await run(tailArgs(rig.knownHostsFile, '--from', 'yesterday'));
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--from: "yesterday" is not one of end, current, all/);
});

function run(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 15000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

function parentPid(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return -1;
  }
}

async function waitFor(condition: () => boolean, what: () => string, timeoutMs = 10000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
