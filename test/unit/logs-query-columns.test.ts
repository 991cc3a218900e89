// Projection pushdown: which columns a one-shot query makes ingest fill.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { M_GROUP, S_AUDITID, S_NS, S_RESOURCE, S_STAGE, S_USER, S_VERB } from '../../shared/logs/event-schema.ts';
import { columnsForQuery, readsRawEvents } from '../../shared/logs/query-columns.ts';
import { parseQueryOrThrow } from '../../shared/logs/query-parser.ts';

const columns = (q: string, also: string[] = []) => columnsForQuery(parseQueryOrThrow(q), also);

test('the fields a query names, under OR, NOT and comparisons, are its columns', () => {
  const strings = (q: string) => {
    const { strings, multis } = columns(q);
    return { strings, multis };
  };
  assert.deepEqual(strings('verb:delete resource:secrets'), { strings: [S_VERB, S_RESOURCE], multis: [] });
  assert.deepEqual(strings('-(username:bob OR groups:system:masters)'), { strings: [S_USER], multis: [M_GROUP] });
  assert.deepEqual(strings('auditid:* NOT stage:RequestReceived'), { strings: [S_STAGE, S_AUDITID], multis: [] });
});

test('codes, source tags, JSON paths and text need no column; extra fields (--top) are added', () => {
  assert.deepEqual(columns('code>=400 node:a objectRef.name:x kafka'), { strings: [], multis: [], times: false });
  assert.deepEqual(columns('', ['user', 'namespace']), { strings: [S_USER, S_NS], multis: [], times: false });
});

test('timestamps are read only for a time or duration field, in the query or added', () => {
  assert.equal(columns('verb:delete resource:secrets').times, false);
  assert.equal(columns('latency>1s').times, true);
  assert.equal(columns('-(time>=2026-01-02 OR verb:get)').times, true);
  assert.equal(columns('received<2026-01-02').times, true);
  assert.equal(columns('verb:get', ['time']).times, true);
  assert.equal(columns('verb:get', ['user']).times, false);
});

test('text terms and JSON paths read raw events, at any depth; indexed fields do not', () => {
  const raw = (q: string) => readsRawEvents(parseQueryOrThrow(q));
  assert.equal(raw('verb:delete resource:secrets code>=400 -user:system:*'), false);
  assert.equal(raw(''), false);
  assert.equal(raw('verb:delete kafka'), true);
  assert.equal(raw('verb:get OR NOT (ns:prod AND objectRef.apiVersion:v1)'), true);
  assert.equal(raw('requestObject.spec:*'), true);
});
