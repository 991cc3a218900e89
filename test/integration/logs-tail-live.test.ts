// Acceptance: a live tail over the real sshd rig delivers every event exactly once while a writer on the node
// appends at a steady rate, rotates the file lumberjack-style (some backups gzipped) and the SSH connection is
// killed twice — once just before a gzipped rotation, once just before a plain one, so both happen while the
// tail is disconnected and it has to finish the rotated file from its offset.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startLiveSource, type LiveState } from '../../electron/backend/logs/live-source.ts';
import { openLogIndex, type LogIndex } from '../../electron/backend/logs/log-index.ts';
import { Spool } from '../../electron/backend/logs/spool.ts';
import { startRig, type Rig } from '../rig/rig.ts';
import { descendantPids, killTree } from '../rig/processes.ts';
import { keyLogin } from '../rig/session-options.ts';
import { WRITER_SCRIPT, eventKeys, generateLog } from './logs-tail-support.ts';

let rig: Rig<'admin'>;

before(async () => {
  rig = await startRig<'admin'>({ users: { admin: { sudo: 'nopasswd' } }, layout: { logBytes: null } });
});
after(() => rig?.stop());

/** Kills every connection the rig's sshd is serving (each per-connection sshd and what it runs). */
function killSessions(): number {
  const children = descendantPids(rig.sshd.pid).filter((pid) => parentOf(pid) === rig.sshd.pid);
  for (const pid of children) killTree(pid);
  return children.length;
}

function parentOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return -1;
  }
}

test('live tail: rotation (plain and gzip) and two killed connections, every event exactly once', async () => {
  const layout = rig.layout!;
  const input = generateLog(join(rig.dir, 'events.jsonl'), '3MB', 7);
  const lines = readFileSync(input, 'utf8').split('\n').filter(Boolean);
  const writerPath = join(rig.dir, 'writer.mjs');
  writeFileSync(writerPath, WRITER_SCRIPT);
  const rotations = [
    { atLine: 400, gzip: false },
    { atLine: 800, gzip: true },
    { atLine: 1200, gzip: false },
    { atLine: 1600, gzip: true },
    { atLine: 2000, gzip: true },
    { atLine: 2300, gzip: false },
  ];

  const states: LiveState[] = [];
  const live = startLiveSource({
    connection: keyLogin(rig.sshd, rig.users.admin, rig.knownHostsFile, rig.emptyStorePath(), {
      sudo: { mode: 'nopasswd' },
    }),
    logPath: layout.logPath,
    sudo: true,
    node: 'node-a',
    cluster: 'lab',
    start: 'all',
    index: openLogIndex([], { spool: new Spool(join(rig.dir, 'spool')) }),
    pollMs: 100,
    reconnect: { initialMs: 700, maxMs: 2000 },
  });
  live.on('state', (state) => states.push(state));
  const grew: number[] = [];
  live.index.on('grew', (report: { newEvents: number }) => grew.push(report.newEvents));
  try {
    // The tail is up (waiting for the log to appear) before the writer starts.
    for (let i = 0; i < 100 && live.state.state !== 'following' && live.connections === 0; i++) await sleep(50);

    const writer = spawn(process.execPath, [writerPath, input, layout.logPath, JSON.stringify(rotations), '300'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const kills: number[] = [];
    const writerDone = new Promise<void>((resolve, reject) => {
      createInterface({ input: writer.stdout! }).on('line', (line) => {
        // "soon <k>": rotation k is 40 lines away. Drop the connection so it happens while disconnected.
        if (line === 'soon 1' || line === 'soon 2') kills.push(killSessions());
      });
      writer.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`writer exited ${code}`))));
    });
    await writerDone;
    assert.deepEqual(kills, [1, 1], 'each kill dropped the one tail connection');

    for (let i = 0; i < 200 && live.index.eventCount < lines.length; i++) await sleep(50);
    await sleep(300); // a duplicate would show up as extra events
    await live.stop();
    await live.index.refresh();

    const index = live.index;
    assert.equal(index.eventCount, lines.length, 'event count');
    const expected = eventKeys(lines);
    const got: string[] = [];
    index.forEachEventText(index.matchingIds(''), (_id, text) => {
      const event = JSON.parse(text) as { auditID: string; stage: string };
      got.push(`${event.auditID}/${event.stage}`);
    });
    assert.deepEqual(got.sort(), expected.sort(), 'the same auditID/stage pairs, each exactly once');
    assert.equal(index.skipped().total, 0, JSON.stringify(index.skipped().details.slice(0, 3)));
    assert.deepEqual(live.warnings, []);

    // Tags: every event carries the node and cluster; files are the names the data was read under.
    assert.equal(index.count('node:node-a cluster:lab'), lines.length);
    const files = index.sources.map((source) => source.file);
    assert.ok(files.includes('audit.log'), files.join(', '));
    assert.ok(
      files.some((file) => /^audit-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{3}\.log\.gz$/.test(file)),
      `a file was finished from its gzipped backup: ${files.join(', ')}`,
    );
    assert.ok(live.connections >= 3, `reconnected twice (${live.connections} connections)`);
    const reconnecting = states.filter((state) => state.state === 'reconnecting');
    assert.ok(reconnecting.length >= 2, JSON.stringify(reconnecting));
    assert.ok(reconnecting.every((state) => state.state === 'reconnecting' && state.reason.length > 0));
    assert.ok(grew.length > 5, 'the index grew in steps while tailing');
    assert.equal(states.at(-1)?.state, 'stopped');
    assert.equal(index.partial, false);

    await assertNoTailScriptLeft(layout.logPath);
  } finally {
    await live.stop();
    live.index.close();
  }
});

