// One SSH connection to a node and the commands run over it. Every remote command line comes from quote.ts's
// command(); sudo passwords travel on stdin only; all error text is redacted of the session's secrets.
import { EventEmitter } from 'node:events';
import type { ClientChannel } from 'ssh2';
import { connectClient, secretsOf, type ConnectedClient, type SshConnectOptions } from './connect.ts';
import { SshError, redact } from './errors.ts';
import { command } from './quote.ts';
import {
  listRemoteDir,
  readRemoteFile,
  statRemote,
  writeRemoteFileAtomic,
  type FileOpOptions,
  type RemoteDirEntry,
  type RemoteStat,
  type WriteAtomicOptions,
} from './file-ops.ts';
import { classifySudoFailure, sudoPasswordCheck, withSudo, type PreparedCommand, type SudoConfig } from './sudo.ts';

export interface ExecOptions {
  stdin?: string | Buffer;
  /** Run the command through the session's sudo configuration. */
  sudo?: boolean;
  signal?: AbortSignal;
  /** Fail (and stop the command) when stdout grows beyond this many bytes. Default 64 MiB. */
  maxOutputBytes?: number;
}

export interface ExecResult {
  /** Exit status; null when the command was ended by a signal. */
  code: number | null;
  signal?: string;
  stdout: string;
  stderr: string;
}

export interface ExecBufferResult extends Omit<ExecResult, 'stdout'> {
  stdout: Buffer;
}

export interface StreamOptions {
  onData: (chunk: Buffer) => void;
  onStderr?: (chunk: Buffer) => void;
  sudo?: boolean;
  signal?: AbortSignal;
}

/** Why a stream ended: the command exited, the caller aborted, or the connection dropped (reconnect is the caller's). */
export interface StreamEnd {
  reason: 'exited' | 'aborted' | 'connection-lost';
  code: number | null;
  signal?: string;
}

export interface SessionClosedEvent {
  /** 'ended' after close(); 'lost' when the network, the server or a keep-alive timeout ended it. */
  reason: 'ended' | 'lost';
  message?: string;
}

export interface SshSessionOptions extends SshConnectOptions {
  sudo?: SudoConfig;
}

interface OpenChannel {
  channel: ClientChannel;
  exit?: { code: number | null; signal?: string };
}

const DEFAULT_MAX_OUTPUT = 64 * 1024 * 1024;

export class SshSession extends EventEmitter<{ closed: [SessionClosedEvent] }> {
  private closedEvent?: SessionClosedEvent;
  private sudoChecked = false;
  private readonly secrets: string[];
  private readonly where: string;

  private constructor(
    private readonly connection: ConnectedClient,
    private readonly options: SshSessionOptions,
  ) {
    super();
    this.secrets = [...secretsOf(options), ...(options.sudo?.mode === 'password' ? [options.sudo.password] : [])];
    this.where = `${options.username}@${options.host}:${options.port ?? 22}`;
    let lastError: string | undefined;
    connection.client.on('error', (error) => {
      lastError = this.redact(error.message);
    });
    connection.client.once('close', () => {
      this.closedEvent ??= { reason: 'lost', message: lastError ?? `connection to ${this.where} was lost` };
      for (const jump of connection.jumps) jump.end();
      this.emit('closed', this.closedEvent);
    });
  }

  static async connect(options: SshSessionOptions): Promise<SshSession> {
    return new SshSession(await connectClient(options), { ...options });
  }

  get host(): string {
    return this.options.host;
  }

  get isClosed(): boolean {
    return this.closedEvent !== undefined;
  }

  get sudoMode(): SudoConfig['mode'] {
    return this.options.sudo?.mode ?? 'none';
  }

  /** Change the sudo configuration, e.g. after the user typed a sudo password on a prompt. */
  setSudo(config: SudoConfig): void {
    this.options.sudo = config;
    this.sudoChecked = false;
    if (config.mode === 'password') this.secrets.push(config.password);
  }

