// Hostile and unusual inputs: random bytes, a 50 MB line, invalid UTF-8, half-written lines, legacy text, .gz
// rotated sets. The engine must never crash and must account for every line.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { openLogIndex } from '../../electron/backend/logs/log-index.ts';
import { scanSegment } from '../../electron/backend/logs/segment-reader.ts';
import { JsonEventScanner } from '../../shared/logs/json-event-scanner.ts';
import { ingestLines } from '../../shared/logs/record-ingest.ts';
import { SegmentBuilder } from '../../shared/logs/segment-builder.ts';

const FIXTURES = new URL('../fixtures/logs/', import.meta.url).pathname;
const directory = mkdtempSync(join(tmpdir(), 'auditscope-logs-hostile-'));

function event(id: number, extra = ''): string {
  const ts = `2024-05-14T10:00:${String(id % 60).padStart(2, '0')}.000000Z`;
  return `{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Request","auditID":"id-${id}","stage":"ResponseComplete","verb":"create","user":{"username":"u${id}"},"objectRef":{"resource":"configmaps","namespace":"ns${id}","name":"cm${id}"},"responseStatus":{"metadata":{},"code":201}${extra},"requestReceivedTimestamp":"${ts}","stageTimestamp":"${ts}"}`;
}

test('random bytes never crash the scanner and every line is accounted for', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 4000 }), (bytes) => {
      const builder = new SegmentBuilder(16);
      ingestLines(
        { bytes, baseOffset: 0, builder, scanner: new JsonEventScanner(), legacy: new Map(), final: true },
        0,
        bytes.length,
        1,
      );
      const data = builder.finish();
      assert.equal(data.rows + data.skippedCount + data.blankLines, data.lines);
    }),
    { numRuns: 500 },
  );
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), fc.nat(2000), (text, cut) => {
      // Mutated and truncated events: JSON-looking input is the hard case for a hand scanner.
      const source = event(cut) + '\n' + text + event(cut + 1).slice(0, cut % 400);
      const bytes = new TextEncoder().encode(source);
      const builder = new SegmentBuilder(16);
      ingestLines(
        { bytes, baseOffset: 0, builder, scanner: new JsonEventScanner(), legacy: new Map(), final: true },
        0,
        bytes.length,
        1,
      );
      const data = builder.finish();
      assert.ok(data.rows >= 1);
      assert.equal(data.rows + data.skippedCount + data.blankLines, data.lines);
    }),
    { numRuns: 500 },
  );
});

test('a file of random bytes is ingested without a crash', async () => {
  const path = join(directory, 'random.bin');
  let seed = 12345;
  const bytes = Buffer.alloc(2 * 1024 * 1024);
  for (let i = 0; i < bytes.length; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    bytes[i] = seed >>> 24;
  }
  writeFileSync(path, bytes);
  const index = openLogIndex([path], { workers: 0 });
  await index.ready;
  const source = index.sources[0];
  assert.equal(source.events + source.skippedCount + source.blankLines, source.lines);
  assert.ok(index.skipped().total > 0);
  index.close();
});

test('a 50 MB event line is indexed and a 50 MB garbage line is reported', async () => {
  const path = join(directory, 'huge.jsonl');
  const body = 'x'.repeat(50 * 1024 * 1024);
  writeFileSync(
    path,
    [
      event(1),
      event(2, `,"requestObject":{"data":{"blob":"${body}"}}`),
      `{"kind":"Event","auditID":"${body}`,
      event(3),
    ].join('\n') + '\n',
  );
  const index = openLogIndex([path]);
  await index.ready;
  assert.equal(index.eventCount, 3);
  assert.deepEqual(
    index.skipped().details.map((d) => [d.line, d.reason]),
    [[3, 'not JSON: unterminated string']],
  );
  const [id] = index.matchingIds('name:cm2');
  const text = await index.getEvent(id);
  assert.equal(text.length > 50 * 1024 * 1024, true);
  assert.equal(index.count('blob'), 1);
  index.close();
});

test('damaged lines are counted and reported with line and reason; CRLF and BOM are handled', async () => {
  const index = openLogIndex([join(FIXTURES, 'damaged.jsonl')], { workers: 0 });
  await index.ready;
  assert.equal(index.eventCount, 4);
  const skipped = index.skipped();
  assert.deepEqual(
    skipped.details.map((d) => `${d.line}: ${d.reason}`),
    [
      '5: not JSON',
      '6: not an audit event (kind is not "Event")',
      '8: not JSON: unexpected end of line: missing value',
      '10: not JSON',
      '11: truncated (no newline at end of file): unterminated string',
    ],
  );
  assert.equal(skipped.blankLines, 2);
  assert.equal(skipped.invalidUtf8, 1);
  assert.deepEqual(
    index
      .top('user', '', 10)
      .map((v) => v.value)
      .sort(),
    ['caf\ufffd', 'u1', 'u3'],
  );
  // The raw event of the first line does not include the BOM or the CR.
  const first = await index.getEvent(index.matchingIds('stage:RequestReceived')[0]);
  assert.ok(first.startsWith('{') && first.endsWith('}'));
  index.close();
});

