// The project's audit-log generator, which tests and benchmarks rely on: deterministic, the size asked for, events
// shaped as the API server writes them, in time order, each request's stages together.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditLogBytes, parseSize } from '../support/audit-log-generator.ts';

const OPTIONS = { size: 2_000_000, seed: 11, hours: 3, start: '2025-06-01T00:00:00Z' };
const log = auditLogBytes(OPTIONS);
const lines = log.toString('latin1').split('\n').slice(0, -1);
const events = lines.map((line) => JSON.parse(line));

/** The members of an Event in the order Go writes them (audit.k8s.io/v1 Event struct). */
const FIELD_ORDER = [
  'kind',
  'apiVersion',
  'level',
  'auditID',
  'stage',
  'requestURI',
  'verb',
  'user',
  'impersonatedUser',
  'sourceIPs',
  'userAgent',
  'objectRef',
  'responseStatus',
  'requestObject',
  'responseObject',
  'requestReceivedTimestamp',
  'stageTimestamp',
  'annotations',
];

test('the same options give the same bytes; another seed another log', () => {
  assert.ok(auditLogBytes(OPTIONS).equals(log));
  assert.ok(!auditLogBytes({ ...OPTIONS, seed: 12 }).equals(log));
});

test('the log fills the size asked for with whole lines of ASCII', () => {
  assert.ok(log.length <= OPTIONS.size && log.length > OPTIONS.size - 500_000, `${log.length} bytes`);
  assert.equal(log.at(-1), 0x0a);
  assert.ok(log.every((byte) => byte < 0x80));
  assert.deepEqual(parseSize('100MB'), 100e6);
  assert.deepEqual(parseSize('1GiB'), 2 ** 30);
  assert.deepEqual(parseSize('2.5 KiB'), 2560);
  assert.throws(() => parseSize('lots'), /not a size: "lots"/);
});

test('events are audit.k8s.io/v1 with members in the API server order', () => {
  for (const event of events) {
    assert.equal(event.kind, 'Event');
    assert.equal(event.apiVersion, 'audit.k8s.io/v1');
    const keys = Object.keys(event);
    const order = keys.map((key) => FIELD_ORDER.indexOf(key));
    assert.ok(
      order.every((at, i) => at >= 0 && (i === 0 || at > order[i - 1]!)),
      keys.join(','),
    );
    assert.match(event.stageTimestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    assert.ok(['Metadata', 'Request', 'RequestResponse'].includes(event.level));
    if (event.stage === 'RequestReceived') {
      assert.equal(event.stageTimestamp, event.requestReceivedTimestamp);
      assert.equal(event.annotations, undefined, 'authorization happens after RequestReceived');
      assert.equal(event.responseStatus, undefined);
    }
    if (event.objectRef?.resource === 'secrets') assert.equal(event.level, 'Metadata');
    if (event.annotations?.['authorization.k8s.io/decision'] === 'forbid') {
      assert.equal(event.responseStatus.code, 403);
    }
  }
});

test('lines are in stageTimestamp order over the hours asked for, and requests keep their stages together', () => {
  for (let i = 1; i < events.length; i++) assert.ok(events[i - 1].stageTimestamp <= events[i].stageTimestamp);
  const first = Date.parse(events[0].stageTimestamp);
  const last = Date.parse(events.at(-1).stageTimestamp);
  assert.ok(first >= Date.parse(OPTIONS.start));
  assert.ok((last - first) / 3600e3 > OPTIONS.hours * 0.9, 'spans the hours');
  const stages = new Map<string, string[]>();
  for (const event of events) stages.set(event.auditID, [...(stages.get(event.auditID) ?? []), event.stage]);
  const shapes = [
    'RequestReceived,ResponseComplete',
    'RequestReceived,ResponseStarted,ResponseComplete',
    'ResponseStarted', // a failed login
  ];
  let cut = 0;
  for (const [id, list] of stages) {
    const shape = list.join(',');
    if (shapes.includes(shape)) continue;
    // The log ends where the size runs out: the last requests may miss their later stages.
    assert.ok(
      shapes.some((whole) => whole.startsWith(shape + ',')),
      `${id}: ${shape}`,
    );
    cut++;
  }
  assert.ok(cut < stages.size * 0.05, `${cut} of ${stages.size} requests cut off`);
  const watches = events.filter((event) => event.verb === 'watch' && event.stage === 'ResponseStarted');
  assert.ok(watches.length > 0, 'watches log ResponseStarted');
});
