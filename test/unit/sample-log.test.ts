// The bundled sample log ("Try the sample log") is made by the project's generator, and stays reproducible: the
// committed file is byte for byte what `npm run sample` writes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { auditLogBytes, SAMPLE_LOG_OPTIONS } from '../support/audit-log-generator.ts';

const SAMPLE = new URL('../../electron/backend/logs-service/sample/sample-audit.log', import.meta.url);

test('the committed sample log is what the generator makes (npm run sample rewrites it)', () => {
  const committed = readFileSync(SAMPLE);
  const made = auditLogBytes(SAMPLE_LOG_OPTIONS);
  assert.ok(committed.equals(made), 'sample-audit.log differs from the generator output: run npm run sample');
});

test('the sample shows a little of everything in a few hours', () => {
  const events = readFileSync(SAMPLE, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  assert.ok(events.length >= 300 && events.length <= 2000, `${events.length} events`);
  const complete = events.filter((event) => event.stage === 'ResponseComplete');
  const users = new Set(events.map((event) => event.user.username));
  const people = [...users].filter((user) => user && !user.startsWith('system:'));
  assert.ok(people.length >= 4, `people: ${people.join(', ')}`);
  assert.ok([...users].filter((user) => user?.startsWith('system:serviceaccount:')).length >= 5, 'service accounts');
  assert.ok(
    complete.some((event) => event.verb === 'get' || event.verb === 'list'),
    'reads',
  );
  assert.ok(
    complete.some((event) => event.requestObject && event.verb !== 'delete'),
    'writes with bodies',
  );
  assert.ok(
    complete.some((event) => event.responseStatus.code === 403),
    'denials',
  );
  assert.ok(
    complete.some((event) => event.objectRef?.resource === 'secrets'),
    'secrets',
  );
  assert.ok(
    complete.some((event) => event.objectRef?.subresource === 'exec'),
    'exec',
  );
  const hours = (Date.parse(events.at(-1).stageTimestamp) - Date.parse(events[0].stageTimestamp)) / 3600e3;
  assert.ok(hours >= 3 && hours <= 12, `${hours} hours`);
});
