// Remote files over the real sshd rig: the active log and its rotated backups (plain and .gz) in a root-only
// folder, read with sudo into the local spool, give the same query results as indexing the files locally.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { openLogIndex, type LogIndex } from '../../electron/backend/logs/log-index.ts';
import { openRemoteLogIndex } from '../../electron/backend/logs/remote-files.ts';
import { Spool } from '../../electron/backend/logs/spool.ts';
import { SshSession } from '../../electron/backend/ssh/session.ts';
import { startRig, type Rig } from '../rig/rig.ts';
import { keyLogin } from '../rig/session-options.ts';
import { generateLog } from './logs-tail-support.ts';

let rig: Rig<'admin' | 'plain'>;

before(async () => {
  rig = await startRig<'admin' | 'plain'>({
    users: { admin: { sudo: 'nopasswd' }, plain: {} },
    layout: { logBytes: null },
  });
});
after(() => rig?.stop());

const QUERIES = [
  '',
  'verb:create',
  'code>=400',
  'user:system:serviceaccount:kube-system:*',
  'secrets',
  'stage:ResponseComplete -verb:watch',
];

test('current + rotated (.log and .log.gz) files read over SSH with sudo match the local files', async () => {
  const logDir = join(rig.layout!.root, 'var/log/kubernetes/audit');
  const lines = readFileSync(generateLog(join(rig.dir, 'all.jsonl'), '1MB', 11), 'utf8')
    .split('\n')
    .filter(Boolean);
  const part = (from: number, to: number) => lines.slice(from, to).join('\n') + '\n';
  const third = Math.floor(lines.length / 3);
  writeFileSync(join(logDir, 'audit-2024-05-14T08-00-00.000.log.gz'), gzipSync(part(0, third)), { mode: 0o600 });
  writeFileSync(join(logDir, 'audit-2024-05-14T16-00-00.000.log'), part(third, 2 * third), { mode: 0o600 });
  // The active file ends in a half-written line: it is left out (it will be complete on the next read).
  writeFileSync(join(logDir, 'audit.log'), part(2 * third, lines.length) + '{"kind":"Event","apiV', { mode: 0o600 });
  writeFileSync(join(logDir, 'unrelated.txt'), 'not a log\n', { mode: 0o600 });

  const session = await SshSession.connect(
    keyLogin(rig.sshd, rig.users.admin, rig.knownHostsFile, rig.emptyStorePath(), { sudo: { mode: 'nopasswd' } }),
  );
  let remote: LogIndex | undefined;
  let local: LogIndex | undefined;
  try {
    const opened = await openRemoteLogIndex(
      session,
      {
        logPath: rig.layout!.logPath,
        sudo: true,
        node: 'cp-1',
        cluster: 'prod',
      },
      { spool: new Spool(join(rig.dir, 'spool')) },
    );
    remote = opened.index;
    await remote.ready;
    assert.deepEqual(
      opened.copy.files.map((file) => [file.name, file.compressed]),
      [
        ['audit-2024-05-14T08-00-00.000.log.gz', true],
        ['audit-2024-05-14T16-00-00.000.log', false],
        ['audit.log', false],
      ],
    );
    assert.equal(opened.copy.warnings.length, 1);
    assert.match(opened.copy.warnings[0], /audit\.log: left out a half-written last line \(21 bytes\)/);

    // The same files, locally (the active one without its half line).
    const copyDir = join(rig.dir, 'local-copy');
    mkdirSync(copyDir);
    writeFileSync(join(copyDir, 'audit-2024-05-14T08-00-00.000.log.gz'), gzipSync(part(0, third)));
    writeFileSync(join(copyDir, 'audit-2024-05-14T16-00-00.000.log'), part(third, 2 * third));
    writeFileSync(join(copyDir, 'audit.log'), part(2 * third, lines.length));
    local = openLogIndex([copyDir], { workers: 0 });
    await local.ready;

    assert.equal(remote.eventCount, lines.length);
    for (const q of QUERIES) {
      assert.equal(remote.count(q), local.count(q), q);
      assert.deepEqual(texts(remote, q), texts(local, q), q);
      assert.deepEqual(remote.top('verb', q), local.top('verb', q), q);
    }
    // Every event is tagged with cluster, node and the remote file it came from.
    assert.equal(remote.count('cluster:prod node:cp-1'), lines.length);
    for (const name of ['audit-2024-05-14T08-00-00.000.log.gz', 'audit-2024-05-14T16-00-00.000.log', 'audit.log']) {
      assert.equal(remote.count(`file:"${name}"`), local.count(`file:"${name}"`), name);
    }
    assert.equal(remote.count('file:"audit-2024-05-14T08-00-00.000.log.gz"'), third);
    assert.match(remote.sources[0].path, /^cp-1:\/.*\/audit-2024-05-14T08-00-00\.000\.log\.gz$/);
  } finally {
    remote?.close();
    local?.close();
    session.close();
  }
});

test('without sudo the root-only audit folder is refused with a clear error', async () => {
  const session = await SshSession.connect(
    keyLogin(rig.sshd, rig.users.plain, rig.knownHostsFile, rig.emptyStorePath()),
  );
  try {
    await assert.rejects(openRemoteLogIndex(session, { logPath: rig.layout!.logPath }), /Permission denied/i);
  } finally {
    session.close();
  }
});

function texts(index: LogIndex, q: string): string[] {
  const out: string[] = [];
  index.forEachEventText(index.matchingIds(q), (_id, text) => out.push(text));
  return out;
}