  /** End the connection (and any jump hosts) cleanly. */
  close(): void {
    this.closedEvent ??= { reason: 'ended' };
    this.connection.client.end();
  }

  /** Drop the connection at once, as a network failure would; running commands see their channel vanish. */
  destroy(): void {
    this.closedEvent ??= { reason: 'lost', message: 'connection destroyed' };
    this.connection.client.destroy();
    for (const jump of this.connection.jumps) jump.destroy();
  }

  async exec(argv: string[], options: ExecOptions = {}): Promise<ExecResult> {
    const result = await this.execBuffer(argv, options);
    return { ...result, stdout: result.stdout.toString('utf8') };
  }

  async execBuffer(argv: string[], options: ExecOptions = {}): Promise<ExecBufferResult> {
    const prepared = await this.prepare(argv, options.sudo);
    const result = await this.run(prepared, options);
    if (options.sudo && result.code !== 0) {
      const sudoError = classifySudoFailure(result.stderr);
      if (sudoError && result.code === 1) throw sudoError;
    }
    return result;
  }

  /** Like exec, but a non-zero exit becomes an SshError naming the command and its stderr. */
  async check(argv: string[], options: ExecOptions = {}): Promise<ExecBufferResult> {
    const result = await this.execBuffer(argv, options);
    if (result.code !== 0) {
      const what = argv[0] === 'sh' && argv[1] === '-c' ? `remote script ${argv[3] ?? ''}`.trim() : argv.join(' ');
      throw new SshError(
        'remote-command-failed',
        this.redact(
          `${what} failed on ${this.options.host} (exit ${result.code ?? result.signal}): ${result.stderr.trim()}`,
        ),
      );
    }
    return result;
  }

  /** Read a whole file (binary-safe); SshError 'not-found' when it does not exist. */
  readFile(path: string, options: FileOpOptions = {}): Promise<Buffer> {
    return readRemoteFile(this, path, options);
  }

  /** Replace a file atomically (temp file in the same folder, size+hash check, fsync, rename), keeping owner/mode/SELinux label. */
  writeFileAtomic(path: string, data: string | Buffer, options: WriteAtomicOptions = {}): Promise<void> {
    return writeRemoteFileAtomic(this, path, data, options);
  }

  /** null when the path does not exist. */
  stat(path: string, options: FileOpOptions = {}): Promise<RemoteStat | null> {
    return statRemote(this, path, options);
  }

  listDir(path: string, options: FileOpOptions = {}): Promise<RemoteDirEntry[]> {
    return listRemoteDir(this, path, options);
  }

  /** Run a long-lived command (e.g. tail -F) and hand its output to onData until it ends. */
  async stream(argv: string[], options: StreamOptions): Promise<StreamEnd> {
    const prepared = await this.prepare(argv, options.sudo);
    const open = await this.openChannel(prepared);
    const channel = open.channel;
    channel.end(prepared.stdinPrefix);
    return new Promise<StreamEnd>((resolve) => {
      let aborted = false;
      const onAbort = () => {
        aborted = true;
        channel.signal('TERM');
        channel.close();
        resolve({ reason: 'aborted', code: null });
      };
      options.signal?.addEventListener('abort', onAbort, { once: true });
      if (options.signal?.aborted) onAbort();
      channel.on('data', (chunk: Buffer) => options.onData(chunk));
      channel.stderr.on('data', (chunk: Buffer) => options.onStderr?.(chunk));
      channel.once('close', () => {
        options.signal?.removeEventListener('abort', onAbort);
        const exit = open.exit;
        const reason = aborted ? 'aborted' : exit ? 'exited' : 'connection-lost';
        resolve({ reason, code: exit?.code ?? null, signal: exit?.signal });
      });
    });
  }

  private redact(text: string): string {
    return redact(text, this.secrets);
  }

