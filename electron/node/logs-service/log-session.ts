// One window's (or browser tab's) explorer session: its sources and the index over all of them. The engine opens an
// index over a fixed list of sources, so adding or removing a source opens a fresh index over the new list and
// closes the old one; queries always run against the newest index.

import type { LogSessionState, LogSource, LogSourceKind } from '../../../shared/ipc/contract/logs.ts';
import type { SourceInfo } from '../logs/event-store.ts';
import { openLogIndex, type LogIndex } from '../logs/log-index.ts';

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
    private readonly workers: number | undefined,
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

  /** Removes a source; returns it so the caller can delete files it owned. */
  remove(sourceId: string): SourceEntry | undefined {
    const at = this.entries.findIndex((entry) => entry.id === sourceId);
    if (at < 0) return undefined;
    const [removed] = this.entries.splice(at, 1);
    this.reopen();
    return removed;
  }

  close(): void {
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
    const sources = this.entries.map((entry) => describeSource(entry, infos, this.failure, index === undefined));
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
    this.close();
    this.generation++;
    this.failure = undefined;
    this.boundsCache = undefined;
    if (this.entries.length === 0) {
      this.notify(true);
      return;
    }
    const generation = this.generation;
    const index = openLogIndex(
      this.entries.map((entry) => ({ path: entry.readPath, node: entry.node, cluster: entry.cluster })),
      { workers: this.workers },
    );
    this.current = index;
    index.on('progress', () => this.notify(false));
    index.on('done', () => {
      if (generation === this.generation) this.notify(true);
    });
    index.on('error', (error: Error) => {
      if (generation !== this.generation) return;
      this.failure = error.message;
      this.notify(true);
    });
    this.notify(true);
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
