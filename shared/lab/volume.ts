// Volume per hour/day from a sample's time span, and the retention kube-apiserver's log rotation gives at a rate.
// Rotation is lumberjack's: a file rotates at maxsize MB, maxbackup counts rotated files (x.log and x.log.gz alike),
// maxage prunes by the timestamp in the name. Compression shrinks the rotated files but not their count, so it
// changes the disk used, not how much history is kept; with the same disk, more backups would fit.
import type { LabVolume } from './types.ts';

const MICROS_PER_HOUR = 3600e6;
const MB = 1024 * 1024;

export function volumeOf(
  sampleBytes: number,
  projectedBytes: number,
  firstMicros: number | null,
  lastMicros: number | null,
): LabVolume | null {
  if (firstMicros === null || lastMicros === null || !(lastMicros > firstMicros)) return null;
  const spanHours = (lastMicros - firstMicros) / MICROS_PER_HOUR;
  const sampleBytesPerHour = sampleBytes / spanHours;
  const projectedBytesPerHour = projectedBytes / spanHours;
  return {
    spanHours,
    sampleBytesPerHour,
    projectedBytesPerHour,
    sampleBytesPerDay: sampleBytesPerHour * 24,
    projectedBytesPerDay: projectedBytesPerHour * 24,
  };
}

export interface RotationSettings {
  /** --audit-log-maxsize in MB. */
  maxSizeMB: number;
  /** --audit-log-maxbackup; 0 = unlimited. */
  maxBackup: number;
  /** --audit-log-maxage in days; 0 = no age limit. */
  maxAgeDays: number;
  /** Kubernetes minor version: maxsize 0 meant 100 MB before 1.36 and "never rotate" since. */
  kubeMinor: number;
}

/** kube-apiserver's defaults for a version (they changed in 1.36). */
export function defaultRotation(kubeMinor: number): RotationSettings {
  return kubeMinor >= 36
    ? { maxSizeMB: 100, maxBackup: 100, maxAgeDays: 366, kubeMinor }
    : { maxSizeMB: 0, maxBackup: 0, maxAgeDays: 0, kubeMinor };
}

export interface RetentionCase {
  /** Hours of history kept, or null when nothing bounds it (it grows until the disk is full). */
  hours: number | null;
  /** What bounds it. */
  limitedBy: 'size' | 'age' | 'unbounded';
  /** Disk used at steady state, or null when unbounded. */
  diskBytes: number | null;
}

export interface Retention {
  /** Effective file size in bytes (null: the file never rotates). */
  fileBytes: number | null;
  uncompressed: RetentionCase;
  /** --audit-log-compress: same history, rotated files gzipped at the measured ratio. */
  compressed: RetentionCase;
  /** With compression, the history that the uncompressed disk budget would hold if maxbackup were raised to fit. */
  sameDiskHours: number | null;
  gzipRatio: number;
}

/** Typical gzip ratio of audit JSON (used until the sample is measured). */
export const DEFAULT_GZIP_RATIO = 0.1;

export function retentionOf(bytesPerHour: number, settings: RotationSettings, gzipRatio: number | null): Retention {
  const ratio = gzipRatio !== null && gzipRatio > 0 && gzipRatio <= 1 ? gzipRatio : DEFAULT_GZIP_RATIO;
  const sizeMB = settings.maxSizeMB === 0 ? (settings.kubeMinor >= 36 ? null : 100) : settings.maxSizeMB;
  const fileBytes = sizeMB === null ? null : sizeMB * MB;
  const ageHours = settings.maxAgeDays > 0 ? settings.maxAgeDays * 24 : null;
  const rate = bytesPerHour > 0 ? bytesPerHour : 0;

  // History kept by size: the active file plus maxbackup rotated ones.
  let sizeHours: number | null = null;
  if (fileBytes !== null && settings.maxBackup > 0) {
    sizeHours = rate > 0 ? (fileBytes * (settings.maxBackup + 1)) / rate : Infinity;
  }
  const hours = minOf(sizeHours, ageHours);
  const finiteHours = hours === null || !Number.isFinite(hours) ? null : hours;
  const limitedBy: RetentionCase['limitedBy'] =
    finiteHours === null ? 'unbounded' : sizeHours !== null && sizeHours <= (ageHours ?? Infinity) ? 'size' : 'age';
  const keptBytes = rate === 0 ? 0 : finiteHours === null ? null : finiteHours * rate;
  const activeBytes = fileBytes === null ? keptBytes : Math.min(fileBytes, keptBytes ?? fileBytes);
  const uncompressed: RetentionCase = { hours: finiteHours, limitedBy, diskBytes: keptBytes };
  const compressed: RetentionCase = {
    hours: finiteHours,
    limitedBy,
    diskBytes:
      keptBytes === null || activeBytes === null
        ? null
        : activeBytes + Math.max(0, keptBytes - activeBytes) * (fileBytes === null ? 1 : ratio),
  };
  let sameDiskHours: number | null = null;
  if (fileBytes !== null && settings.maxBackup > 0 && rate > 0) {
    const budget = fileBytes * (settings.maxBackup + 1);
    const backups = Math.floor((budget - fileBytes) / (fileBytes * ratio));
    sameDiskHours = minOf((fileBytes * (backups + 1)) / rate, ageHours);
  }
  return { fileBytes, uncompressed, compressed, sameDiskHours, gzipRatio: ratio };
}

function minOf(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}
