// The log explorer's backend: sessions of open indexes (one per window or browser tab), sources from backend paths,
// uploads and the bundled sample, paged queries and aggregations, events, exports and the query library.

import { randomUUID } from 'node:crypto';
import { rm, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, isAbsolute, join, resolve } from 'node:path';
import type {
  LiveNodeFailure,
  LogExportFormat,
  LogPage,
  LogRow,
  LogSessionState,
  LogSummary,
  SkippedLine,
  ValueCount,
} from '../../../shared/ipc/contract/logs.ts';
import { AppFailure } from '../../../shared/errors.ts';
import { lookupField } from '../../../shared/logs/fields.ts';
import { QuerySyntaxError } from '../../../shared/logs/query-ast.ts';
import type { BackendEnvironment } from '../environment.ts';
import type { NodeServices, TrustedHostKey } from '../inventory/node-services.ts';
import type { LogIndex, QueryOptions } from '../logs/log-index.ts';
import { rowOf } from '../logs/row-format.ts';
import { Spool } from '../logs/spool.ts';
import { planLiveNodes, resolveTarget, type LiveTarget, type LiveTuning } from './live-nodes.ts';
import { ExportJobs } from './export-jobs.ts';
import { LogSession, type SourceEntry } from './log-session.ts';
import { MatchPreparer } from './match-preparer.ts';
import { SessionHolds } from './session-holds.ts';
import { QueryLibraryStore } from './query-library.ts';
import { sampleLogPath } from './sample-log.ts';
import { UploadStore } from './uploads.ts';

export interface ResultScope {
  sessionId: string;
  query: string;
  requests?: boolean;
  since?: number;
  until?: number;
}

export interface LogsServiceOptions {
  /** Ingest worker threads per index (engine default when undefined; 0 = on the calling thread). */
  workers?: number;
  /** Live tails: poll and reconnect timings (tests use fast ones). */
  liveTuning?: LiveTuning;
  /** How long a session whose last browser tab went away is kept for that tab to come back (default 5 min). */
  releasedSessionGraceMs?: number;
}

/** Fields whose top values the sidebar can show (text, list and number fields of the index). */
function checkAggregatableField(field: string): string {
  const info = lookupField(field);
  if (!info) throw new AppFailure('unknown-field', `"${field}" is not an indexed field`);
  if (info.kind === 'time' || info.kind === 'duration') {
    throw new AppFailure('unknown-field', `"${field}" is a ${info.kind}: it has no top values`);
  }
  return info.name;
}

export class LogsService {
  private readonly sessions = new Map<string, LogSession>();
  readonly uploads: UploadStore;
  readonly exports: ExportJobs;
  readonly library: QueryLibraryStore;
  private readonly matches = new MatchPreparer();
  private readonly holds: SessionHolds;
  /** Decompressed .gz copies and live tails' spools go next to the uploads instead of the shared temp folder. */
  private readonly spool: Spool;

  constructor(
    private readonly env: BackendEnvironment,
    private readonly nodes: NodeServices,
    private readonly options: LogsServiceOptions = {},
  ) {
    const root = join(env.userDataDir, 'logs');
    this.spool = new Spool(join(root, 'spool'));
    this.uploads = new UploadStore(join(root, 'uploads'));
    this.exports = new ExportJobs(join(root, 'exports'), (progress) => env.emit('logs.exportProgress', progress));
    this.library = new QueryLibraryStore(env.userDataDir);
    this.holds = new SessionHolds(options.releasedSessionGraceMs ?? 5 * 60_000, (id) => {
      void this.closeSession(id).catch(() => undefined);
    });
  }

  /** Keeps a browser tab's session while the tab is connected (see SessionHolds); returns the release. */
  holdSession(sessionId: string): () => void {
    return this.holds.hold(sessionId);
  }

  session(sessionId: string): LogSession {
    let session = this.sessions.get(sessionId);
    if (!session) {
      session = new LogSession(sessionId, { workers: this.options.workers, spool: this.spool }, (state) =>
        this.env.emit('logs.sessionChanged', state),
      );
      this.sessions.set(sessionId, session);
    }
    return session;
  }

  state(sessionId: string): LogSessionState {
    return this.session(sessionId).state();
  }

  /** The session's open index, without creating a session (the policy lab reads the explorer's logs). */
  indexOf(sessionId: string): LogIndex | undefined {
    return this.sessions.get(sessionId)?.index;
  }

