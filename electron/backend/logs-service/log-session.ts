// One window's (or browser tab's) explorer session: its sources and the index over all of them. The engine opens an
// index over a fixed list of files, so adding or removing a file opens a fresh index over the new list and closes
// the old one; live tails move to the new index with everything they received. Queries always run against the
// newest index.

import { rm } from 'node:fs/promises';
import type { LogSessionState, LogSource, LogSourceKind } from '../../../shared/ipc/contract/logs.ts';
import type { SourceInfo } from '../logs/event-store.ts';
import type { LiveSource } from '../logs/live-source.ts';
import { openLogIndex, type LogIndex, type OpenOptions } from '../logs/log-index.ts';
import { describeLive } from './live-status.ts';

export interface SourceEntry {
  id: string;
  kind: LogSourceKind;
  label: string;
  /** What the user sees as the path (a backend path, or the uploaded file's name). */
  displayPath: string;
  /** The local file or folder the engine reads. */
  readPath: string;
  node?: string;
  cluster?: string;
  /** Deleted when the source is removed (uploads). */
  ownedFile?: string;
  /** Live sources: the node tail feeding the index. */
  live?: { tail: LiveSource; nodeId: string; logPath: string };
}

/** How often ingest progress is pushed to the window, at most. */
const PROGRESS_INTERVAL_MS = 200;

export class LogSession {
  readonly entries: SourceEntry[] = [];
  private current: LogIndex | undefined;
  private generation = 0;
  private revision = 0;
  private failure: string | undefined;
  private lastNotice = 0;
  private noticeTimer: ReturnType<typeof setTimeout> | undefined;
  private boundsCache: { version: number; oldest: number | null; newest: number | null } | undefined;

  constructor(
    readonly id: string,
    private readonly indexOptions: Pick<OpenOptions, 'workers' | 'spool'>,
    private readonly onChange: (state: LogSessionState) => void,
  ) {}

  /** The open index, or undefined when the session has no sources. */
  get index(): LogIndex | undefined {
    return this.current;
  }

  /** Monotonic across re-indexing, so cached results from an older index are never mistaken for current ones. */
  get version(): number {
    return this.generation * 1_000_000_000 + (this.current?.store.version ?? 0);
  }

  add(entries: SourceEntry[]): void {
    this.entries.push(...entries);
    this.reopen();
  }

  /** Adds a live tail started on the session's index (opened now if the session had no sources). */
  addLive(entry: Omit<SourceEntry, 'live'>, start: (index: LogIndex) => SourceEntry['live'] & {}): void {
    const index = this.current ?? this.openIndex();
    const live = start(index);
    const full: SourceEntry = { ...entry, live };
    this.entries.push(full);
    live.tail.on('state', () => this.notify(true));
    live.tail.on('warning', () => this.notify(true));
    this.notify(true);
  }

  /** Removes a source (a live tail is stopped first); returns it so the caller can delete files it owned. */
  async remove(sourceId: string): Promise<SourceEntry | undefined> {
    const at = this.entries.findIndex((entry) => entry.id === sourceId);
    if (at < 0) return undefined;
    const [removed] = this.entries.splice(at, 1);
    if (removed.live) await removed.live.tail.stop();
    this.reopen();
    if (removed.live) await removeSpools(removed.live.tail);
    return removed;
  }

  /** Stops the live tails and closes the index. */
  async close(): Promise<void> {
    const tails = this.entries.flatMap((entry) => (entry.live ? [entry.live.tail] : []));
    for (const tail of tails) await tail.stop();
    this.closeIndex();
    for (const tail of tails) await removeSpools(tail);
  }

  private closeIndex(): void {
    clearTimeout(this.noticeTimer);
    this.current?.removeAllListeners();
    this.current?.close();
    this.current = undefined;
  }

  /** Waits until the current index has read every source (tests, exports that need complete data). */
  async settled(): Promise<void> {
    const index = this.current;
    if (index) await index.ready.catch(() => undefined);
  }

  state(): LogSessionState {
    const index = this.current;
    const infos = index ? index.sources : [];
    const sources = this.entries.map((entry) =>
      entry.live ? describeLive(entry, infos) : describeSource(entry, infos, this.failure, index === undefined),
    );
    const bytesTotal = sources.reduce((sum, source) => sum + source.bytes, 0);
    const bytesDone = sources.reduce((sum, source) => sum + source.bytesDone, 0);
    const { oldest, newest } = this.timeBounds();
    return {
      sessionId: this.id,
      revision: ++this.revision,
      sources,
      events: index?.eventCount ?? 0,
      ingesting: sources.some((source) => source.state === 'indexing'),
      bytesDone,
      bytesTotal,
      version: this.version,
      newest,
      oldest,
    };
  }

