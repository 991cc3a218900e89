// The log explorer: per-window sessions of open log indexes (sources, queries, aggregations, events, uploads,
// exports). Every call names its session, so two windows (or two browser tabs) never see each other's sources.
import { z } from 'zod';
import type { EventRow } from '../../logs/event-row.ts';
import { event, request } from '../define.ts';
import type { NodeCheckOutcome } from './nodes.ts';

const sessionId = z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'expected a session id of letters, digits and dashes');
const jobId = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'expected an id of letters, digits and dashes');
const sourceId = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'expected a source id');
const queryText = z.string().max(8192);
const fieldName = z.string().min(1).max(200);
/** µs since the epoch. */
const micros = z.number().finite();
const absolutePath = z
  .string()
  .trim()
  .min(1, 'a path is required')
  .max(4096)
  .regex(/^(\/|~\/|[A-Za-z]:[\\/])[^\0\r\n]*$/, 'expected an absolute path (or one starting with ~/)');

/** What every result-producing call filters by. */
const resultScope = {
  sessionId,
  query: queryText,
  requests: z.boolean().optional(),
  since: micros.optional(),
  until: micros.optional(),
};

export type LogSourceKind = 'file' | 'upload' | 'sample' | 'live';
/** indexing/ready for files; connecting/following/reconnecting/paused for live sources; error for either. */
export type LogSourceState =
  'indexing' | 'ready' | 'connecting' | 'connected' | 'following' | 'paused' | 'reconnecting' | 'error';

/** A live tail of a node's audit log: where it reads and how its connection stands. */
export interface LiveSourceStatus {
  nodeId: string;
  node: string;
  cluster: string;
  /** The log on the node (including the profile's root prefix). */
  logPath: string;
  /** The file being read now (the live log, or a rotated backup it is finishing). */
  file?: string;
  /** Connection attempt (connecting, reconnecting). */
  attempt?: number;
  /** Why the last connection ended (reconnecting) or why the tail stopped (error). */
  reason?: string;
  /** When reconnecting: the wait before the next attempt. */
  retryInMs?: number;
  /** Connections made so far (1 + reconnects). */
  connections: number;
  /** Things the tail noticed but could handle (e.g. a backup removed before it was read). */
  warnings: string[];
}

export interface LogSource {
  id: string;
  kind: LogSourceKind;
  /** Shown name (file name, "Sample audit log", node name). */
  label: string;
  /** Path on the backend machine, or the uploaded file's name. */
  path: string;
  state: LogSourceState;
  /** Why the source is in `error` (or a warning while still usable). */
  message?: string;
  bytes: number;
  bytesDone: number;
  events: number;
  /** Lines that were not audit events (see `logs.skipped`). */
  skipped: number;
  /** Files behind a folder source. */
  files: number;
  /** Live sources only. */
  live?: LiveSourceStatus;
}

/** A node that could not be added as a live source, with what the user must do (the Nodes section's outcomes). */
export interface LiveNodeFailure {
  nodeId: string;
  nodeName: string;
  outcome: NodeCheckOutcome;
}

export interface LogSessionState {
  sessionId: string;
  /** Grows with every state the backend produces: answers and pushes can cross, the highest one is current. */
  revision: number;
  sources: LogSource[];
  /** Events in the index so far. */
  events: number;
  /** True while any source is still being read. */
  ingesting: boolean;
  bytesDone: number;
  bytesTotal: number;
  /** Changes whenever the index changes, so views know when to refresh. */
  version: number;
  /** Newest event time in the index (µs), for quick ranges relative to the data. */
  newest: number | null;
  oldest: number | null;
}

/** An indexed event; in request mode also the stitched stages. */
export interface LogRow extends EventRow {
  request?: { stages: string[]; eventIds: number[]; latencyMicros: number | null };
}

export interface LogPage {
  total: number;
  offset: number;
  rows: LogRow[];
  /** The index is still filling: totals can grow. */
  partial: boolean;
  version: number;
}

