// The options of `auditscope logs query`, and what the CLI does for it before it loads the log engine: start the
// ingest workers, which then boot while the engine's code loads and the sources are opened.
import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { prestartIngestWorkers } from '../backend/logs/ingest-workers.ts';

export const QUERY_OPTIONS = {
  q: { type: 'string', default: '' },
  since: { type: 'string' },
  until: { type: 'string' },
  count: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  table: { type: 'boolean', default: false },
  limit: { type: 'string' },
  top: { type: 'string' },
  requests: { type: 'boolean', default: false },
  workers: { type: 'string' },
} as const;

/** Starts ingest workers when the files named in `argv` (the query command's arguments) are big enough to use them. */
export function prestartQueryWorkers(argv: string[]): void {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: QUERY_OPTIONS, allowPositionals: true, strict: false });
  } catch {
    return; // the command reports it
  }
  const workers = parsed.values.workers === undefined ? undefined : Number(parsed.values.workers);
  if (workers === 0 || (workers !== undefined && !Number.isInteger(workers))) return;
  let bytes = 0;
  // Directories and missing files count 0: this is only a hint.
  for (const path of parsed.positionals) bytes += statSync(path, { throwIfNoEntry: false })?.size ?? 0;
  prestartIngestWorkers(bytes, workers);
}
