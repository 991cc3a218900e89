// The log explorer's backend service on real files: counts and top values equal jq's, sessions are independent,
// skipped lines explain themselves, sources can be removed, bad paths and bad queries give clear errors.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { LogSessionState } from '../../shared/ipc/contract/logs.ts';
import { AppFailure } from '../../shared/errors.ts';
import type { LogsService } from '../../electron/backend/logs-service/logs-service.ts';
import { testServices } from '../support/services.ts';
import { writeAuditLog } from '../support/audit-log-generator.ts';

const SAMPLE = new URL('../../electron/backend/logs-service/sample/sample-audit.log', import.meta.url).pathname;
const DAMAGED = new URL('../fixtures/logs/damaged.jsonl', import.meta.url).pathname;

let dir: string;
let generated: string;
/** A second, smaller log of another cluster and day. */
let other: string;
let service: LogsService;
const changes: LogSessionState[] = [];

const writes =
  '(.verb == "create" or .verb == "update" or .verb == "patch" or .verb == "delete" or .verb == "deletecollection")';
const human = '((.user.username // "") | startswith("system:") | not)';
/** Microseconds of an RFC 3339 MicroTime, for latencies. */
const JQ_TIME = 'def us(t): (t[0:19] + "Z" | fromdateiso8601) * 1000000 + (t[20:26] | tonumber);';

function jqLines(filter: string, ...files: string[]): string[] {
  return jqOutput(['-r', filter, ...files]);
}

/** jq over the raw lines of a file (for text that must be matched as written). */
function jqRawLines(filter: string, file: string): string[] {
  return jqOutput(['-r', '-R', filter, file]);
}

function jqOutput(args: string[]): string[] {
  const out = execFileSync('jq', args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  return out.split('\n').filter((line) => line.length > 0);
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'logs-service-'));
  generated = join(dir, 'generated.log');
  writeAuditLog(generated, { size: 3e6, seed: 3 });
  other = join(dir, 'other.log');
  writeAuditLog(other, { size: 60_000, seed: 4, preset: 'sample', start: '2025-01-02T10:00:00Z', hours: 1 });
  service = testServices(join(dir, 'user-data'), { logs: { workers: 0 } }, (channel, payload) => {
    if (channel === 'logs.sessionChanged') changes.push(payload as LogSessionState);
  }).logs;
});

after(async () => {
  await service.closeAll();
  rmSync(dir, { recursive: true, force: true });
});

test('a session over two generated logs answers like jq', async () => {
  const state = await service.addPaths('session-one', [generated, other]);
  assert.equal(state.sources.length, 2);
  await service.session('session-one').settled();
  const ready = service.state('session-one');
  assert.ok(ready.sources.every((source) => source.state === 'ready'));
  assert.equal(ready.ingesting, false);
  const jqAll = jqLines('select(.kind == "Event") | .auditID', generated, other).length;
  assert.equal(ready.events, jqAll);
  assert.ok(ready.newest! > ready.oldest!);
  assert.ok(changes.some((change) => change.sessionId === 'session-one' && !change.ingesting));

  const scope = { sessionId: 'session-one', query: 'verb:delete resource:secrets' };
  const jqDeletes = jqLines(
    'select(.verb == "delete" and .objectRef.resource == "secrets") | .user.username',
    generated,
    other,
  );
  assert.ok(jqDeletes.length > 1, 'the generated log has secret deletions');
  const page = await service.query(scope, 0, 1000, 'time');
  assert.equal(page.total, jqDeletes.length);
  assert.equal(page.rows.length, jqDeletes.length);
  for (let i = 1; i < page.rows.length; i++) assert.ok(page.rows[i - 1].time <= page.rows[i].time);
  assert.ok(page.rows.every((row) => row.verb === 'delete' && row.resource === 'secrets'));

  const jqUsers = new Map<string, number>();
  for (const user of jqDeletes) jqUsers.set(user, (jqUsers.get(user) ?? 0) + 1);
  const { fields, total } = await service.fieldValues(scope, ['user', 'code'], 100);
  assert.equal(total, jqDeletes.length);
  assert.deepEqual(new Map(fields.user.map((entry) => [String(entry.value), entry.count])), jqUsers);

  const summary = await service.summary(scope, 60, 'codeClass');
  assert.equal(summary.total, jqDeletes.length);
  const stacked = summary.histogram.series!.reduce((sum, series) => sum + series.counts.reduce((a, b) => a + b, 0), 0);
  assert.equal(stacked, jqDeletes.length);

  const descending = await service.query({ ...scope }, 0, 2, 'time-desc');
  assert.equal(descending.rows[0].id, page.rows[page.rows.length - 1].id);

  const [detail] = await service.events('session-one', [page.rows[0].id]);
  const event = JSON.parse(detail.json) as { verb: string; objectRef: { name: string } };
  assert.equal(event.verb, 'delete');
  assert.equal(event.objectRef.name, page.rows[0].name);

  const jqRequests = new Set(jqLines('select(.kind == "Event") | .auditID', generated, other)).size;
  const requests = await service.query({ sessionId: 'session-one', query: '', requests: true }, 0, 5, 'time');
  assert.equal(requests.total, jqRequests);
  assert.ok(requests.rows[0].request!.stages.length >= 1);
});

