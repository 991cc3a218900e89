// Measures how well the sample compresses with gzip at lumberjack's (Go's default) level, on contiguous runs of
// events spread over the sample, since rotated files are compressed whole and neighbouring events share structure.
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { LogIndex } from '../logs/log-index.ts';

const gzipAsync = promisify(gzip);
const RUNS = 16;
const RUN_EVENTS = 400;
const MAX_BYTES = 8 * 1024 * 1024;

/** gzip output bytes / input bytes, or null for an empty index. Runs on the thread pool (zlib is async). */
export async function measureGzipRatio(index: LogIndex, signal?: AbortSignal): Promise<number | null> {
  const rows = index.eventCount;
  if (rows === 0) return null;
  const ids: number[] = [];
  const step = Math.max(RUN_EVENTS, Math.floor(rows / RUNS));
  for (let start = 0; start < rows && ids.length < RUNS * RUN_EVENTS; start += step) {
    for (let id = start; id < Math.min(rows, start + RUN_EVENTS); id++) ids.push(id);
  }
  const parts: string[] = [];
  let size = 0;
  index.forEachEventText(ids, (_id, text) => {
    if (size >= MAX_BYTES) return;
    parts.push(text, '\n');
    size += text.length + 1;
  });
  signal?.throwIfAborted();
  const input = Buffer.from(parts.join(''), 'utf8');
  const output = await gzipAsync(input);
  return input.length > 0 ? output.length / input.length : null;
}
