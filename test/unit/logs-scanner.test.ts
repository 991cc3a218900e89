// The hand scanner reads strings 4 bytes at a time and hashes them on the way; whatever the string holds (escapes,
// quotes, surrogate pairs, multi-byte UTF-8, lengths around word boundaries), the indexed value must equal what
// JSON.parse gives, and equal values must get one dictionary code.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ByteDictionary, hashBytes, hashView, viewOf } from '../../shared/logs/byte-dictionary.ts';
import { S_NAME, S_REASON, S_URI, S_USER } from '../../shared/logs/event-schema.ts';
import { JsonEventScanner } from '../../shared/logs/json-event-scanner.ts';
import { ingestLines } from '../../shared/logs/record-ingest.ts';
import { SegmentBuilder } from '../../shared/logs/segment-builder.ts';
import { parseTimestamp } from '../../shared/logs/timestamps.ts';

function eventLine(user: string, name: string, reason: string, uri: string, time: string): string {
  return JSON.stringify({
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    auditID: 'a',
    stage: 'ResponseComplete',
    requestURI: uri,
    verb: 'get',
    user: { username: user, groups: [name, user] },
    objectRef: { resource: 'pods', name },
    requestReceivedTimestamp: time,
    stageTimestamp: time,
    annotations: { 'authorization.k8s.io/reason': reason },
  });
}

/** JSON.stringify escapes only what it must; also write some characters as \uXXXX, as other serializers do. */
function escapeMore(line: string): string {
  return line.replace(/[é/\u00e0-\u00ff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

function values(builder: SegmentBuilder, column: number): string[] {
  const parts = builder.finish().stringDicts[column];
  const dictionary = ByteDictionary.fromParts(parts);
  return Array.from({ length: parts.count - 1 }, (_, i) => dictionary.get(i + 1));
}

test('string values with any content equal JSON.parse, 4-byte reads or not', () => {
  const text = fc.string({ unit: 'binary', maxLength: 40 });
  fc.assert(
    fc.property(text, text, text, text, fc.boolean(), (user, name, reason, uri, more) => {
      const time = '2024-05-14T10:00:01.123456Z';
      let line = eventLine(user, name, reason, uri, time);
      if (more) line = escapeMore(line);
      const bytes = new TextEncoder().encode(line + '\n' + line + '\n');
      const builder = new SegmentBuilder(4);
      ingestLines(
        { bytes, baseOffset: 0, builder, scanner: new JsonEventScanner(), legacy: new Map(), final: true },
        0,
        bytes.length,
        1,
      );
      assert.equal(builder.rows, 2, line);
      const strings = builder.strings;
      // The second, identical event gets the same codes.
      for (const column of [S_USER, S_NAME, S_REASON, S_URI]) assert.equal(strings[column][1], strings[column][0]);
      assert.equal(builder.time[0], parseTimestamp(time));
      // A lone surrogate (escaped by JSON.stringify) is indexed as U+FFFD.
      const expect = (s: string): string =>
        s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
      const check = (column: number, value: string): void => {
        if (value === '') return;
        assert.ok(values(builder, column).includes(expect(value)), `column ${column}: ${JSON.stringify(value)}`);
      };
      check(S_USER, user);
      check(S_NAME, name);
      check(S_REASON, reason);
      check(S_URI, uri);
    }),
    { numRuns: 400 },
  );
});

test('the word-at-a-time hash is the same however the bytes are read', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 64 }), fc.nat(7), (bytes, shift) => {
      const padded = new Uint8Array(bytes.length + shift);
      padded.set(bytes, shift);
      const expected = hashBytes(bytes, 0, bytes.length);
      assert.equal(hashBytes(padded, shift, padded.length), expected);
      assert.equal(hashView(padded, viewOf(padded), shift, padded.length), expected);
    }),
  );
});
