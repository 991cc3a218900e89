// A live tail of one node's audit log over SSH, feeding a LogIndex. It follows rotation, and after a dropped
// connection reconnects with backoff and resumes at the exact byte of the right file (see live-cursor.ts and
// remote-tail-script.ts), so every event arrives exactly once. Several live sources attached to one index are
// merged into one timeline by the index's time order.
import { EventEmitter } from 'node:events';
import { AppFailure, needsUser, type ErrorCode } from '../../../shared/errors.ts';
import { SshError } from '../ssh/errors.ts';
import { SshSession, type SshSessionOptions, type StreamEnd } from '../ssh/session.ts';
import { classifySudoFailure } from '../ssh/sudo.ts';
import { LiveFileSink } from './live-file-sink.ts';
import { TailCursor, type StartPosition } from './live-cursor.ts';
import { openLogIndex, type LogIndex } from './log-index.ts';
import { TailFrameParser, type TailRecord } from './remote-tail-frames.ts';
import { TAIL_SCRIPT } from './remote-tail-script.ts';

export type LiveState =
  | { state: 'connecting'; attempt: number }
  | { state: 'following'; file: string; offset: number }
  | { state: 'reconnecting'; attempt: number; reason: string; retryInMs: number }
  | { state: 'error'; reason: string; code: ErrorCode }
  | { state: 'paused' }
  | { state: 'stopped' };

export interface LiveSourceOptions {
  /** How to reach the node (host key checks, auth, sudo configuration). */
  connection: SshSessionOptions;
  /** The audit log on the node, e.g. /var/log/kubernetes/audit/audit.log. */
  logPath: string;
  /** Read the log with sudo (the audit folder is root-only on kubeadm nodes). */
  sudo?: boolean;
  /** Tag for the events' `node` field (default: the host). */
  node?: string;
  cluster?: string;
  /** 'end' (default): new events only; 'current': the active file from its start; 'all': every backup too. */
  start?: StartPosition;
  /** The index to feed (default: a new one). */
  index?: LogIndex;
  /** How often the node checks the file for growth and rotation (default 250 ms). */
  pollMs?: number;
  /** Reconnect delays: initialMs doubling up to maxMs, ±20 % jitter (defaults 500 ms, 30 s). */
  reconnect?: { initialMs?: number; maxMs?: number };
  /** The node sends a heartbeat this often when idle; 3 missed ones count as a lost connection (default 5 s). */
  heartbeatMs?: number;
  /** Largest piece of a file sent at once (default 1 MiB; a dropped piece is sent again). */
  chunkBytes?: number;
}

/** The node said the log cannot be followed (missing folder, no permission): retrying cannot help. */
class PermanentError extends AppFailure {}

export interface LiveSourceEvents {
  state: [LiveState];
  warning: [string];
}

export class LiveSource extends EventEmitter<LiveSourceEvents> {
  readonly cursor: TailCursor;
  readonly node: string;
  readonly warnings: string[] = [];
  /** Connections made so far (1 + reconnects). */
  connections = 0;
  private current: LiveState = { state: 'connecting', attempt: 1 };
  private readonly sink: LiveFileSink;
  private session: SshSession | undefined;
  private streamAbort: AbortController | undefined;
  private wake: (() => void) | undefined;
  private paused = false;
  private file = '';
  private stopped = false;
  private fatal: string | undefined;
  private readonly loop: Promise<void>;

  constructor(private readonly options: LiveSourceOptions) {
    super();
    if (/[\n\0]/.test(options.logPath) || !options.logPath.startsWith('/')) {
      throw new SshError('invalid-argument', `the log path must be an absolute path on one line: ${options.logPath}`);
    }
    const index = options.index ?? openLogIndex([]);
    this.cursor = new TailCursor(options.start ?? 'end');
    this.node = options.node ?? options.connection.host;
    this.sink = new LiveFileSink(
      index,
      this.cursor,
      {
        where: options.node ?? options.connection.host,
        logPath: options.logPath,
        node: this.node,
        cluster: options.cluster ?? '',
      },
      (message) => this.warn(message),
    );
    this.loop = this.run();
  }