  /**
   * Tails inventory nodes as live sources. Nodes already tailed are left alone (one in error is retried); nodes
   * that need the user first come back as failures with the Nodes section's outcome.
   */
  async addNodes(
    sessionId: string,
    target: LiveTarget,
    trustHostKey?: TrustedHostKey,
  ): Promise<{ state: LogSessionState; failures: LiveNodeFailure[] }> {
    const wanted = resolveTarget(await this.nodes.inventory.list(), target);
    const session = this.session(sessionId);
    const fresh = wanted.filter(({ node }) => {
      const existing = session.entries.find((entry) => entry.live?.nodeId === node.id);
      if (existing?.live?.tail.state.state === 'error') existing.live.tail.retry();
      return !existing;
    });
    const { plans, failures } = await planLiveNodes(this.nodes, fresh, {
      trustHostKey,
      tuning: this.options.liveTuning,
    });
    for (const plan of plans) {
      // Another call may have added the node while this one was connecting.
      if (session.entries.some((entry) => entry.live?.nodeId === plan.node.id)) continue;
      session.addLive(
        {
          id: randomUUID(),
          kind: 'live',
          label: plan.node.name,
          displayPath: `${plan.node.host}:${plan.logPath}`,
          readPath: `live:${plan.node.id}`,
          node: plan.node.name,
          cluster: plan.cluster,
        },
        (index) => ({ tail: plan.start(index), nodeId: plan.node.id, logPath: plan.logPath }),
      );
    }
    return { state: session.state(), failures };
  }

  /** Pause, resume or reconnect a live source. */
  liveControl(sessionId: string, sourceId: string, action: 'pause' | 'resume' | 'retry'): LogSessionState {
    const session = this.session(sessionId);
    const entry = session.entries.find((candidate) => candidate.id === sourceId);
    if (!entry) throw new AppFailure('not-found', 'no such source in this session');
    if (!entry.live) throw new AppFailure('not-live', `${entry.label} is a file, not a live source`);
    const tail = entry.live.tail;
    if (action === 'pause') tail.pause();
    else if (action === 'resume') tail.resume();
    else tail.retry();
    return session.state();
  }

  /** Adds backend paths (files or folders); each must exist and be readable. */
  async addPaths(sessionId: string, paths: string[]): Promise<LogSessionState> {
    const entries: SourceEntry[] = [];
    for (const given of paths) {
      const path = expandHome(given);
      let info;
      try {
        info = await stat(path);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const why = code === 'ENOENT' ? 'no such file or folder' : code === 'EACCES' ? 'permission denied' : code;
        throw new AppFailure('not-found', `cannot open ${given}: ${why}`);
      }
      if (!info.isFile() && !info.isDirectory()) {
        throw new AppFailure('invalid-path', `${given} is neither a file nor a folder`);
      }
      entries.push({
        id: randomUUID(),
        kind: 'file',
        label: basename(path) || path,
        displayPath: path,
        readPath: path,
      });
    }
    return this.addEntries(sessionId, entries);
  }

  addSample(sessionId: string): LogSessionState {
    const path = sampleLogPath();
    if (!path) throw new AppFailure('not-found', 'the bundled sample log is missing from this installation');
    const session = this.session(sessionId);
    const existing = session.entries.find((entry) => entry.kind === 'sample');
    if (existing) return session.state();
    return this.addEntries(sessionId, [
      { id: randomUUID(), kind: 'sample', label: 'Sample audit log', displayPath: 'sample-audit.log', readPath: path },
    ]);
  }

  async finishUpload(sessionId: string, uploadId: string): Promise<LogSessionState> {
    const upload = await this.uploads.finish(uploadId, sessionId);
    return this.addEntries(sessionId, [
      {
        id: randomUUID(),
        kind: 'upload',
        label: upload.name,
        displayPath: upload.name,
        readPath: upload.path,
        ownedFile: upload.folder,
      },
    ]);
  }

  private addEntries(sessionId: string, entries: SourceEntry[]): LogSessionState {
    const session = this.session(sessionId);
    const known = new Set(session.entries.map((entry) => entry.readPath));
    const fresh = entries.filter((entry) => !known.has(entry.readPath));
    if (fresh.length > 0) session.add(fresh);
    return session.state();
  }

  async removeSource(sessionId: string, sourceId: string): Promise<LogSessionState> {
    const session = this.session(sessionId);
    const removed = await session.remove(sourceId);
    if (!removed) throw new AppFailure('not-found', 'no such source in this session');
    if (removed.ownedFile) await rm(removed.ownedFile, { recursive: true, force: true });
    return session.state();
  }

  async closeSession(sessionId: string): Promise<boolean> {
    const session = this.sessions.get(sessionId);
    await this.uploads.cancelSession(sessionId);
    await this.exports.discardSession(sessionId);
    if (!session) return false;
    this.sessions.delete(sessionId);
    await session.close();
    for (const entry of session.entries) {
      if (entry.ownedFile) await rm(entry.ownedFile, { recursive: true, force: true });
    }
    return true;
  }

  async closeAll(): Promise<void> {
    for (const id of [...this.sessions.keys()]) await this.closeSession(id);
  }

