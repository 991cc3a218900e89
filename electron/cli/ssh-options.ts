// The connection options, secrets and host-key rules every SSH command shares (node probe, node apply/revert,
// logs tail), so they parse, prompt and refuse the same way.
//
// --known-hosts FILE is the one file host keys are checked against and, with --accept-new-host-key, recorded in.
// Without it keys are checked against ~/.ssh/known_hosts (read-only) and the app's known_hosts in the user-data
// folder (where accepted keys are recorded), as in the desktop app.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { needsUser } from '../../shared/errors.ts';
import { SshError } from '../backend/ssh/errors.ts';
import type { SshAuth } from '../backend/ssh/connect.ts';
import type { HostKeyStores } from '../backend/ssh/host-keys.ts';
import { SshSession, type SshSessionOptions } from '../backend/ssh/session.ts';
import { classifySudoFailure, type SudoConfig } from '../backend/ssh/sudo.ts';
import { defaultUserDataDir } from '../backend/user-data.ts';
import { usageError, type Command } from './command.ts';
import { CliError } from './io.ts';
import { canPrompt, promptSecret } from './terminal-prompt.ts';
import { SSH_ENV } from './ssh-usage.ts';

export { SSH_ENV, SSH_NOTES, SSH_OPTIONS, SSH_SYNOPSIS } from './ssh-usage.ts';

export interface SshValues {
  host?: string;
  port?: string;
  user?: string;
  identity?: string;
  'known-hosts'?: string;
  'accept-new-host-key'?: boolean;
  sudo?: boolean;
}

export interface SshConnection {
  session: SshSession;
  /** The options that connected, secrets typed at a prompt included (for reconnecting). */
  options: SshSessionOptions;
}

/** A secret from the environment; an empty variable counts as unset. */
function envSecret(name: string): string | undefined {
  const value = process.env[name];
  return value ? value : undefined;
}

/** The connection options without secrets from a prompt yet; every problem is a usage error of `command`. */
export function sshOptions(command: Pick<Command, 'usage'>, values: SshValues): SshSessionOptions {
  if (!values.host || !values.user) throw usageError(command, '--host and --user are required');
  const port = values.port === undefined ? 22 : Number(values.port);
  if (!/^\d+$/.test(values.port ?? '22') || port < 1 || port > 65535)
    throw usageError(command, `--port: "${values.port}" is not a port number (1 to 65535)`);
  const host = values.host;
  const acceptNew = values['accept-new-host-key'] === true;
  return {
    host,
    port,
    username: values.user,
    auth: authFromEnvironment(values.identity),
    hostKeys: hostKeyStores(values['known-hosts']),
    sudo: sudoFromEnvironment(values.sudo === true),
    onUnknownHostKey: (question) => {
      if (!acceptNew) return false;
      process.stderr.write(
        `auditscope: recording new host key ${question.keyType} ${question.fingerprintSha256} for ${host}\n`,
      );
      return true;
    },
  };
}

export function hostKeyStores(knownHostsFile: string | undefined): HostKeyStores {
  if (knownHostsFile) return { knownHostsFiles: [], appStorePath: knownHostsFile };
  return {
    knownHostsFiles: [join(homedir(), '.ssh', 'known_hosts')],
    appStorePath: join(defaultUserDataDir(), 'known_hosts'),
  };
}

/** A password auth with an empty password stands for "ask on the terminal when connecting". */
function authFromEnvironment(identity: string | undefined): SshAuth {
  if (identity) return { kind: 'key', privateKeyPath: identity, passphrase: envSecret(SSH_ENV.keyPassphrase) };
  if (process.env.SSH_AUTH_SOCK) return { kind: 'agent' };
  return { kind: 'password', password: envSecret(SSH_ENV.sshPassword) ?? '' };
}

function sudoFromEnvironment(useSudo: boolean): SudoConfig {
  if (!useSudo) return { mode: 'none' };
  const password = envSecret(SSH_ENV.sudoPassword);
  return password ? { mode: 'password', password } : { mode: 'nopasswd' };
}

/**
 * Connects, asking on a terminal for a missing SSH password, key passphrase or (with --sudo) sudo password, so
 * that later reconnects with the returned options need no prompt.
 */
export async function connectSsh(command: Pick<Command, 'usage'>, values: SshValues): Promise<SshConnection> {
  let options = sshOptions(command, values);
  if (options.auth.kind === 'password' && options.auth.password === '') {
    if (!canPrompt()) {
      throw usageError(command, `no authentication: give --identity, run an ssh-agent, or set ${SSH_ENV.sshPassword}`);
    }
    const password = await promptSecret(`SSH password for ${options.username}@${options.host}: `);
    options = { ...options, auth: { kind: 'password', password } };
  }
  const connected = await connectAskingPassphrase(options);
  return { session: connected.session, options: await askSudoPasswordIfNeeded(connected.session, connected.options) };
}

/** The session and the options that opened it (with the passphrase typed, for reconnects). */
async function connectAskingPassphrase(options: SshSessionOptions): Promise<SshConnection> {
  try {
    return { session: await SshSession.connect(options), options };
  } catch (error) {
    const auth = options.auth;
    if (error instanceof SshError && error.code === 'key-passphrase-required' && auth.kind === 'key' && canPrompt()) {
      const passphrase = await promptSecret(`passphrase for ${auth.privateKeyPath}: `);
      return connectAskingPassphrase({ ...options, auth: { ...auth, passphrase } });
    }
    throw sshCliError(error);
  }
}

/** With --sudo, no sudo password set and a terminal: if sudo wants a password, ask for it now. */
async function askSudoPasswordIfNeeded(session: SshSession, options: SshSessionOptions): Promise<SshSessionOptions> {
  if (options.sudo?.mode !== 'nopasswd' || !canPrompt()) return options;
  const check = await session.exec(['sudo', '-n', 'true']);
  if (check.code === 0 || classifySudoFailure(check.stderr)?.code !== 'sudo-password-required') return options;
  const sudo: SudoConfig = {
    mode: 'password',
    password: await promptSecret(`sudo password for ${options.username}@${options.host}: `),
  };
  session.setSudo(sudo);
  return { ...options, sudo };
}

/** What the user must act on (keys, logins, sudo, permissions) exits 1 with what to do; the rest exits 2. */
export function sshCliError(error: unknown): CliError {
  if (error instanceof CliError) return error;
  if (!(error instanceof SshError)) return new CliError((error as Error).message, 2);
  const hint =
    error.code === 'host-key-unknown'
      ? ' (check the fingerprint, then re-run with --accept-new-host-key)'
      : error.code === 'key-passphrase-required'
        ? ` (set ${SSH_ENV.keyPassphrase}, or run on a terminal to be asked)`
        : '';
  return new CliError(error.message + hint, needsUser(error.code) ? 1 : 2);
}
