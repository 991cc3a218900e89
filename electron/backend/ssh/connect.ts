// Establish an authenticated ssh2 Client: host key verification (never auto-accept), key/agent/password auth,
// an optional chain of jump hosts (forwardOut streams used as `sock`), our own ready timeout and AbortSignal.
import { readFile } from 'node:fs/promises';
import ssh2, { type ConnectConfig, type ServerHostKeyAlgorithm } from 'ssh2';
import type { Duplex } from 'node:stream';
import { SshError, redact } from './errors.ts';
import {
  checkHostKey,
  hostKeyRefusalMessage,
  knownKeyTypes,
  recordHostKey,
  type HostKeyStores,
  type UnknownHostKeyDecider,
} from './host-keys.ts';

const { Client, utils } = ssh2;
type Ssh2Client = InstanceType<typeof Client>;

export type SshAuth =
  | { kind: 'key'; privateKeyPath: string; passphrase?: string }
  /** socketPath defaults to SSH_AUTH_SOCK. */
  | { kind: 'agent'; socketPath?: string }
  | { kind: 'password'; password: string };

export interface SshHop {
  host: string;
  port?: number;
  username: string;
  auth: SshAuth;
  /** Reach this host through another one first (ProxyJump); hops may chain. */
  jump?: SshHop;
}

export interface SshConnectOptions extends SshHop {
  hostKeys: HostKeyStores;
  /** Asked about keys in no store; without it unknown keys are refused. Never answer true without the user. */
  onUnknownHostKey?: UnknownHostKeyDecider;
  /** Time allowed for TCP + handshake + auth, per hop, not counting the wait for onUnknownHostKey. Default 20 s. */
  readyTimeoutMs?: number;
  /** Keep-alive probe interval; the connection is dropped after 3 unanswered probes. Default 15 s; 0 disables. */
  keepaliveIntervalMs?: number;
  signal?: AbortSignal;
}

export interface ConnectedClient {
  client: Ssh2Client;
  /** Clients of the jump hosts, closed together with the target. */
  jumps: Ssh2Client[];
}

/** Every secret of a hop chain, for redaction. */
export function secretsOf(hop: SshHop | undefined): string[] {
  const out: string[] = [];
  for (let h = hop; h; h = h.jump) {
    if (h.auth.kind === 'password') out.push(h.auth.password);
    if (h.auth.kind === 'key' && h.auth.passphrase) out.push(h.auth.passphrase);
  }
  return out;
}

const DEFAULT_HOST_KEY_ALGORITHMS: ServerHostKeyAlgorithm[] = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
];

/** Ask for key types already on record first, so a genuine server presents the key we know (as OpenSSH does). */
function hostKeyAlgorithms(knownTypes: string[]): ServerHostKeyAlgorithm[] {
  const preferred = knownTypes.flatMap((type) => (type === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256'] : [type]));
  const first = DEFAULT_HOST_KEY_ALGORITHMS.filter((algo) => preferred.includes(algo));
  return [...new Set([...first, ...DEFAULT_HOST_KEY_ALGORITHMS])];
}

async function authConfig(hop: SshHop): Promise<Partial<ConnectConfig>> {
  const auth = hop.auth;
  if (auth.kind === 'password') return { password: auth.password };
  if (auth.kind === 'agent') {
    const socketPath = auth.socketPath ?? process.env.SSH_AUTH_SOCK;
    if (!socketPath) throw new SshError('agent-unavailable', 'no ssh-agent: SSH_AUTH_SOCK is not set');
    return { agent: socketPath };
  }
  let keyData: Buffer;
  try {
    keyData = await readFile(auth.privateKeyPath);
  } catch (error) {
    throw new SshError('key-unreadable', `cannot read private key ${auth.privateKeyPath}: ${(error as Error).message}`);
  }
  // Parse first so a missing or wrong passphrase becomes a typed error the UI can turn into a prompt.
  const parsed = utils.parseKey(keyData, auth.passphrase);
  if (parsed instanceof Error) {
    if (/no passphrase given/i.test(parsed.message)) {
      throw new SshError(
        'key-passphrase-required',
        `the private key ${auth.privateKeyPath} is encrypted; a passphrase is needed`,
      );
    }
    if (/bad passphrase|decrypt/i.test(parsed.message)) {
      throw new SshError('key-passphrase-wrong', `wrong passphrase for the private key ${auth.privateKeyPath}`);
    }
    throw new SshError('key-unreadable', `cannot use private key ${auth.privateKeyPath}: ${parsed.message}`);
  }
  return { privateKey: keyData, passphrase: auth.passphrase };
}

function forwardThrough(jump: Ssh2Client, host: string, port: number): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    jump.forwardOut('127.0.0.1', 0, host, port, (error, stream) => {
      if (error)
        reject(new SshError('connect-failed', `the jump host could not reach ${host}:${port}: ${error.message}`));
      else resolve(stream);
    });
  });
}

