// Export of matching events: JSON lines (the events as JSON, one per line, in time order) or CSV (the row columns).

import type { Writable } from 'node:stream';
import { once } from 'node:events';
import type { LogIndex } from './log-index.ts';
import { rowOf, ROW_COLUMNS, type EventRow } from './row-format.ts';

export type ExportFormat = 'jsonl' | 'csv';

/** One JSON line per event: JSON sources keep their bytes (compacted when pretty-printed). */
export function eventJsonLine(text: string): string {
  return text.includes('\n') ? JSON.stringify(JSON.parse(text)) : text.trimEnd();
}

export function csvCell(value: EventRow[keyof EventRow]): string {
  const text = Array.isArray(value) ? value.join(';') : value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

async function write(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

export async function writeExport(
  index: LogIndex,
  ids: Uint32Array,
  format: ExportFormat,
  out: Writable,
  onProgress?: (done: number, total: number) => void,
  signal?: AbortSignal,
): Promise<number> {
  if (format === 'csv') await write(out, ROW_COLUMNS.join(',') + '\n');
  let pending = '';
  const BATCH = 4096;
  for (let from = 0; from < ids.length; from += BATCH) {
    if (signal?.aborted) throw new Error('export cancelled');
    const batch = ids.subarray(from, Math.min(ids.length, from + BATCH));
    if (format === 'jsonl') {
      index.forEachEventText(batch, (_id, text) => {
        pending += eventJsonLine(text) + '\n';
      });
    } else {
      for (const id of batch) {
        const row = rowOf(index.store, id);
        pending += ROW_COLUMNS.map((column) => csvCell(row[column])).join(',') + '\n';
      }
    }
    if (pending.length > 1 << 20) {
      await write(out, pending);
      pending = '';
    }
    onProgress?.(from + batch.length, ids.length);
  }
  if (pending) await write(out, pending);
  onProgress?.(ids.length, ids.length);
  return ids.length;
}