  private reopen(): void {
    this.closeIndex();
    this.generation++;
    this.failure = undefined;
    this.boundsCache = undefined;
    if (this.entries.length === 0) {
      this.notify(true);
      return;
    }
    const index = this.openIndex();
    for (const entry of this.entries) entry.live?.tail.attach(index);
    this.notify(true);
  }

  /** An index over the session's files (live tails attach to it themselves). */
  private openIndex(): LogIndex {
    const generation = this.generation;
    const files = this.entries.filter((entry) => !entry.live);
    const index = openLogIndex(
      files.map((entry) => ({ path: entry.readPath, node: entry.node, cluster: entry.cluster })),
      this.indexOptions,
    );
    this.current = index;
    index.on('progress', () => this.notify(false));
    // Live growth comes a few times a second at most: pass it on at once (the window shows it within a second).
    index.on('grew', () => this.notify(true));
    index.on('done', () => {
      if (generation === this.generation) this.notify(true);
    });
    index.on('error', (error: Error) => {
      if (generation !== this.generation) return;
      this.failure = error.message;
      this.notify(true);
    });
    return index;
  }

  /** Pushes the state now (`force`) or at most every PROGRESS_INTERVAL_MS while ingest runs. */
  private notify(force: boolean): void {
    const now = Date.now();
    if (force || now - this.lastNotice >= PROGRESS_INTERVAL_MS) {
      clearTimeout(this.noticeTimer);
      this.noticeTimer = undefined;
      this.lastNotice = now;
      this.onChange(this.state());
      return;
    }
    this.noticeTimer ??= setTimeout(
      () => {
        this.noticeTimer = undefined;
        this.lastNotice = Date.now();
        this.onChange(this.state());
      },
      PROGRESS_INTERVAL_MS - (now - this.lastNotice),
    );
  }

  private timeBounds(): { oldest: number | null; newest: number | null } {
    const index = this.current;
    if (!index) return { oldest: null, newest: null };
    if (this.boundsCache?.version === this.version) return this.boundsCache;
    const time = index.store.time;
    let oldest = Infinity;
    let newest = -Infinity;
    for (let row = 0; row < index.eventCount; row++) {
      const t = time[row];
      if (t < oldest) oldest = t;
      if (t > newest) newest = t;
    }
    this.boundsCache = {
      version: this.version,
      oldest: Number.isFinite(oldest) ? oldest : null,
      newest: Number.isFinite(newest) ? newest : null,
    };
    return this.boundsCache;
  }
}

/** The spools only held what a stopped tail received for this session's index. */
async function removeSpools(tail: LiveSource): Promise<void> {
  for (const path of tail.spoolPaths) await rm(path, { force: true });
}

/** A folder source covers every file the engine found under it. */
function infosOf(entry: SourceEntry, infos: readonly SourceInfo[]): SourceInfo[] {
  const prefix = entry.readPath.endsWith('/') ? entry.readPath : entry.readPath + '/';
  return infos.filter((info) => info.path === entry.readPath || info.path.startsWith(prefix));
}

function describeSource(
  entry: SourceEntry,
  allInfos: readonly SourceInfo[],
  failure: string | undefined,
  closed: boolean,
): LogSource {
  const infos = infosOf(entry, allInfos);
  const sum = (pick: (info: SourceInfo) => number) => infos.reduce((total, info) => total + pick(info), 0);
  const errors = infos.filter((info) => info.error).map((info) => `${info.file}: ${info.error}`);
  const done = infos.length > 0 && infos.every((info) => info.done);
  let state: LogSource['state'] = done || closed ? 'ready' : 'indexing';
  let message: string | undefined;
  if (errors.length > 0) {
    state = 'error';
    message = errors.join('; ');
  } else if (failure && !done) {
    state = 'error';
    message = failure;
  }
  return {
    id: entry.id,
    kind: entry.kind,
    label: entry.label,
    path: entry.displayPath,
    state,
    ...(message ? { message } : {}),
    bytes: sum((info) => info.bytes),
    bytesDone: sum((info) => info.bytesDone),
    events: sum((info) => info.events),
    skipped: sum((info) => info.skippedCount),
    files: infos.length,
  };
}
