// Slow queries in the explorer's backend: a text search over a log big enough to need many slices. A newer text
// search abandons the older one; a column-only query (object history, a filter) abandons nothing; answers are
// the same as the synchronous engine's.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { AppFailure } from '../../shared/errors.ts';
import type { LogsService } from '../../electron/backend/logs-service/logs-service.ts';
import { testServices } from '../support/services.ts';
import { writeAuditLog } from '../support/audit-log-generator.ts';

const SESSION = 'matching';
let dir: string;
let service: LogsService;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'logs-matching-'));
  const log = join(dir, 'audit.log');
  // About 19,000 events: a text search reads them in several slices.
  writeAuditLog(log, { size: 20e6, seed: 9 });
  service = testServices(join(dir, 'user-data'), { logs: { workers: 0 } }).logs;
  await service.addPaths(SESSION, [log]);
  await service.session(SESSION).settled();
});

after(async () => {
  await service.closeAll();
  rmSync(dir, { recursive: true, force: true });
});

const scope = (query: string) => ({ sessionId: SESSION, query });
const count = (query: string) => service.session(SESSION).index!.count(query);

test('a newer text search abandons the older one; column queries run beside a text search', async () => {
  const older = service.summary(scope('kafka'), 60, 'level');
  const column = service.query(scope('verb:delete resource:secrets'), 0, 10, 'time');
  const newer = service.summary(scope('"system:masters"'), 60, 'level');
  await assert.rejects(older, (error: unknown) => error instanceof AppFailure && error.code === 'cancelled');
  assert.equal((await column).total, count('verb:delete resource:secrets'));
  assert.equal((await newer).total, count('"system:masters"'));

  // A column query does not abandon a text search in progress.
  const search = service.fieldValues(scope('dashboard -verb:watch'), ['user'], 5);
  await service.query(scope('ns:prod'), 0, 10, 'time');
  const { total } = await search;
  assert.equal(total, count('dashboard -verb:watch'));
  assert.ok(total > 0, 'the search finds events');
});
