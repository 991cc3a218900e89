// Request stitching through the explorer service: the per-request event index (CSR arrays) gives every request's
// events exactly as jq groups them by auditID and requestReceivedTimestamp, and as a scan of the table finds them.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { LogsService } from '../../electron/backend/logs-service/logs-service.ts';
import { testServices } from '../support/services.ts';
import { openLogIndex } from '../../electron/backend/logs/log-index.ts';
import { buildRequests, eventsOfRequest } from '../../electron/backend/logs/requests.ts';
import { writeAuditLog } from '../support/audit-log-generator.ts';

const SESSION = 'requests-session-01';
let dir: string;
let generated: string;
/** A second log, of another cluster and day. */
let other: string;
let service: LogsService;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'logs-requests-'));
  generated = join(dir, 'generated.log');
  writeAuditLog(generated, { size: 2e6, seed: 21 });
  other = join(dir, 'other.log');
  writeAuditLog(other, { size: 60_000, seed: 22, preset: 'sample', start: '2025-01-02T10:00:00Z', hours: 1 });
  service = testServices(join(dir, 'user-data'), { logs: { workers: 0 } }).logs;
});
after(async () => {
  await service.closeAll();
  rmSync(dir, { recursive: true, force: true });
});

test('every request lists the events jq groups under its auditID and received time', async () => {
  await service.addPaths(SESSION, [generated, other]);
  await service.session(SESSION).settled();
  // jq: "auditID received" → sorted stages, per request.
  const jqText = execFileSync(
    'jq',
    ['-r', 'select(.kind == "Event") | [.auditID, .requestReceivedTimestamp, .stage] | @tsv', generated, other],
    { encoding: 'utf8', maxBuffer: 1 << 28 },
  );
  const expected = new Map<string, string[]>();
  for (const line of jqText.split('\n').filter(Boolean)) {
    const [auditId, received, stage] = line.split('\t');
    const key = `${auditId} ${received}`;
    expected.set(key, [...(expected.get(key) ?? []), stage!].sort());
  }
  assert.ok(
    [...expected.values()].some((stages) => stages.length > 1),
    'the log has multi-stage requests',
  );

  const page = await service.query({ sessionId: SESSION, query: '', requests: true }, 0, 1000, 'time');
  assert.equal(page.total, expected.size, 'one row per request');
  const got = new Map<string, string[]>();
  let pageOffset = 0;
  for (;;) {
    const { rows } = await service.query({ sessionId: SESSION, query: '', requests: true }, pageOffset, 1000, 'time');
    if (rows.length === 0) break;
    for (const row of rows) {
      const events = await service.events(SESSION, row.request!.eventIds);
      const stages = events.map((event) => (JSON.parse(event.json) as { stage: string }).stage).sort();
      const keys = new Set(events.map((event) => `${event.row.auditid} ${event.row.received}`));
      assert.equal(keys.size, 1, 'all events of a request share auditID and received time');
      assert.deepEqual(row.request!.stages.slice().sort(), stages);
      got.set([...keys][0]!, stages);
    }
    pageOffset += rows.length;
  }
  assert.equal(got.size, expected.size);
  for (const [key, stages] of expected) {
    const ours = [...got.entries()].find(([gotKey]) => sameRequest(gotKey, key));
    assert.ok(ours, `request ${key} is present`);
    assert.deepEqual(ours[1], stages, key);
  }
});

test('the request index agrees with a scan of the request table', () => {
  const index = openLogIndex([generated, other], { workers: 0 });
  return index.ready.then(() => {
    const table = buildRequests(index.store);
    let total = 0;
    const scanned: number[][] = Array.from({ length: table.rows }, () => []);
    for (let row = 0; row < table.requestOf.length; row++) scanned[table.requestOf[row]!]!.push(row);
    for (let request = 0; request < table.rows; request++) {
      const rows = eventsOfRequest(table, request);
      assert.deepEqual(rows, scanned[request]);
      assert.equal(rows.length, table.eventCount[request]);
      total += rows.length;
    }
    assert.equal(total, index.eventCount);
    assert.deepEqual(eventsOfRequest(table, table.rows), []);
    assert.deepEqual(eventsOfRequest(table, -1), []);
    index.close();
  });
});

/** The row's received time is formatted by the explorer; compare it to jq's text by instant. */
function sameRequest(gotKey: string, jqKey: string): boolean {
  const [gotId, gotTime] = gotKey.split(' ');
  const [jqId, jqTime] = jqKey.split(' ');
  return (
    gotId === jqId && Date.parse(gotTime!) === Date.parse(jqTime!) && gotTime!.slice(0, 19) === jqTime!.slice(0, 19)
  );
}
