// Size projection per level, body measurement on real events, and the volume / retention arithmetic.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { measureBodies, utf8Length } from '../../shared/lab/body-members.ts';
import { projectEventSize } from '../../shared/lab/size-projection.ts';
import { defaultRotation, retentionOf, volumeOf } from '../../shared/lab/volume.ts';
import { auditLogBytes } from '../support/audit-log-generator.ts';

const MiB = 1024 * 1024;

test('projected event size per level change', () => {
  // recorded RequestResponse, 1000 bytes with a 300-byte request body and a 500-byte response body
  assert.deepEqual(projectEventSize(3, 3, 1000, 300, 500), { bytes: 1000, change: 'same' });
  assert.deepEqual(projectEventSize(3, 2, 1000, 300, 500), { bytes: 500, change: 'downgraded' });
  assert.deepEqual(projectEventSize(3, 1, 1000, 300, 500), { bytes: 200, change: 'downgraded' });
  assert.deepEqual(projectEventSize(3, 0, 1000, 300, 500), { bytes: 0, change: 'dropped' });
  // recorded Request: only the request body can go
  assert.deepEqual(projectEventSize(2, 1, 700, 300, 0), { bytes: 400, change: 'downgraded' });
  // rising above what was recorded: unknown, recorded size as a lower bound
  assert.deepEqual(projectEventSize(1, 2, 400, 0, 0), { bytes: 400, change: 'unknown' });
  assert.deepEqual(projectEventSize(2, 3, 700, 300, 0), { bytes: 700, change: 'unknown' });
});

test('body members: removing them gives exactly the bytes of the event without them', () => {
  let withBodies = 0;
  for (const line of auditLogBytes({ size: 3e6, seed: 5 }).toString('utf8').split('\n')) {
    if (!line) continue;
    const event = JSON.parse(line);
    const sizes = measureBodies(line);
    assert.equal(sizes.requestObject > 0, 'requestObject' in event, line.slice(0, 200));
    assert.equal(sizes.responseObject > 0, 'responseObject' in event);
    if (sizes.requestObject === 0 && sizes.responseObject === 0) continue;
    withBodies++;
    const { requestObject: _a, responseObject: _b, ...rest } = event;
    const full = Buffer.byteLength(line);
    assert.equal(full - sizes.requestObject - sizes.responseObject, Buffer.byteLength(JSON.stringify(rest)));
  }
  assert.ok(withBodies > 50, `expected events with bodies, got ${withBodies}`);
});

test('body members: nested look-alikes, pretty JSON, non-objects and cut-off text', () => {
  const nested = '{"verb":"create","requestObject":{"data":{"responseObject":"x"}},"stage":"ResponseComplete"}';
  assert.deepEqual(measureBodies(nested), {
    requestObject: utf8Length(nested, nested.indexOf('"requestObject"'), nested.indexOf(',"stage"')) + 1,
    responseObject: 0,
  });
  const pretty = '{\n  "a": 1,\n  "responseObject": {"é": "\\"}"}\n}';
  const expected = Buffer.byteLength('"responseObject": {"é": "\\"}"}') + 1;
  assert.deepEqual(measureBodies(pretty), { requestObject: 0, responseObject: expected });
  assert.deepEqual(measureBodies('["requestObject"]'), { requestObject: 0, responseObject: 0 });
  assert.deepEqual(measureBodies('{"requestObject":{"a":'), { requestObject: 0, responseObject: 0 });
  assert.equal(utf8Length('a\u00e9\u4e2d\ud83d\ude00', 0, 5), 1 + 2 + 3 + 4);
});

test('volume per hour and day from the sample span', () => {
  const hour = 3600e6;
  const volume = volumeOf(48 * MiB, 12 * MiB, 0, 24 * hour);
  assert.deepEqual(volume, {
    spanHours: 24,
    sampleBytesPerHour: 2 * MiB,
    projectedBytesPerHour: 0.5 * MiB,
    sampleBytesPerDay: 48 * MiB,
    projectedBytesPerDay: 12 * MiB,
  });
  assert.equal(volumeOf(10, 10, 5, 5), null);
  assert.equal(volumeOf(10, 10, null, 5), null);
});

test('retention from maxsize × (maxbackup + 1), maxage, and compression', () => {
  const settings = { maxSizeMB: 100, maxBackup: 10, maxAgeDays: 0, kubeMinor: 36 };
  const r = retentionOf(1 * MiB, settings, 0.1);
  assert.equal(r.fileBytes, 100 * MiB);
  assert.deepEqual(r.uncompressed, { hours: 1100, limitedBy: 'size', diskBytes: 1100 * MiB });
  // compression keeps the same number of files (same history) but the 10 rotated ones shrink to 10 %
  assert.equal(r.compressed.hours, 1100);
  assert.ok(Math.abs(r.compressed.diskBytes! - 200 * MiB) < 1);
  // the same 1100 MiB would hold 100 compressed backups: 101 files of 100 hours
  assert.equal(r.sameDiskHours, 10100);

  const byAge = retentionOf(1 * MiB, { ...settings, maxAgeDays: 30 }, 0.1);
  assert.deepEqual(byAge.uncompressed, { hours: 720, limitedBy: 'age', diskBytes: 720 * MiB });
  assert.equal(byAge.sameDiskHours, 720);

  // maxbackup 0 keeps every rotated file: only maxage bounds the history
  assert.deepEqual(retentionOf(MiB, { ...settings, maxBackup: 0 }, 0.1).uncompressed, {
    hours: null,
    limitedBy: 'unbounded',
    diskBytes: null,
  });
  // maxsize 0 meant 100 MB before 1.36, "never rotate" since
  assert.equal(retentionOf(MiB, { ...settings, maxSizeMB: 0, kubeMinor: 35 }, 0.1).uncompressed.hours, 1100);
  assert.equal(retentionOf(MiB, { ...settings, maxSizeMB: 0, kubeMinor: 36 }, 0.1).uncompressed.hours, null);
  // an unmeasured ratio falls back to the typical one
  assert.equal(retentionOf(MiB, settings, null).gzipRatio, 0.1);
  assert.deepEqual(defaultRotation(36), { maxSizeMB: 100, maxBackup: 100, maxAgeDays: 366, kubeMinor: 36 });
  assert.deepEqual(defaultRotation(30), { maxSizeMB: 0, maxBackup: 0, maxAgeDays: 0, kubeMinor: 30 });
});