export interface ValueCount {
  value: string | number;
  count: number;
}

export interface LogHistogram {
  start: number;
  bucketMicros: number;
  counts: number[];
  series?: { key: string; counts: number[] }[];
}

export interface LogSummary {
  total: number;
  histogram: LogHistogram;
  level: Record<string, number>;
  codeClass: Record<string, number>;
  partial: boolean;
  version: number;
}

export interface SkippedLine {
  source: string;
  line: number;
  column: number;
  reason: string;
}

export interface SavedQuery {
  name: string;
  query: string;
}

export interface QueryLibrary {
  history: string[];
  saved: SavedQuery[];
}

export type LogExportFormat = 'jsonl' | 'csv';
export type LogExportState = 'running' | 'done' | 'cancelled' | 'error';

export interface LogExportProgress {
  exportId: string;
  sessionId: string;
  state: LogExportState;
  done: number;
  total: number;
  bytes: number;
  /** Electron: where the file was written. */
  path?: string;
  message?: string;
}

const entityId = z.string().regex(/^[a-z0-9-]{1,64}$/, 'expected an id of lowercase letters, digits and dashes');
const liveTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('nodes'), nodeIds: z.array(entityId).min(1).max(100) }).strict(),
  /** Every (control-plane) node of the cluster in the inventory. */
  z.object({ kind: z.literal('cluster'), clusterId: entityId }).strict(),
]);

const sourceInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('path'), path: absolutePath }).strict(),
  z.object({ kind: z.literal('sample') }).strict(),
]);

