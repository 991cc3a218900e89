// The fast paths of ingest and query against their plain counterparts on a generated log big enough to use them:
// worker-thread ingest vs ingest on the calling thread, and the selective AND plan vs evaluating every term.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { IN_THREAD_MAX_BYTES, ingestStats } from '../../electron/backend/logs/ingest-pool.ts';
import { openLogIndex } from '../../electron/backend/logs/log-index.ts';
import { findMatches } from '../../electron/backend/logs/query-runner.ts';
import { RawReader } from '../../electron/backend/logs/raw-reader.ts';
import { parseQueryOrThrow } from '../../shared/logs/query-parser.ts';
import { writeAuditLog } from '../support/audit-log-generator.ts';

const directory = mkdtempSync(join(tmpdir(), 'auditscope-logs-paths-'));
const log = join(directory, 'audit.jsonl');
// Above the in-thread limit, so ingest starts workers; also more events than one query block (65,536).
writeAuditLog(log, { size: Math.ceil(IN_THREAD_MAX_BYTES * 1.1), seed: 11 });

const QUERIES = [
  'verb:delete resource:secrets stage:ResponseComplete',
  'user:system:serviceaccount:kube-system:* verb:(get OR list) code>=400',
  'ns:prod verb:(create OR update OR patch OR delete)',
  'user:bob@example.com time>=2024-05-14T10:00:00Z time<2024-05-14T11:00:00Z',
  'stage:ResponseComplete -verb:watch latency>1s',
  'resource:configmaps kafka-config',
  'level:RequestResponse objectRef.apiVersion:v1 verb:create',
  'code:404 group:system:authenticated',
];

test('worker ingest builds the same index as ingest on the calling thread', async () => {
  const before = ingestStats();
  const onWorkers = openLogIndex([log]);
  const inThread = openLogIndex([log], { workers: 0 });
  await Promise.all([onWorkers.ready, inThread.ready]);
  const after = ingestStats();
  assert.ok(after.segmentsOnWorkers > before.segmentsOnWorkers, 'the big file was scanned on workers');
  assert.ok(after.segmentsInThread > before.segmentsInThread, 'workers: 0 scanned on the calling thread');
  assert.ok(onWorkers.eventCount > 65536);
  // Both ways, the WebAssembly fast path read every line of the generated log.
  assert.equal(after.fastLines - before.fastLines, onWorkers.eventCount * 2);
  assert.equal(onWorkers.eventCount, inThread.eventCount);
  assert.deepEqual(onWorkers.skipped(), inThread.skipped());
  const all = { limit: onWorkers.eventCount };
  assert.deepEqual(onWorkers.query('', all).rows, inThread.query('', all).rows);
  for (const q of QUERIES) assert.equal(onWorkers.count(q), inThread.count(q), q);
  onWorkers.close();
  inThread.close();
});

test('the selective AND plan finds exactly the rows that evaluating every term finds', async () => {
  const index = openLogIndex([log]);
  await index.ready;
  const reader = new RawReader(index.store);
  let nonEmpty = 0;
  for (const q of QUERIES) {
    const ast = parseQueryOrThrow(q);
    const selective = findMatches(index.store, reader, ast);
    const plain = findMatches(index.store, reader, ast, { scanAllTerms: true });
    assert.deepEqual(selective, plain, q);
    if (plain.length > 0) nonEmpty++;
  }
  assert.ok(nonEmpty >= 5, 'most test queries match something');
  reader.close();
  index.close();
});

test("matching in slices (prepareMatches), and after growth only the new rows, gives the full scan's rows", async () => {
  const lines = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  const growing = join(directory, 'growing.jsonl');
  const half = Math.floor(lines.length / 2);
  writeFileSync(growing, lines.slice(0, half).join('\n') + '\n');
  const index = openLogIndex([]);
  await index.ready;
  index.addGrowingSource({ path: growing, readPath: growing, file: 'growing.jsonl' });
  await index.refresh();
  const reader = new RawReader(index.store);
  const scratch = (q: string) => Array.from(findMatches(index.store, reader, parseQueryOrThrow(q)));
  // Text and JSON-path terms read raw events, the slow part that runs in slices.
  const queries = [...QUERIES, 'kafka', '"system:masters" -verb:get', 'requestObject.metadata.labels:*'];
  for (const q of queries) {
    await index.prepareMatches(q, {});
    assert.deepEqual(index.matchingIds(q).length, scratch(q).length, q);
  }
  writeFileSync(growing, lines.slice(half).join('\n') + '\n', { flag: 'a' });
  await index.refresh();
  assert.equal(index.eventCount, lines.length);
  for (const [at, q] of queries.entries()) {
    // Half of them grow through the asynchronous path, half through a plain query.
    if (at % 2 === 0) await index.prepareMatches(q, {});
    assert.deepEqual(
      Array.from(index.matchingIds(q)).sort((a, b) => a - b),
      scratch(q),
      q,
    );
  }
  // A newer query abandons a scan in progress.
  const controller = new AbortController();
  index.clearCache();
  const scan = index.prepareMatches('kafka', {}, controller.signal);
  controller.abort();
  await assert.rejects(scan, /query cancelled/);
  reader.close();
  index.close();
});