test('value suggestions come from the index with counts', async () => {
  const suggestions = service.suggest('session-one', 'verb', 'de', 10);
  const jqCount = jqLines('select(.verb == "delete") | .verb', generated, other).length;
  assert.deepEqual(suggestions, [{ value: 'delete', count: jqCount }]);
  assert.deepEqual(service.suggest('session-one', 'nosuchfield', '', 10), []);
});

test('sessions are independent; removing a source re-indexes', async () => {
  await service.addPaths('session-two', [other]);
  await service.session('session-two').settled();
  assert.equal(service.state('session-two').events, jqLines('.auditID', other).length);
  assert.equal(service.state('session-one').sources.length, 2);
  const source = service.state('session-one').sources.find((item) => item.path === other)!;
  const after = await service.removeSource('session-one', source.id);
  assert.equal(after.sources.length, 1);
  await service.session('session-one').settled();
  assert.equal(service.state('session-one').events, jqLines('.auditID', generated).length);
  await assert.rejects(service.removeSource('session-one', source.id), /no such source/);
});

test('skipped lines say which line and why', async () => {
  const state = await service.addPaths('session-damaged', [DAMAGED]);
  await service.session('session-damaged').settled();
  const source = service.state('session-damaged').sources[0];
  assert.equal(source.skipped, 5);
  const skipped = service.skipped('session-damaged', state.sources[0].id);
  assert.equal(skipped.total, 5);
  assert.deepEqual(
    skipped.details.map((detail) => [detail.line, detail.reason.split(':')[0]]),
    [
      [5, 'not JSON'],
      [6, 'not an audit event (kind is not "Event")'],
      [8, 'not JSON'],
      [10, 'not JSON'],
      [11, 'truncated (no newline at end of file)'],
    ],
  );
});

test('missing paths and bad queries are clear errors', async () => {
  await assert.rejects(
    service.addPaths('session-errors', [join(dir, 'nope.log')]),
    (error: unknown) => error instanceof AppFailure && /nope\.log: no such file or folder/.test(error.message),
  );
  assert.equal(service.state('session-errors').sources.length, 0);
  await assert.rejects(
    service.query({ sessionId: 'session-one', query: 'verb:delete usr:bob' }, 0, 10, 'time'),
    (error: unknown) =>
      error instanceof AppFailure &&
      error.code === 'query-syntax' &&
      /unknown field "usr" \(did you mean "user"\?\).*at character 13/.test(error.message),
  );
  await assert.rejects(service.fieldValues({ sessionId: 'session-one', query: '' }, ['time'], 5), /has no top values/);
  await assert.rejects(
    service.summary({ sessionId: 'session-one', query: 'usr:bob' }, 60, 'level'),
    (error: unknown) => error instanceof AppFailure && error.code === 'query-syntax',
  );
});

test('the bundled sample log opens', async () => {
  service.addSample('session-sample');
  await service.session('session-sample').settled();
  const state = service.state('session-sample');
  assert.equal(state.sources[0].kind, 'sample');
  assert.equal(state.events, jqLines('.auditID', SAMPLE).length);
  assert.equal(state.sources[0].skipped, 0);
  // Adding it twice keeps one source.
  assert.equal(service.addSample('session-sample').sources.length, 1);
  const deletes = jqLines('select(.verb == "delete") | .auditID', SAMPLE).length;
  assert.ok(deletes > 0, 'the sample has deletions');
  assert.equal(
    (await service.query({ sessionId: 'session-sample', query: 'verb:delete' }, 0, 100, 'time')).total,
    deletes,
  );
});