  /** The index the tail feeds. */
  get index(): LogIndex {
    return this.sink.target;
  }

  /** Feeds `index` from now on, with everything received so far (the old index is the caller's to close). */
  attach(index: LogIndex): void {
    this.sink.moveTo(index);
  }

  /** The local spool files holding what was received (the index reads them; delete them after closing it). */
  get spoolPaths(): readonly string[] {
    return this.sink.spoolPaths;
  }

  get state(): LiveState {
    return this.current;
  }

  /** Stop reading (the connection is closed); resume() continues from the same byte. */
  pause(): void {
    if (this.stopped || this.paused) return;
    this.paused = true;
    this.dropConnection();
    this.setState({ state: 'paused' });
  }

  resume(): void {
    if (this.stopped || !this.paused) return;
    this.paused = false;
    this.wake?.();
  }

  /** Reconnect now (after an error, or to skip a backoff wait). */
  retry(): void {
    if (this.stopped) return;
    this.fatal = undefined;
    this.paused = false;
    this.wake?.();
  }

  /** Ends the tail for good; what was received stays in the index. */
  async stop(): Promise<void> {
    if (!this.stopped) {
      this.stopped = true;
      this.dropConnection();
      this.wake?.();
    }
    await this.loop;
  }

  private async run(): Promise<void> {
    let attempt = 0;
    while (!this.stopped) {
      if (this.paused || this.fatal) {
        await this.sleep(Infinity);
        continue;
      }
      attempt++;
      if (attempt === 1 || this.current.state !== 'reconnecting') this.setState({ state: 'connecting', attempt });
      let reason: string;
      let progressed = false;
      try {
        const offsetBefore = `${this.cursor.after}/${this.cursor.offset}`;
        reason = await this.followOnce();
        progressed = `${this.cursor.after}/${this.cursor.offset}` !== offsetBefore;
      } catch (error) {
        if (error instanceof PermanentError || (error instanceof AppFailure && needsUser(error.code))) {
          this.fatal = (error as AppFailure).message;
          this.setState({ state: 'error', reason: this.fatal, code: (error as AppFailure).code });
          continue;
        }
        reason = (error as Error).message;
      }
      if (this.stopped || this.paused) continue;
      // A connection that delivered data earns a quick retry; repeated failures back off.
      if (progressed) attempt = 1;
      const delay = this.backoff(attempt);
      this.setState({ state: 'reconnecting', attempt: attempt + 1, reason, retryInMs: delay });
      await this.sleep(delay);
    }
    await this.sink.close();
    this.setState({ state: 'stopped' });
  }