test('live tail: pause and resume continue at the same byte; a missing folder is an error state', async () => {
  const layout = rig.layout!;
  const dir = join(rig.dir, 'pause');
  spawnSync('mkdir', ['-p', '-m', '0700', dir]);
  const logPath = join(dir, 'audit.log');
  const input = generateLog(join(rig.dir, 'small.jsonl'), '200KB', 3);
  const lines = readFileSync(input, 'utf8').split('\n').filter(Boolean);
  writeFileSync(logPath, lines.slice(0, 50).join('\n') + '\n');
  const connection = keyLogin(rig.sshd, rig.users.admin, rig.knownHostsFile, rig.emptyStorePath(), {
    sudo: { mode: 'nopasswd' },
  });
  const live = startLiveSource({ connection, logPath, sudo: true, start: 'current', pollMs: 100 });
  try {
    await waitFor(() => live.index.eventCount === 50, 'first 50 events');
    live.pause();
    assert.equal(live.state.state, 'paused');
    // Written while paused, with a half line at the end.
    const more = lines.slice(50).join('\n') + '\n';
    writeFileSync(logPath, more.slice(0, more.length - 200), { flag: 'a' });
    await sleep(300);
    assert.equal(live.index.eventCount, 50, 'nothing is read while paused');
    live.resume();
    await waitFor(() => live.index.eventCount === lines.length - 1, 'all but the half-written line');
    writeFileSync(logPath, more.slice(more.length - 200), { flag: 'a' });
    await waitFor(() => live.index.eventCount === lines.length, 'the completed line');
    assert.equal(live.connections, 2);
    assert.deepEqual((await keysOf(live.index)).sort(), eventKeys(lines).sort());
  } finally {
    await live.stop();
    live.index.close();
  }
  await assertNoTailScriptLeft(logPath);

  // The folder removed under a running tail (the script waits for the file to come back) and then the tail
  // stopped: the script still notices the closed channel and ends.
  const goneDir = join(rig.dir, 'gone');
  spawnSync('mkdir', ['-p', '-m', '0700', goneDir]);
  const gonePath = join(goneDir, 'audit.log');
  writeFileSync(gonePath, lines.slice(0, 10).join('\n') + '\n');
  const gone = startLiveSource({ connection, logPath: gonePath, sudo: true, start: 'current', pollMs: 100 });
  try {
    await waitFor(() => gone.index.eventCount === 10, 'the first events');
    rmSync(goneDir, { recursive: true, force: true });
    await sleep(500);
  } finally {
    await gone.stop();
    gone.index.close();
  }
  await assertNoTailScriptLeft(gonePath);

  const missing = startLiveSource({ connection, logPath: join(layout.root, 'nope', 'audit.log'), sudo: true });
  try {
    await waitFor(() => missing.state.state === 'error', 'error state');
    const state = missing.state;
    assert.ok(state.state === 'error' && /does not exist/.test(state.reason), JSON.stringify(state));
  } finally {
    await missing.stop();
    missing.index.close();
  }
});

/**
 * Tail scripts whose channel is gone (killed connection, pause, stop) notice at their next heartbeat and end:
 * nothing may keep polling on the node.
 */
async function assertNoTailScriptLeft(logPath: string): Promise<void> {
  const scripts = () =>
    execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.includes('fd=/proc/') && line.includes(logPath)).length;
  for (let i = 0; i < 160 && scripts() > 0; i++) await sleep(100);
  assert.equal(scripts(), 0, `no tail script for ${logPath} is left running on the node`);
}

async function keysOf(index: LogIndex): Promise<string[]> {
  const keys: string[] = [];
  index.forEachEventText(index.matchingIds(''), (_id, text) => {
    const event = JSON.parse(text) as { auditID: string; stage: string };
    keys.push(`${event.auditID}/${event.stage}`);
  });
  return keys;
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
