// Upper bound of the disk the audit log can take with given rotation settings (kube-apiserver rotates with
// lumberjack): the active file plus `maxbackup` rotated files of `maxsize` MB each.

export interface DiskEstimate {
  /** Bytes at most; null when nothing bounds the total (unlimited backups or no rotation). */
  maxBytes: number | null;
  /** Plain-words explanation of the bound (or of why there is none). */
  explanation: string;
}

const MB = 1024 * 1024;
/** Audit JSON compresses about tenfold with gzip; used only for the estimate. */
const GZIP_RATIO = 0.1;

export interface RotationInput {
  maxSize?: number;
  maxBackup?: number;
  compress?: boolean;
  /** Kubernetes minor version; the flag defaults changed in 1.36. */
  minor: number;
}

export function estimateAuditDiskUse(input: RotationInput): DiskEstimate {
  const modern = input.minor >= 36;
  const maxSize = input.maxSize ?? (modern ? 100 : 0);
  const maxBackup = input.maxBackup ?? (modern ? 100 : 0);
  if (maxSize === 0 && modern) {
    return {
      maxBytes: null,
      explanation: '--audit-log-maxsize=0 never rotates on 1.36+: the file grows without bound',
    };
  }
  // Before 1.36, 0 meant lumberjack's default of 100 MB.
  const fileMb = maxSize === 0 ? 100 : maxSize;
  if (maxBackup === 0) {
    return {
      maxBytes: null,
      explanation: `rotates every ${fileMb} MB but keeps every rotated file (maxbackup 0 = unlimited; only maxage prunes)`,
    };
  }
  const rotatedMb = maxBackup * fileMb * (input.compress ? GZIP_RATIO : 1);
  const total = Math.round((fileMb + rotatedMb) * MB);
  const rotated = input.compress
    ? `${maxBackup} gzipped backups (≈${GZIP_RATIO * 100}% of ${fileMb} MB each)`
    : `${maxBackup} backups of ${fileMb} MB`;
  return { maxBytes: total, explanation: `one active file of ${fileMb} MB plus ${rotated}` };
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 10 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}
