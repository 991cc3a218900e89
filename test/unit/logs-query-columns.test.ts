// Projection pushdown: which columns a one-shot query makes ingest fill.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { M_GROUP, S_AUDITID, S_NS, S_RESOURCE, S_STAGE, S_USER, S_VERB } from '../../shared/logs/event-schema.ts';
import { columnsForQuery, readsRawEvents } from '../../shared/logs/query-columns.ts';
import { parseQueryOrThrow } from '../../shared/logs/query-parser.ts';

const columns = (q: string, also: string[] = []) => columnsForQuery(parseQueryOrThrow(q), also);

test('the fields a query names, under OR, NOT and comparisons, are its columns', () => {
  assert.deepEqual(columns('verb:delete resource:secrets'), { strings: [S_VERB, S_RESOURCE], multis: [] });
  assert.deepEqual(columns('-(username:bob OR groups:system:masters)'), { strings: [S_USER], multis: [M_GROUP] });
  assert.deepEqual(columns('auditid:* NOT stage:RequestReceived'), { strings: [S_STAGE, S_AUDITID], multis: [] });
});

test('times, codes, source tags, JSON paths and text need no column; extra fields (--top) are added', () => {
  assert.deepEqual(columns('code>=400 latency>1s node:a objectRef.name:x kafka'), { strings: [], multis: [] });
  assert.deepEqual(columns('', ['user', 'namespace']), { strings: [S_USER, S_NS], multis: [] });
});

test('text terms and JSON paths read raw events, at any depth; indexed fields do not', () => {
  const raw = (q: string) => readsRawEvents(parseQueryOrThrow(q));
  assert.equal(raw('verb:delete resource:secrets code>=400 -user:system:*'), false);
  assert.equal(raw(''), false);
  assert.equal(raw('verb:delete kafka'), true);
  assert.equal(raw('verb:get OR NOT (ns:prod AND objectRef.apiVersion:v1)'), true);
  assert.equal(raw('requestObject.spec:*'), true);
});