test('half-written lines are left for later when the source is still being written', () => {
  const path = join(directory, 'growing.jsonl');
  const complete = event(1) + '\n' + event(2) + '\n';
  writeFileSync(path, complete + event(3).slice(0, 50));
  const data = scanSegment({ path, start: 0, end: Buffer.byteLength(complete) + 50, final: false, layout: 'lines' });
  assert.equal(data.rows, 2);
  assert.equal(data.skippedCount, 0);
  assert.equal(data.consumedTo, Buffer.byteLength(complete));
});

test('legacy text format: staged (1.7) and two-line (pre-1.7) forms', async () => {
  const staged = openLogIndex([join(FIXTURES, 'legacy-1.7-staged.log')], { workers: 0 });
  await staged.ready;
  assert.equal(staged.eventCount, 3);
  assert.equal(staged.count('group:system:serviceaccounts code:200'), 1);
  assert.equal(staged.count('impersonated:bob user:alice code:403 sourceip:192.168.1.20'), 1);
  assert.equal(staged.count('', { requests: true }), 2);
  const event = JSON.parse(await staged.getEvent(staged.matchingIds('code:403')[0]));
  assert.equal(event.impersonatedUser.username, 'bob');
  assert.equal(staged.count('impersonatedUser.username:bob'), 1);
  staged.close();

  const old = openLogIndex([join(FIXTURES, 'legacy-pre1.7.log')], { workers: 0 });
  await old.ready;
  assert.equal(old.eventCount, 4);
  // The response line inherits the request line's fields; latency spans the two lines.
  const page = old.query('stage:ResponseComplete', { limit: 10 });
  assert.deepEqual(
    page.rows.map((row) => [row.verb, row.user, row.code, row.latencyMicros]),
    [
      ['GET', 'admin', 200, 1562],
      ['DELETE', 'admin', 404, 20000],
    ],
  );
  assert.equal(old.count('ns:*'), 2);
  old.close();
});

test('a directory with a gzipped rotated backup and the active file is read oldest first', async () => {
  const logs = mkdtempSync(join(directory, 'rotated-'));
  const older = [event(1), event(2)].join('\n') + '\n';
  const newer = [event(3), event(4)].join('\n') + '\n';
  writeFileSync(join(logs, 'audit-2024-05-14T10-00-02.500.log.gz'), gzipSync(older));
  writeFileSync(join(logs, 'audit.log'), newer);
  const index = openLogIndex([{ path: logs, node: 'cp-1', cluster: 'prod' }]);
  await index.ready;
  assert.deepEqual(
    index.sources.map((s) => s.file),
    ['audit-2024-05-14T10-00-02.500.log.gz', 'audit.log'],
  );
  const page = index.query('', { limit: 10 });
  assert.deepEqual(
    page.rows.map((row) => row.auditid),
    ['id-1', 'id-2', 'id-3', 'id-4'],
  );
  assert.equal(index.count('file:audit.log node:cp-1 cluster:prod'), 2);
  assert.equal(index.count('file:*.gz'), 2, JSON.stringify(index.top('file')));
  assert.equal(JSON.parse(await index.getEvent(page.rows[0].id)).auditID, 'id-1');
  index.close();
});

test('export writes JSON lines and CSV in time order', async () => {
  const index = openLogIndex([join(FIXTURES, 'damaged.jsonl')], { workers: 0 });
  await index.ready;
  const chunks: string[] = [];
  const { Writable } = await import('node:stream');
  const sink = new Writable({
    write(chunk, _encoding, callback) {
      chunks.push(String(chunk));
      callback();
    },
  });
  assert.equal(await index.export('code:*', 'jsonl', sink), 3);
  const lines = chunks.join('').trim().split('\n');
  assert.deepEqual(
    lines.map((line) => JSON.parse(line).responseStatus.code),
    [200, 404, 201],
  );
  chunks.length = 0;
  await index.export('', 'csv', sink);
  const csv = chunks.join('').trim().split('\n');
  assert.equal(csv.length, 5);
  assert.ok(csv[0].startsWith('id,time,received'));
  assert.ok(readFileSync(join(FIXTURES, 'damaged.jsonl')).length > 0);
  index.close();
});
