// The disk-use bound shown in the apply settings and the plan: lumberjack keeps the active file plus `maxbackup`
// rotated files of `maxsize` MB; the flag defaults and the meaning of maxsize=0 changed in Kubernetes 1.36.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimateAuditDiskUse, formatBytes } from '../../shared/apply/disk-estimate.ts';

const MB = 1024 * 1024;

test('explicit settings: one active file plus every kept backup', () => {
  const estimate = estimateAuditDiskUse({ maxSize: 100, maxBackup: 10, minor: 29 });
  assert.equal(estimate.maxBytes, 11 * 100 * MB);
  assert.equal(estimate.explanation, 'one active file of 100 MB plus 10 backups of 100 MB');
  assert.equal(estimateAuditDiskUse({ maxSize: 1, maxBackup: 1, minor: 36 }).maxBytes, 2 * MB);
});

test('compressed backups count at about a tenth of their size; the active file is never compressed', () => {
  const estimate = estimateAuditDiskUse({ maxSize: 100, maxBackup: 10, compress: true, minor: 30 });
  assert.equal(estimate.maxBytes, (100 + 10 * 100 * 0.1) * MB);
  assert.match(estimate.explanation, /^one active file of 100 MB plus 10 gzipped backups \(≈10% of 100 MB each\)$/);
});

test('before 1.36 the defaults (0) mean 100 MB files kept without limit: no bound', () => {
  const estimate = estimateAuditDiskUse({ minor: 35 });
  assert.equal(estimate.maxBytes, null);
  assert.match(estimate.explanation, /rotates every 100 MB but keeps every rotated file \(maxbackup 0 = unlimited/);
  // maxsize 0 still rotated at lumberjack's 100 MB before 1.36, so a backup limit bounds it.
  assert.equal(estimateAuditDiskUse({ maxSize: 0, maxBackup: 5, minor: 29 }).maxBytes, 6 * 100 * MB);
});

test('from 1.36 the defaults are 100 MB × 100 backups, and maxsize 0 never rotates', () => {
  assert.equal(estimateAuditDiskUse({ minor: 36 }).maxBytes, 101 * 100 * MB);
  assert.equal(estimateAuditDiskUse({ maxBackup: 2, minor: 37 }).maxBytes, 3 * 100 * MB);
  const never = estimateAuditDiskUse({ maxSize: 0, maxBackup: 10, minor: 36 });
  assert.equal(never.maxBytes, null);
  assert.match(never.explanation, /--audit-log-maxsize=0 never rotates on 1\.36\+/);
  assert.equal(estimateAuditDiskUse({ maxSize: 50, maxBackup: 0, minor: 36 }).maxBytes, null);
});

test('sizes are formatted in binary units with one decimal below 10', () => {
  assert.equal(formatBytes(0), '0 B');
  assert.equal(formatBytes(1023), '1023 B');
  assert.equal(formatBytes(1536), '1.5 KiB');
  assert.equal(formatBytes(11 * 100 * MB), '1.1 GiB');
  assert.equal(formatBytes(200 * MB), '200 MiB');
  assert.equal(formatBytes(5 * 1024 ** 5), '5120 TiB');
});