  skipped(sessionId: string, sourceId: string): { total: number; details: SkippedLine[] } {
    const session = this.session(sessionId);
    const entry = session.entries.find((candidate) => candidate.id === sourceId);
    if (!entry) throw new AppFailure('not-found', 'no such source in this session');
    const index = session.index;
    if (!index) return { total: 0, details: [] };
    const prefix = entry.readPath.endsWith('/') ? entry.readPath : entry.readPath + '/';
    // A live source's spools (one per remote file) share the source path "<node>:<log path>".
    const spools = new Set(entry.live?.tail.spoolPaths ?? []);
    const livePaths = new Set(index.sources.filter((info) => spools.has(info.readPath)).map((info) => info.path));
    const mine = (path: string) =>
      entry.live ? livePaths.has(path) : path === entry.readPath || path.startsWith(prefix);
    const report = index.skipped();
    const total = index.sources.filter((info) => mine(info.path)).reduce((sum, info) => sum + info.skippedCount, 0);
    const details = report.details
      .filter((detail) => mine(detail.source))
      .map((detail) => ({ ...detail, source: entry.kind === 'file' ? detail.source : entry.displayPath }));
    return { total, details };
  }

  async query(scope: ResultScope, offset: number, limit: number, sort: 'time' | 'time-desc'): Promise<LogPage> {
    const session = this.session(scope.sessionId);
    const index = session.index;
    if (!index) return { total: 0, offset, rows: [], partial: false, version: session.version };
    await guardQueryAsync(() => this.matches.prepare(index, scope.query, optionsOf(scope)));
    const version = session.version;
    const page = guardQuery(() => index.query(scope.query, { ...optionsOf(scope), offset, limit, sort }));
    return { ...page, version };
  }

  async summary(scope: ResultScope, buckets: number, stackBy: 'level' | 'codeClass'): Promise<LogSummary> {
    const session = this.session(scope.sessionId);
    const index = session.index;
    const empty = { start: 0, bucketMicros: 1_000_000, counts: [] };
    if (!index) {
      return { total: 0, histogram: empty, level: {}, codeClass: {}, partial: false, version: session.version };
    }
    return guardQueryAsync(async () => {
      await this.matches.prepare(index, scope.query, optionsOf(scope));
      const version = session.version;
      const parts = { counts: true, histogram: { buckets, stackBy } };
      const { counts, histogram } = await index.overview(scope.query, optionsOf(scope), parts);
      return {
        total: counts!.total,
        histogram: histogram!,
        level: counts!.level,
        codeClass: counts!.codeClass,
        partial: session.state().ingesting,
        version,
      };
    });
  }

  async fieldValues(
    scope: ResultScope,
    fields: string[],
    limit: number,
  ): Promise<{ fields: Record<string, ValueCount[]>; total: number }> {
    const index = this.session(scope.sessionId).index;
    const names = fields.map(checkAggregatableField);
    const result: Record<string, ValueCount[]> = {};
    if (!index) {
      for (const field of fields) result[field] = [];
      return { fields: result, total: 0 };
    }
    return guardQueryAsync(async () => {
      await this.matches.prepare(index, scope.query, optionsOf(scope));
      const { total, tops } = await index.overview(scope.query, optionsOf(scope), { fields: names, n: limit });
      fields.forEach((field, at) => (result[field] = tops[at]!));
      return { fields: result, total };
    });
  }

  suggest(sessionId: string, field: string, prefix: string, limit: number): ValueCount[] {
    const index = this.session(sessionId).index;
    if (!index || !lookupField(field)) return [];
    return index.valueSuggestions(field, prefix, limit);
  }

  async events(sessionId: string, ids: number[]): Promise<{ id: number; json: string; raw: string; row: LogRow }[]> {
    const index = this.session(sessionId).index;
    if (!index) throw new AppFailure('not-found', 'this session has no open log');
    const out = [];
    for (const id of ids) {
      if (id >= index.eventCount) throw new AppFailure('not-found', `no event with id ${id}`);
      out.push({ id, json: await index.getEvent(id), raw: await index.getRawText(id), row: rowOf(index.store, id) });
    }
    return out;
  }

  /** Starts an export; `path` is a user-chosen file, else the export goes to the user-data folder. */
  async startExport(scope: ResultScope, format: LogExportFormat, path?: string): Promise<string> {
    const index = this.session(scope.sessionId).index;
    if (!index) throw new AppFailure('not-found', 'open a log before exporting');
    return guardQueryAsync(() =>
      this.exports.start(scope.sessionId, index, scope.query, format, optionsOf(scope), path),
    );
  }
}

function optionsOf(scope: ResultScope): QueryOptions {
  return { requests: scope.requests, since: scope.since, until: scope.until };
}

function queryFailure(error: unknown): unknown {
  if (error instanceof QuerySyntaxError) {
    return new AppFailure('query-syntax', `${error.message} (at character ${error.position + 1})`);
  }
  if (error instanceof Error && error.message === 'query cancelled') {
    return new AppFailure('cancelled', 'a newer query replaced this one');
  }
  return error;
}

/** Bad queries become an error the UI shows, with the position. */
function guardQuery<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw queryFailure(error);
  }
}

async function guardQueryAsync<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw queryFailure(error);
  }
}

function expandHome(path: string): string {
  const expanded = path === '~' ? homedir() : path.startsWith('~/') ? join(homedir(), path.slice(2)) : path;
  if (!isAbsolute(expanded)) throw new AppFailure('invalid-path', `${path}: give an absolute path`);
  return resolve(expanded);
}