test('closing a session forgets it', async () => {
  assert.equal(await service.closeSession('session-two'), true);
  assert.equal(service.state('session-two').sources.length, 0);
});

/** The user the investigations that ask for one are run for: a developer, who changes things and is refused some. */
const USER = 'carol@example.com';

/** jq's answer to each built-in investigation on the sample: events, or requests (auditID + received time). */
const INVESTIGATION_JQ: Record<string, { condition: string; raw?: string }> = {
  'object-changes': { condition: `${writes} and .objectRef.resource == "secrets"` },
  'secret-reads-by-humans': {
    condition: `.objectRef.resource == "secrets" and (.verb == "get" or .verb == "list" or .verb == "watch") and ${human}`,
  },
  'exec-attach-port-forward': {
    condition:
      '.objectRef.subresource == "exec" or .objectRef.subresource == "attach" or .objectRef.subresource == "portforward"',
  },
  'cluster-admin-bindings': {
    condition:
      '(.objectRef.resource == "clusterrolebindings" or .objectRef.resource == "rolebindings") and ' +
      '(.verb == "create" or .verb == "update" or .verb == "patch")',
    raw: 'ascii_downcase | contains("cluster-admin")',
  },
  'anonymous-or-failed-auth': {
    condition:
      '.user.username == "system:anonymous" or any(.user.groups[]?; . == "system:unauthenticated") or .responseStatus.code == 401',
  },
  'forbidden-bursts': { condition: `.responseStatus.code == 403 and .user.username == "${USER}"` },
  'slow-requests': {
    condition:
      '.stage == "ResponseComplete" and .verb != "watch" and ' +
      '([.objectRef.subresource] | inside(["exec", "attach", "portforward", "log"]) | not) and ' +
      '(us(.stageTimestamp) - us(.requestReceivedTimestamp)) > 10000',
  },
  'user-changes': { condition: `${writes} and .user.username == "${USER}"` },
};

test('every built-in investigation is a valid query that runs on the sample, and finds what jq finds', async () => {
  const { INVESTIGATIONS, investigationQuery, InvestigationInputError } =
    await import('../../shared/logs/investigations.ts');
  service.addSample('session-investigations');
  await service.session('session-investigations').settled();
  const filled: Record<string, string> = { resource: 'secrets', user: USER, latency: '10ms', name: '' };
  const counts: Record<string, number> = {};
  const expected: Record<string, number> = {};
  for (const investigation of INVESTIGATIONS) {
    const query = investigationQuery(investigation, filled);
    const page = await service.query(
      { sessionId: 'session-investigations', query, requests: investigation.requests },
      0,
      10,
      'time',
    );
    counts[investigation.id] = page.total;
    const { condition, raw } = INVESTIGATION_JQ[investigation.id]!;
    const key = `[.auditID, ${investigation.requests ? '.requestReceivedTimestamp' : '.stage'}] | tojson`;
    const matches = raw
      ? jqRawLines(`${JQ_TIME} . as $line | fromjson | select(${condition}) | select($line | ${raw}) | ${key}`, SAMPLE)
      : jqLines(`${JQ_TIME} select(${condition}) | ${key}`, SAMPLE);
    expected[investigation.id] = new Set(matches).size;
  }
  assert.deepEqual(counts, expected);
  // The sample shows something for the questions people bring first.
  for (const id of [
    'object-changes',
    'exec-attach-port-forward',
    'anonymous-or-failed-auth',
    'forbidden-bursts',
    'user-changes',
  ]) {
    assert.ok(counts[id]! > 0, `the sample has events for ${id}`);
  }
  const objectChanges = INVESTIGATIONS.find((item) => item.id === 'object-changes')!;
  assert.throws(() => investigationQuery(objectChanges, {}), InvestigationInputError);
  assert.equal(
    investigationQuery(objectChanges, { resource: 'deployments', name: 'my app', ns: 'prod' }),
    'verb:(create OR update OR patch OR delete OR deletecollection) resource:deployments name:"my app" ns:prod',
  );
});
