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
import { SHARED_DIR } from '../support/shared-dir.ts';

const CORPUS_FILE = SHARED_DIR + '/corpus/auditlogs/falco-trace-files/delete_secret.json';
const DAMAGED = new URL('../fixtures/logs/damaged.jsonl', import.meta.url).pathname;

let dir: string;
let generated: string;
let service: LogsService;
const changes: LogSessionState[] = [];

function jqLines(filter: string, ...files: string[]): string[] {
  const out = execFileSync('jq', ['-r', filter, ...files], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return out.split('\n').filter((line) => line.length > 0);
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'logs-service-'));
  generated = join(dir, 'generated.log');
  execFileSync('node', [SHARED_DIR + '/tools/gen-audit-log.mjs', '--size', '3MB', '--seed', '3', '--out', generated], {
    stdio: 'ignore',
  });
  service = testServices(join(dir, 'user-data'), { logs: { workers: 0 } }, (channel, payload) => {
    if (channel === 'logs.sessionChanged') changes.push(payload as LogSessionState);
  }).logs;
});

after(async () => {
  await service.closeAll();
  rmSync(dir, { recursive: true, force: true });
});

test('a session over a generated log and a corpus file answers like jq', async () => {
  const state = await service.addPaths('session-one', [generated, CORPUS_FILE]);
  assert.equal(state.sources.length, 2);
  await service.session('session-one').settled();
  const ready = service.state('session-one');
  assert.ok(ready.sources.every((source) => source.state === 'ready'));
  assert.equal(ready.ingesting, false);
  const jqAll = jqLines('select(.kind == "Event") | .auditID', generated, CORPUS_FILE).length;
  assert.equal(ready.events, jqAll);
  assert.ok(ready.newest! > ready.oldest!);
  assert.ok(changes.some((change) => change.sessionId === 'session-one' && !change.ingesting));

  const scope = { sessionId: 'session-one', query: 'verb:delete resource:secrets' };
  const jqDeletes = jqLines(
    'select(.verb == "delete" and .objectRef.resource == "secrets") | .user.username',
    generated,
    CORPUS_FILE,
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

  const jqRequests = new Set(jqLines('select(.kind == "Event") | .auditID', generated, CORPUS_FILE)).size;
  const requests = await service.query({ sessionId: 'session-one', query: '', requests: true }, 0, 5, 'time');
  assert.equal(requests.total, jqRequests);
  assert.ok(requests.rows[0].request!.stages.length >= 1);
});

test('value suggestions come from the index with counts', async () => {
  const suggestions = service.suggest('session-one', 'verb', 'de', 10);
  const jqCount = jqLines('select(.verb == "delete") | .verb', generated, CORPUS_FILE).length;
  assert.deepEqual(suggestions, [{ value: 'delete', count: jqCount }]);
  assert.deepEqual(service.suggest('session-one', 'nosuchfield', '', 10), []);
});

test('sessions are independent; removing a source re-indexes', async () => {
  await service.addPaths('session-two', [CORPUS_FILE]);
  await service.session('session-two').settled();
  assert.equal(service.state('session-two').events, 1);
  assert.equal(service.state('session-one').sources.length, 2);
  const source = service.state('session-one').sources.find((item) => item.path === CORPUS_FILE)!;
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
  assert.equal(state.events, 51);
  assert.equal(state.sources[0].skipped, 0);
  // Adding it twice keeps one source.
  assert.equal(service.addSample('session-sample').sources.length, 1);
  assert.equal((await service.query({ sessionId: 'session-sample', query: 'verb:delete' }, 0, 100, 'time')).total, 9);
});

test('closing a session forgets it', async () => {
  assert.equal(await service.closeSession('session-two'), true);
  assert.equal(service.state('session-two').sources.length, 0);
});

test('every built-in investigation is a valid query that runs on the sample', async () => {
  const { INVESTIGATIONS, investigationQuery, InvestigationInputError } =
    await import('../../shared/logs/investigations.ts');
  service.addSample('session-investigations');
  await service.session('session-investigations').settled();
  const filled: Record<string, string> = { resource: 'secrets', user: 'minikube-user', latency: '10ms', name: '' };
  const counts: Record<string, number> = {};
  for (const investigation of INVESTIGATIONS) {
    const query = investigationQuery(investigation, filled);
    const page = await service.query(
      { sessionId: 'session-investigations', query, requests: investigation.requests },
      0,
      10,
      'time',
    );
    counts[investigation.id] = page.total;
  }
  // Known events of the sample (Falco traces, checked with jq): 4 secret writes, exec and attach, one anonymous create,
  // the cluster-admin binding, and many changes by minikube-user.
  assert.equal(counts['object-changes'], 4);
  assert.equal(counts['exec-attach-port-forward'], 2);
  assert.equal(counts['anonymous-or-failed-auth'], 1);
  assert.equal(counts['cluster-admin-bindings'], 1);
  assert.equal(counts['user-changes'], 36);
  const objectChanges = INVESTIGATIONS.find((item) => item.id === 'object-changes')!;
  assert.throws(() => investigationQuery(objectChanges, {}), InvestigationInputError);
  assert.equal(
    investigationQuery(objectChanges, { resource: 'deployments', name: 'my app', ns: 'prod' }),
    'verb:(create OR update OR patch OR delete OR deletecollection) resource:deployments name:"my app" ns:prod',
  );
});
