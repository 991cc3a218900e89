// Aggregations over a set of matched rows: top values of a field, a time histogram, counts by level/stage/code.
// They run over typed columns only (no raw events), so they are fast enough to recompute per keystroke.

import { lookupField } from '../../../shared/logs/fields.ts';
import type { EventStore } from './event-store.ts';

export interface ValueCount {
  value: string | number;
  count: number;
}

/** Top `limit` values of an indexed field among `rows`, by descending count (ties by value). */
export function topValues(store: EventStore, field: string, rows: ArrayLike<number>, limit: number): ValueCount[] {
  const info = lookupField(field);
  if (!info) throw new Error(`unknown field "${field}"`);
  const results: ValueCount[] = [];
  if (info.kind === 'string') {
    const column = store.string(info.name);
    const counts = new Uint32Array(column.size + 1);
    for (let i = 0; i < rows.length; i++) counts[column.codes[rows[i]]]++;
    const sourceField = column.present !== undefined;
    for (let code = sourceField ? 0 : 1; code < column.size; code++) {
      if (counts[code] > 0 && (!sourceField || column.present!(code)))
        results.push({ value: column.value(code), count: counts[code] });
    }
  } else if (info.kind === 'multi') {
    const column = store.multi(info.name);
    const setCounts = new Uint32Array(column.size + 1);
    for (let i = 0; i < rows.length; i++) setCounts[column.codes[rows[i]]]++;
    const byValue = new Map<string, number>();
    for (let code = 1; code < column.size; code++) {
      if (setCounts[code] === 0) continue;
      for (const value of new Set(column.values(code))) byValue.set(value, (byValue.get(value) ?? 0) + setCounts[code]);
    }
    for (const [value, count] of byValue) results.push({ value, count });
  } else if (info.kind === 'number') {
    const counts = new Uint32Array(65536);
    const codes = store.code;
    for (let i = 0; i < rows.length; i++) counts[codes[rows[i]]]++;
    for (let stored = 1; stored < 65536; stored++)
      if (counts[stored] > 0) results.push({ value: stored - 1, count: counts[stored] });
  } else {
    throw new Error(`top values need a text, list or number field; "${field}" is a ${info.kind}`);
  }
  results.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  return results.slice(0, limit);
}

export interface Histogram {
  /** Start of the first bucket, µs since the epoch. */
  start: number;
  bucketMicros: number;
  counts: number[];
  /** Per-series counts when stacked (series key → counts per bucket). */
  series?: { key: string; counts: number[] }[];
}

const NICE_BUCKETS_SECONDS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800, 2592000,
];

/** A time histogram of `rows` with at most `maxBuckets` buckets of a round size, optionally stacked. */
export function timeHistogram(
  store: EventStore,
  rows: ArrayLike<number>,
  maxBuckets = 60,
  stackBy?: 'level' | 'codeClass' | 'stage',
): Histogram {
  const time = store.time;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < rows.length; i++) {
    const t = time[rows[i]];
    if (t < min) min = t;
    if (t > max) max = t;
  }
  if (min === Infinity) return { start: 0, bucketMicros: 1_000_000, counts: [] };
  const spanSeconds = (max - min) / 1e6;
  let bucketSeconds = NICE_BUCKETS_SECONDS[NICE_BUCKETS_SECONDS.length - 1];
  for (const candidate of NICE_BUCKETS_SECONDS) {
    if (spanSeconds / candidate < maxBuckets) {
      bucketSeconds = candidate;
      break;
    }
  }
  const bucketMicros = bucketSeconds * 1e6;
  const start = Math.floor(min / bucketMicros) * bucketMicros;
  const bucketCount = Math.floor((max - start) / bucketMicros) + 1;
  // series[row's key] for stacking; one flat count array per series, filled in a single pass without callbacks.
  let seriesNames: string[] = [];
  let seriesCodes: ArrayLike<number> | undefined;
  let seriesOfCode: Uint8Array | Uint32Array | undefined;
  if (stackBy === 'level' || stackBy === 'stage') {
    const column = store.string(stackBy);
    seriesNames = Array.from({ length: column.size }, (_, code) => (code === 0 ? '(none)' : column.value(code)));
    seriesCodes = column.codes;
    seriesOfCode = new Uint32Array(column.size + 1);
    for (let code = 0; code < column.size; code++) seriesOfCode[code] = code;
  } else if (stackBy === 'codeClass') {
    seriesNames = ['(none)', '1xx', '2xx', '3xx', '4xx', '5xx', 'other'];
    seriesCodes = store.code;
    // Stored codes are HTTP code + 1 (0 = absent).
    seriesOfCode = new Uint8Array(65536);
    for (let stored = 1; stored < 65536; stored++) {
      const klass = Math.floor((stored - 1) / 100);
      seriesOfCode[stored] = klass >= 1 && klass <= 5 ? klass : 6;
    }
  }
  const counts = new Float64Array(bucketCount);
  const seriesCount = seriesNames.length;
  const stacked = new Float64Array(seriesCodes ? seriesCount * bucketCount : 0);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const t = time[row];
    if (t !== t) continue;
    const bucket = Math.floor((t - start) / bucketMicros);
    counts[bucket]++;
    if (seriesCodes) stacked[seriesOfCode![seriesCodes[row]] * bucketCount + bucket]++;
  }
  const histogram: Histogram = { start, bucketMicros, counts: Array.from(counts) };
  if (seriesCodes) {
    histogram.series = seriesNames
      .map((key, index) => ({
        key,
        counts: Array.from(stacked.subarray(index * bucketCount, (index + 1) * bucketCount)),
      }))
      .filter((series) => series.counts.some((count) => count > 0));
  }
  return histogram;
}

export interface CountsBy {
  total: number;
  level: Record<string, number>;
  stage: Record<string, number>;
  codeClass: Record<string, number>;
}

export function countsBy(store: EventStore, rows: ArrayLike<number>): CountsBy {
  const tally = (name: 'level' | 'stage'): Record<string, number> => {
    const result: Record<string, number> = {};
    for (const { value, count } of topValues(store, name, rows, Infinity)) result[String(value)] = count;
    return result;
  };
  // Codes are stored +1 (0 = none), below 65536: one counter per hundred, named only at the end.
  const perClass = new Uint32Array(656);
  let none = 0;
  const codes = store.code;
  for (let i = 0; i < rows.length; i++) {
    const stored = codes[rows[i]];
    if (stored === 0) none++;
    else perClass[((stored - 1) / 100) | 0]++;
  }
  const codeClass: Record<string, number> = {};
  perClass.forEach((count, hundred) => count > 0 && (codeClass[`${hundred}xx`] = count));
  if (none > 0) codeClass.none = none;
  return { total: rows.length, level: tally('level'), stage: tally('stage'), codeClass };
}
