// Inventory nodes as live sources of an explorer session, over the real sshd rig: the unknown host key comes back
// as the Nodes section's outcome and is trusted explicitly; then the node's audit log (under its root prefix, read
// with sudo) is tailed into the session's index, through a lumberjack rotation, a pause, and a re-index caused by
// opening a file next to it — every event exactly once.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { LogSessionState } from '../../shared/ipc/contract/logs.ts';
import { DEFAULT_NODE_PATHS } from '../../shared/ipc/contract/nodes.ts';
import { AppFailure } from '../../shared/errors.ts';
import type { LogsService } from '../../electron/backend/logs-service/logs-service.ts';
import type { NodeServices } from '../../electron/backend/inventory/node-services.ts';
import { testServices } from '../support/services.ts';
import { startRig, type Rig } from '../rig/rig.ts';
import { WRITER_SCRIPT, eventKeys, generateLog } from './logs-tail-support.ts';

const SESSION = 'live-session-0001';
let rig: Rig<'admin'>;
let service: LogsService;
let nodes: NodeServices;
let userData: string;

before(async () => {
  rig = await startRig<'admin'>({ users: { admin: { sudo: 'nopasswd' } }, layout: { logBytes: null } });
  userData = join(rig.dir, 'user-data');
  ({ logs: service, nodes } = testServices(userData, {
    logs: { workers: 0, liveTuning: { pollMs: 100, reconnect: { initialMs: 300 } } },
  }));
});
after(async () => {
  await service?.closeAll();
  rig?.stop();
});

test('tails a cluster node into the session: host key flow, rotation, pause, re-index, removal', async () => {
  const layout = rig.layout!;
  const input = generateLog(join(rig.dir, 'events.jsonl'), '600KB', 11);
  const lines = readFileSync(input, 'utf8').split('\n').filter(Boolean);
  const first = 40;
  // Events already in the log before the tail starts: the tail reads the current file from its start.
  writeFileSync(layout.logPath, lines.slice(0, first).join('\n') + '\n', { mode: 0o600 });
  const rest = join(rig.dir, 'rest.jsonl');
  writeFileSync(rest, lines.slice(first).join('\n') + '\n');

  const cluster = await nodes.inventory.addCluster('rig');
  const node = await nodes.inventory.addNode(cluster.id, {
    name: 'cp-1',
    host: '127.0.0.1',
    port: rig.sshd.port,
    user: rig.users.admin.name,
    auth: { kind: 'key', privateKeyPath: rig.users.admin.privateKeyPath },
    sudo: 'nopasswd',
    paths: { ...DEFAULT_NODE_PATHS, fsRoot: layout.root },
  });

  // The key is unknown: nothing is tailed, the outcome says what the Nodes section would ask.
  const asked = await service.addNodes(SESSION, { kind: 'cluster', clusterId: cluster.id });
  assert.equal(asked.state.sources.length, 0);
  assert.equal(asked.failures.length, 1);
  const outcome = asked.failures[0]!.outcome;
  assert.equal(outcome.kind, 'host-key-unknown');
  assert.equal(asked.failures[0]!.nodeName, 'cp-1');
  if (outcome.kind !== 'host-key-unknown') return;

  const added = await service.addNodes(
    SESSION,
    { kind: 'nodes', nodeIds: [node.id] },
    { host: outcome.host, port: outcome.port, fingerprintSha256: outcome.fingerprintSha256 },
  );
  assert.deepEqual(added.failures, []);
  assert.equal(added.state.sources.length, 1);
  const source = added.state.sources[0]!;
  assert.equal(source.kind, 'live');
  assert.equal(source.live?.logPath, layout.logPath);
  assert.equal(source.live?.cluster, 'rig');
  // Adding the same cluster again leaves the running tail alone.
  const again = await service.addNodes(SESSION, { kind: 'cluster', clusterId: cluster.id });
  assert.equal(again.state.sources.length, 1);

  await waitFor(() => state().events === first, 'the events already in the log');
  assert.equal(sourceState().state, 'following');
  assert.equal(
    (await service.query({ sessionId: SESSION, query: 'node:cp-1 cluster:rig' }, 0, 0, 'time')).total,
    first,
  );

  // Pause: what is written meanwhile is not read.
  service.liveControl(SESSION, source.id, 'pause');
  assert.equal(sourceState().state, 'paused');
  const writerPath = join(rig.dir, 'writer.mjs');
  writeFileSync(writerPath, WRITER_SCRIPT);
  const rotations = [{ atLine: 150, gzip: false }];
  const writer = spawn(process.execPath, [writerPath, rest, layout.logPath, JSON.stringify(rotations), '400'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const writerDone = new Promise<void>((resolve, reject) =>
    writer.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`writer exited ${code}`)))),
  );
  await sleep(500);
  assert.equal(state().events, first, 'nothing is read while paused');
  service.liveControl(SESSION, source.id, 'resume');
  await waitFor(() => state().events > first, 'events after resuming');

  // Opening a file re-indexes the session: the tail moves to the new index with what it received.
  const file = generateLog(join(rig.dir, 'file.jsonl'), '100KB', 5);
  const fileEvents = readFileSync(file, 'utf8').split('\n').filter(Boolean).length;
  await service.addPaths(SESSION, [file]);
  await writerDone;
  await waitFor(() => state().events === lines.length + fileEvents, 'every event of the node and the file', 15_000);
  await sleep(400); // a duplicate would show up as extra events
  assert.equal(state().events, lines.length + fileEvents);
  const live = sourceState();
  assert.equal(live.events, lines.length);
  assert.ok(live.bytes > 0 && live.files >= 2, `the rotation started a second spool (${live.files})`);

  // Every event of the node exactly once, in the session's index.
  const index = service.session(SESSION).index!;
  const ids = index.matchingIds('node:cp-1');
  const keys: string[] = [];
  index.forEachEventText(ids, (_id, text) => {
    const event = JSON.parse(text) as { auditID: string; stage: string };
    keys.push(`${event.auditID}/${event.stage}`);
  });
  assert.deepEqual(keys.sort(), eventKeys(lines).sort());
  const files = index.top('file', 'node:cp-1', 10).map((entry) => String(entry.value));
  assert.ok(files.includes('audit.log') && files.some((name) => /^audit-.*\.log$/.test(name)), files.join(', '));
  // Merged by timestamp with the file's events.
  const page = await service.query({ sessionId: SESSION, query: '' }, 0, 1000, 'time');
  const times = page.rows.map((row) => row.time);
  assert.deepEqual(times, [...times].sort());
  assert.deepEqual(service.skipped(SESSION, live.id), { total: 0, details: [] });

  assert.throws(
    () => service.liveControl(SESSION, state().sources.find((s) => s.kind === 'file')!.id, 'pause'),
    (error: unknown) => error instanceof AppFailure && error.code === 'not-live',
  );

  // Removing the live source stops the tail and deletes its spools.
  const spools = service.session(SESSION).entries.find((entry) => entry.live)!.live!.tail.spoolPaths;
  assert.ok(spools.length >= 2 && spools.every((path) => existsSync(path)));
  const after = await service.removeSource(SESSION, live.id);
  assert.equal(after.sources.length, 1);
  assert.ok(spools.every((path) => !existsSync(path)));
  await service.session(SESSION).settled();
  assert.equal(state().events, fileEvents);
});

function state(): LogSessionState {
  return service.state(SESSION);
}

function sourceState() {
  return state().sources.find((source) => source.kind === 'live')!;
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(state().sources)}`);
    await sleep(25);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
