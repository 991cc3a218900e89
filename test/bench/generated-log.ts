// The generated logs the benchmarks read, made once by the project's generator (seed 42, 24 h) and cached in
// $TMPDIR/auditscope-bench, so that runs compare the same bytes.
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSize, writeAuditLog } from '../support/audit-log-generator.ts';

export const BENCH_CACHE = join(tmpdir(), 'auditscope-bench');

/** The path of the generated log of this size ("100MB", "1GiB"), generating it first when it is not cached. */
export function generatedLog(size: string): string {
  mkdirSync(BENCH_CACHE, { recursive: true });
  const path = join(BENCH_CACHE, `generated-${size}-seed42.jsonl`);
  if (!existsSync(path)) {
    console.log(`generating ${path} (${size}, seed 42)…`);
    const started = performance.now();
    // Written beside and renamed, so an interrupted run leaves no truncated log in the cache.
    const stats = writeAuditLog(`${path}.partial`, { size: parseSize(size), seed: 42 });
    renameSync(`${path}.partial`, path);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`generated ${stats.events.toLocaleString('en-US')} events in ${seconds} s`);
  }
  return path;
}
