// Display helpers for the lab: bytes, rates, durations and the stats the rule cards show.
import type { LabResult } from '../../../../../shared/lab/types.ts';

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '—';
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}

export function formatHours(hours: number | null): string {
  if (hours === null) return 'unbounded';
  if (hours < 1) return `${Math.round(hours * 60)} min`;
  if (hours < 48) return `${hours.toFixed(1)} h`;
  return `${(hours / 24).toFixed(1)} days`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function percent(part: number, whole: number): string {
  if (whole <= 0) return '0 %';
  const value = (100 * part) / whole;
  return `${value < 10 ? value.toFixed(1) : value.toFixed(0)} %`;
}

/** Per-rule counts for the builder's rule cards (RuleList's `stats` prop). */
export function ruleStatsOf(result: LabResult | null): Map<number, { requests: number; level: string }> | undefined {
  if (!result) return undefined;
  return new Map(result.rules.map((rule) => [rule.index, { requests: rule.requests, level: rule.level }]));
}