  /** One connection: follow until it ends; returns why it ended (thrown errors are connection failures). */
  private async followOnce(): Promise<string> {
    const { options } = this;
    const session = await SshSession.connect(options.connection);
    this.connections++;
    this.session = session;
    const abort = new AbortController();
    this.streamAbort = abort;
    if (this.stopped || this.paused) abort.abort();
    // Records are applied strictly in order; the cursor only moves once bytes are stored.
    let work: Promise<void> = Promise.resolve();
    let failure: Error | undefined;
    let lastSeen = Date.now();
    let payload: 'data' | 'gzip' | undefined;
    let pieces: Buffer[] = [];
    let openName = '';
    const apply = (step: () => Promise<void> | void) => {
      work = work
        .then(() => (failure ? undefined : step()))
        .catch((error: Error) => {
          failure ??= error;
          abort.abort();
        });
    };
    const parser = new TailFrameParser((record: TailRecord) => {
      switch (record.type) {
        case 'after':
          return apply(() => {
            this.cursor.after = record.stamp;
          });
        case 'open':
          openName = record.name;
          return apply(async () => {
            await this.sink.open(record);
            this.setFollowing(record.name);
          });
        case 'payload-start':
          payload = record.kind;
          pieces = [];
          if (record.kind === 'gzip') apply(() => this.sink.gzipStart());
          return;
        case 'payload-piece':
          if (payload === 'data') pieces.push(Buffer.from(record.bytes));
          else {
            const bytes = Buffer.from(record.bytes);
            apply(() => this.sink.gzipPiece(bytes));
          }
          return;
        case 'payload-end': {
          const kind = payload;
          const bytes = Buffer.concat(pieces);
          const name = openName;
          pieces = [];
          payload = undefined;
          return apply(async () => {
            if (kind === 'data') await this.sink.data(bytes);
            else await this.sink.gzipEnd(name);
            this.setFollowing(name);
          });
        }
        case 'end':
          return apply(() => this.sink.end(record.stamp));
        case 'warning':
          return apply(() => this.warn(record.message));
        case 'heartbeat':
          return;
        case 'fatal':
          return apply(() => {
            failure = new PermanentError(record.code, `${options.logPath} on ${this.node}: ${record.message}`);
          });
      }
    });
    const heartbeatMs = options.heartbeatMs ?? 5000;
    const watchdog = setInterval(() => {
      if (Date.now() - lastSeen > 3 * heartbeatMs) {
        failure ??= new Error(`no data or heartbeat from ${this.node} for ${Math.round((3 * heartbeatMs) / 1000)} s`);
        session.destroy();
      }
    }, heartbeatMs);
    let stderr = '';
    let end: StreamEnd;
    try {
      const [after, offset, inode, headLength, headSha] = this.cursor.scriptArgs();
      const pollSeconds = ((options.pollMs ?? 250) / 1000).toFixed(3);
      const beats = String(Math.max(1, Math.round(heartbeatMs / (options.pollMs ?? 250))));
      const args = [options.logPath, after, offset, inode, headLength, headSha, pollSeconds];
      args.push(String(options.chunkBytes ?? 1024 * 1024), beats);
      end = await session.stream(['sh', '-c', TAIL_SCRIPT, 'sh', ...args], {
        sudo: options.sudo,
        signal: abort.signal,
        onData: (chunk) => {
          lastSeen = Date.now();
          // The remote tail is running (even if the log does not exist yet).
          if (this.current.state !== 'following') this.setFollowing(this.file || baseName(options.logPath));
          try {
            parser.push(chunk);
          } catch (error) {
            failure ??= error as Error;
            abort.abort();
          }
        },
        onStderr: (chunk) => {
          stderr = (stderr + chunk.toString('utf8')).slice(-4096);
        },
      });
    } finally {
      clearInterval(watchdog);
      await work;
      this.sink.discardGzip();
      this.session = undefined;
      this.streamAbort = undefined;
      session.destroy();
    }
    if (failure) throw failure;
    if (end.reason === 'exited' && options.sudo) {
      const sudoError = classifySudoFailure(stderr);
      if (sudoError) throw sudoError;
    }
    if (end.reason === 'connection-lost') return `connection to ${this.node} lost`;
    if (end.reason === 'aborted') return 'stopped';
    return `the remote tail exited (${end.code ?? end.signal})${stderr.trim() ? `: ${stderr.trim()}` : ''}`;
  }

  /** Where the tail stands now (the state's offset is only updated when the file changes). */
  get position(): { file: string; offset: number } {
    return { file: this.file, offset: typeof this.cursor.offset === 'number' ? this.cursor.offset : 0 };
  }

  private setFollowing(file: string): void {
    this.file = file;
    if (this.current.state === 'following' && this.current.file === file) return;
    this.setState({ state: 'following', ...this.position });
  }

  private backoff(attempt: number): number {
    const initial = this.options.reconnect?.initialMs ?? 500;
    const max = this.options.reconnect?.maxMs ?? 30_000;
    const base = Math.min(max, initial * 2 ** Math.max(0, attempt - 1));
    return Math.round(base * (0.8 + Math.random() * 0.4));
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = Number.isFinite(ms) ? setTimeout(done, ms) : undefined;
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = undefined;
        done();
      };
    });
  }

  private dropConnection(): void {
    this.streamAbort?.abort();
    this.session?.destroy();
  }

  private warn(message: string): void {
    const text = `${this.node}: ${message}`;
    this.warnings.push(text);
    this.emit('warning', text);
  }

  private setState(state: LiveState): void {
    this.current = state;
    this.emit('state', state);
  }
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Starts following a node's audit log into `options.index` (or a new index). */
export function startLiveSource(options: LiveSourceOptions): LiveSource {
  return new LiveSource(options);
}