export const logsRequests = {
  /** The session's sources and index state (creates an empty session on first use). */
  'logs.state': request<LogSessionState>()(z.object({ sessionId }).strict()),
  /** Adds files or folders on the backend machine, or the bundled sample, and re-indexes. */
  'logs.addSources': request<LogSessionState>()(
    z.object({ sessionId, sources: z.array(sourceInput).min(1).max(50) }).strict(),
  ),
  /** Desktop: native open dialog, then adds the chosen file; null when cancelled. */
  'logs.chooseFile': request<LogSessionState | null>()(z.object({ sessionId }).strict()),
  'logs.removeSource': request<LogSessionState>()(z.object({ sessionId, sourceId }).strict()),
  /**
   * Tails nodes of the inventory as live sources (their profile's audit log path, with sudo per their sudo mode).
   * Nodes that cannot be reached yet come back as failures carrying the Nodes section's outcome (host key to
   * trust, secret to type); `trustHostKey` accepts exactly the key the user saw in the host-key dialog.
   */
  'logs.addNodes': request<{ state: LogSessionState; failures: LiveNodeFailure[] }>()(
    z
      .object({
        sessionId,
        target: liveTarget,
        trustHostKey: z
          .object({
            host: z.string().min(1).max(253),
            port: z.number().int().min(1).max(65535),
            fingerprintSha256: z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/),
          })
          .strict()
          .optional(),
      })
      .strict(),
  ),
  /** Pause or resume following a live source, or reconnect it now (after an error or during a backoff wait). */
  'logs.liveControl': request<LogSessionState>()(
    z.object({ sessionId, sourceId, action: z.enum(['pause', 'resume', 'retry']) }).strict(),
  ),
  'logs.closeSession': request<{ closed: boolean }>()(z.object({ sessionId }).strict()),
  /** Why lines of a source were skipped (first 1000). */
  'logs.skipped': request<{ total: number; details: SkippedLine[] }>()(z.object({ sessionId, sourceId }).strict()),

  /** Browser mode: a chosen file travels in base64 chunks into a spool file under the user-data folder. */
  'logs.uploadBegin': request<{ uploadId: string }>()(
    z
      .object({
        sessionId,
        name: z.string().min(1).max(255),
        size: z
          .number()
          .int()
          .min(0)
          .max(64 * 1024 ** 3),
      })
      .strict(),
  ),
  'logs.uploadChunk': request<{ received: number }>()(
    z
      .object({
        uploadId: jobId,
        offset: z.number().int().min(0),
        data: z.string().max(6 * 1024 * 1024),
      })
      .strict(),
  ),
  'logs.uploadFinish': request<LogSessionState>()(z.object({ sessionId, uploadId: jobId }).strict()),
  'logs.uploadCancel': request<{ cancelled: boolean }>()(z.object({ uploadId: jobId }).strict()),

  /** A page of matching events (or requests) in time order. */
  'logs.query': request<LogPage>()(
    z
      .object({
        ...resultScope,
        offset: z.number().int().min(0),
        limit: z.number().int().min(0).max(1000),
        sort: z.enum(['time', 'time-desc']),
      })
      .strict(),
  ),
  /** Count, histogram and counts by level / code class for the current result. */
  'logs.summary': request<LogSummary>()(
    z
      .object({
        ...resultScope,
        buckets: z.number().int().min(1).max(500),
        stackBy: z.enum(['level', 'codeClass']),
      })
      .strict(),
  ),
  /** Top values of fields for the current result. */
  'logs.fieldValues': request<{ fields: Record<string, ValueCount[]>; total: number }>()(
    z
      .object({ ...resultScope, fields: z.array(fieldName).min(1).max(40), limit: z.number().int().min(1).max(100) })
      .strict(),
  ),
  /** Values of a field for autocomplete, most frequent first. */
  'logs.suggest': request<ValueCount[]>()(
    z
      .object({ sessionId, field: fieldName, prefix: z.string().max(500), limit: z.number().int().min(1).max(100) })
      .strict(),
  ),
  /** Full events as JSON text (parsed-compatible), plus the text exactly as written in the source. */
  'logs.events': request<{ id: number; json: string; raw: string; row: LogRow }[]>()(
    z
      .object({
        sessionId,
        ids: z.array(z.number().int().min(0)).min(1).max(200),
      })
      .strict(),
  ),

  /** Starts exporting every matching event; progress arrives as `logs.exportProgress`. Null when cancelled. */
  'logs.exportStart': request<{ exportId: string } | null>()(
    z
      .object({
        ...resultScope,
        format: z.enum(['jsonl', 'csv']),
        /** dialog: desktop save dialog; download: into the user-data folder, then read with logs.exportRead. */
        target: z.enum(['dialog', 'download']),
      })
      .strict(),
  ),
  'logs.exportRead': request<{ data: string; eof: boolean }>()(
    z
      .object({
        exportId: jobId,
        offset: z.number().int().min(0),
        length: z
          .number()
          .int()
          .min(1)
          .max(4 * 1024 * 1024),
      })
      .strict(),
  ),
  'logs.exportCancel': request<{ cancelled: boolean }>()(z.object({ exportId: jobId }).strict()),
  /** Forgets a finished download export and deletes its file. */
  'logs.exportDiscard': request<{ discarded: boolean }>()(z.object({ exportId: jobId }).strict()),

  /** Query history and saved queries (a file in the user-data folder). */
  'logs.library': request<QueryLibrary>()(z.object({}).strict()),
  'logs.recordHistory': request<QueryLibrary>()(z.object({ query: queryText.min(1) }).strict()),
  'logs.saveQuery': request<QueryLibrary>()(
    z.object({ name: z.string().trim().min(1, 'a name is required').max(100), query: queryText.min(1) }).strict(),
  ),
  'logs.deleteQuery': request<QueryLibrary>()(z.object({ name: z.string().min(1).max(100) }).strict()),
};

export const logsEvents = {
  /** The session's index changed (ingest progress, sources added or removed, a live source grew). */
  'logs.sessionChanged': event<LogSessionState>(),
  'logs.exportProgress': event<LogExportProgress>(),
};