  private async prepare(argv: string[], sudo: boolean | undefined): Promise<PreparedCommand> {
    if (this.closedEvent) throw new SshError('connection-lost', `the connection to ${this.where} is closed`);
    if (!sudo) return { argv };
    const config = this.options.sudo ?? { mode: 'none' };
    if (config.mode === 'password' && !this.sudoChecked) await this.checkSudoPassword(config.password);
    return withSudo(config, argv);
  }

  /** Validate the sudo password once, so a wrong one cannot make sudo read the command's data as retries. */
  private async checkSudoPassword(password: string): Promise<void> {
    const result = await this.run(sudoPasswordCheck(password), {});
    if (result.code !== 0) {
      throw (
        classifySudoFailure(result.stderr) ??
        new SshError(
          'sudo-password-rejected',
          this.redact(`sudo failed on ${this.options.host}: ${result.stderr.trim()}`),
        )
      );
    }
    this.sudoChecked = true;
  }

  /**
   * Start a command. The exit status is captured inside ssh2's callback: for a quick command, the success reply,
   * output, exit status and close can arrive in one packet batch, before an awaiting caller could listen.
   */
  private openChannel(prepared: PreparedCommand): Promise<OpenChannel> {
    // exec: the login shell replaces itself, so a signal sent on cancel reaches the command itself.
    const line = `exec ${command(prepared.argv)}`;
    return new Promise((resolve, reject) => {
      const lost = (message: string) =>
        reject(new SshError('connection-lost', this.redact(`cannot start a command on ${this.where}: ${message}`)));
      try {
        this.connection.client.exec(line, (error, channel) => {
          if (error) return lost(error.message);
          const open: OpenChannel = { channel };
          channel.on('exit', (code: number | null, signal?: string) => {
            open.exit = { code, signal: signal ?? undefined };
          });
          resolve(open);
        });
      } catch (error) {
        lost((error as Error).message);
      }
    });
  }

  private async run(prepared: PreparedCommand, options: ExecOptions): Promise<ExecBufferResult> {
    if (options.signal?.aborted) throw new SshError('aborted', 'the command was cancelled');
    const open = await this.openChannel(prepared);
    const channel = open.channel;
    const maxOutput = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
    return new Promise<ExecBufferResult>((resolve, reject) => {
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      let stdoutBytes = 0;
      let failure: SshError | undefined;
      let settled = false;
      const stop = (error: SshError) => {
        failure ??= error;
        channel.signal('KILL');
        channel.close();
        // Do not wait for the server's close: it only comes once the remote process is gone.
        if (!settled) {
          settled = true;
          reject(failure);
        }
      };
      const onAbort = () => stop(new SshError('aborted', 'the command was cancelled'));
      options.signal?.addEventListener('abort', onAbort, { once: true });
      channel.on('data', (chunk: Buffer) => {
        stdoutBytes += chunk.length;
        if (stdoutBytes > maxOutput)
          stop(new SshError('output-too-large', `remote output exceeded ${maxOutput} bytes`));
        else stdout.push(chunk);
      });
      channel.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
      channel.once('close', () => {
        options.signal?.removeEventListener('abort', onAbort);
        const exit = open.exit;
        if (settled) return;
        settled = true;
        if (failure) return reject(failure);
        if (!exit) {
          return reject(
            new SshError('connection-lost', `the connection to ${this.where} was lost while a command ran`),
          );
        }
        resolve({
          code: exit.code,
          signal: exit.signal,
          stdout: Buffer.concat(stdout),
          stderr: this.redact(Buffer.concat(stderr).toString('utf8')),
        });
      });
      channel.on('error', (error: Error) => stop(new SshError('connection-lost', this.redact(error.message))));
      // Data goes out in window-sized pieces; end() flushes it and then sends EOF.
      const input = [prepared.stdinPrefix, options.stdin === undefined ? undefined : Buffer.from(options.stdin)];
      for (const part of input) if (part && part.length > 0) channel.write(part);
      channel.end();
    });
  }
}