export async function connectClient(options: SshConnectOptions): Promise<ConnectedClient> {
  const secrets = secretsOf(options);
  const jumps: Ssh2Client[] = [];
  try {
    let sock: Duplex | undefined;
    if (options.jump) {
      const upstream = await connectClient({ ...options, jump: undefined, ...options.jump });
      jumps.push(...upstream.jumps, upstream.client);
      sock = await forwardThrough(upstream.client, options.host, options.port ?? 22);
    }
    const client = await connectOneHop(options, sock);
    // A dropped jump host takes the target connection with it.
    for (const jump of jumps) jump.once('close', () => client.end());
    return { client, jumps };
  } catch (error) {
    for (const jump of jumps) jump.end();
    if (error instanceof SshError) throw new SshError(error.code, redact(error.message, secrets), error.hostKey);
    throw new SshError('connect-failed', redact((error as Error).message, secrets));
  }
}

async function connectOneHop(options: SshConnectOptions, sock: Duplex | undefined): Promise<Ssh2Client> {
  const host = options.host;
  const port = options.port ?? 22;
  const where = `${options.username}@${host}:${port}`;
  if (options.signal?.aborted) throw new SshError('aborted', `connection to ${where} cancelled`);
  const auth = await authConfig(options);
  const knownTypes = await knownKeyTypes(host, port, options.hostKeys);
  const client = new Client();

  return new Promise<Ssh2Client>((resolve, reject) => {
    let settled = false;
    let hostKeyFailure: SshError | undefined;
    let timer: NodeJS.Timeout | undefined;
    const readyTimeoutMs = options.readyTimeoutMs ?? 20_000;
    const startTimer = () => {
      timer = setTimeout(
        () => fail(new SshError('timeout', `timed out after ${readyTimeoutMs} ms connecting to ${where}`)),
        readyTimeoutMs,
      );
    };
    const stopTimer = () => clearTimeout(timer);
    const onAbort = () => fail(new SshError('aborted', `connection to ${where} cancelled`));
    const finish = () => {
      settled = true;
      stopTimer();
      options.signal?.removeEventListener('abort', onAbort);
    };
    function fail(error: SshError): void {
      if (settled) return;
      finish();
      client.destroy();
      reject(error);
    }
    options.signal?.addEventListener('abort', onAbort, { once: true });
    startTimer();

    const hostVerifier = (key: Buffer, verify: (ok: boolean) => void) => {
      void (async () => {
        const check = await checkHostKey(host, port, key, options.hostKeys);
        if (check.status === 'trusted') return true;
        if (check.status === 'unknown' && options.onUnknownHostKey) {
          // The user may take their time deciding; that is not a handshake timeout.
          stopTimer();
          const accepted = await options.onUnknownHostKey({
            host,
            port,
            keyType: check.keyType,
            fingerprintSha256: check.fingerprintSha256,
          });
          if (settled) return false;
          startTimer();
          if (accepted === true) {
            await recordHostKey(options.hostKeys.appStorePath, host, port, key);
            return true;
          }
        }
        const code =
          check.status === 'changed'
            ? 'host-key-changed'
            : check.status === 'revoked'
              ? 'host-key-revoked'
              : 'host-key-unknown';
        hostKeyFailure = new SshError(code, hostKeyRefusalMessage(host, port, check), check);
        return false;
      })().then(
        (ok) => {
          verify(ok);
          if (!ok && hostKeyFailure) fail(hostKeyFailure);
        },
        (error: unknown) => {
          hostKeyFailure = new SshError('connect-failed', `host key check failed: ${(error as Error).message}`);
          verify(false);
          fail(hostKeyFailure);
        },
      );
    };

    client.once('ready', () => {
      if (settled) {
        client.end();
        return;
      }
      finish();
      resolve(client);
    });
    client.on('error', (error: Error & { level?: string }) => {
      if (hostKeyFailure) return fail(hostKeyFailure);
      if (error.level === 'agent') {
        return fail(new SshError('agent-unavailable', `the ssh-agent could not be used: ${error.message}`));
      }
      if (error.level === 'client-authentication') {
        return fail(new SshError('auth-failed', `authentication failed for ${where} (${options.auth.kind})`));
      }
      fail(new SshError('connect-failed', `cannot connect to ${where}: ${error.message}`));
    });
    client.once('close', () =>
      fail(hostKeyFailure ?? new SshError('connect-failed', `connection to ${where} closed during setup`)),
    );

    client.connect({
      host,
      port,
      sock,
      username: options.username,
      ...auth,
      hostVerifier,
      readyTimeout: 0,
      keepaliveInterval: options.keepaliveIntervalMs ?? 15_000,
      keepaliveCountMax: 3,
      algorithms: { serverHostKey: hostKeyAlgorithms(knownTypes) },
    });
  });
}
