// `auditscope node ...`: probe a control-plane node over SSH. Secrets come from the environment or a TTY prompt,
// never from argv; unknown host keys are refused unless --accept-new-host-key; changed keys are always refused.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { probeNode, type ProbeResult } from '../node/nodes/probe.ts';
import { SshError } from '../node/ssh/errors.ts';
import type { SshAuth } from '../node/ssh/connect.ts';
import { SshSession } from '../node/ssh/session.ts';
import type { SudoConfig } from '../node/ssh/sudo.ts';
import { defaultUserDataDir } from '../node/user-data.ts';
import { CliError, printJsonLine } from './io.ts';

const USAGE = `usage: auditscope node apply|revert ... (see auditscope node apply --help)
       auditscope node probe --host H [--port P] --user U [--identity KEYFILE] [--known-hosts FILE]
         [--sudo] [--manifest-path P] [--policy-path P] [--log-path P] [--accept-new-host-key] [--json]

Authentication: --identity KEYFILE, else the ssh-agent in SSH_AUTH_SOCK, else a password.
Secrets (never on the command line): AUDITSCOPE_KEY_PASSPHRASE, AUDITSCOPE_SSH_PASSWORD, AUDITSCOPE_SUDO_PASSWORD;
on a terminal you are prompted instead.
Host keys: checked against --known-hosts FILE, or ~/.ssh/known_hosts plus the app store in the user-data folder.
An unknown key is refused unless --accept-new-host-key (which records it); a changed key is always refused.
--fs-root DIR treats DIR as the node's "/" (test layouts, chroots).`;

const OPTIONS = {
  host: { type: 'string' },
  port: { type: 'string' },
  user: { type: 'string' },
  identity: { type: 'string' },
  'known-hosts': { type: 'string' },
  sudo: { type: 'boolean' },
  'manifest-path': { type: 'string' },
  'policy-path': { type: 'string' },
  'log-path': { type: 'string' },
  'accept-new-host-key': { type: 'boolean' },
  'fs-root': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h') {
    process.stdout.write(USAGE + '\n');
    return command ? 0 : 2;
  }
  if (command === 'apply' || command === 'revert') return (await import('./node-apply-command.ts')).run(command, rest);
  if (command !== 'probe') throw new CliError(`unknown node command "${command}"\n${USAGE}`, 2);
  return probe(rest);
}

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, allowPositionals: false, strict: true }).values;
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n${USAGE}`, 2);
  }
}

async function probe(argv: string[]): Promise<number> {
  const values = parse(argv);
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (!values.host || !values.user) throw new CliError(`--host and --user are required\n${USAGE}`, 2);
  const port = values.port === undefined ? 22 : Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new CliError(`invalid --port ${values.port}`, 2);
  const knownHostsFile = values['known-hosts'];
  const hostKeys = knownHostsFile
    ? { knownHostsFiles: [], appStorePath: knownHostsFile }
    : {
        knownHostsFiles: [join(homedir(), '.ssh', 'known_hosts')],
        appStorePath: join(defaultUserDataDir(), 'known_hosts'),
      };
  const sudo: SudoConfig = !values.sudo
    ? { mode: 'none' }
    : process.env.AUDITSCOPE_SUDO_PASSWORD
      ? { mode: 'password', password: process.env.AUDITSCOPE_SUDO_PASSWORD }
      : { mode: 'nopasswd' };

  const session = await connectWithPrompts({
    host: values.host,
    port,
    username: values.user,
    auth: await chooseAuth(values.identity),
    hostKeys,
    sudo,
    onUnknownHostKey: (question) => {
      if (values['accept-new-host-key']) {
        process.stderr.write(
          `auditscope: recording new host key ${question.keyType} ${question.fingerprintSha256} for ${values.host}\n`,
        );
        return true;
      }
      return false;
    },
  });
  try {
    const probeOptions = {
      manifestPath: values['manifest-path'],
      policyPath: values['policy-path'],
      logPath: values['log-path'],
      fsRoot: values['fs-root'],
      useSudo: values.sudo === true,
    };
    let result = await probeNode(session, values.user, probeOptions);
    if (result.sudo === 'password-required' && values.sudo && process.stdin.isTTY) {
      session.setSudo({
        mode: 'password',
        password: await promptSecret(`sudo password for ${values.user}@${values.host}: `),
      });
      result = await probeNode(session, values.user, probeOptions);
    }
    if (values.json) printJsonLine(result);
    else process.stdout.write(describe(result));
    return 0;
  } finally {
    session.close();
  }
}

export async function chooseAuth(identity: string | undefined): Promise<SshAuth> {
  if (identity)
    return { kind: 'key', privateKeyPath: identity, passphrase: process.env.AUDITSCOPE_KEY_PASSPHRASE || undefined };
  if (process.env.SSH_AUTH_SOCK) return { kind: 'agent' };
  const password =
    process.env.AUDITSCOPE_SSH_PASSWORD ?? (process.stdin.isTTY ? await promptSecret('SSH password: ') : undefined);
  if (password === undefined) {
    throw new CliError('no authentication: give --identity, run an ssh-agent, or set AUDITSCOPE_SSH_PASSWORD', 2);
  }
  return { kind: 'password', password };
}

export async function connectWithPrompts(options: Parameters<typeof SshSession.connect>[0]): Promise<SshSession> {
  try {
    return await SshSession.connect(options);
  } catch (error) {
    if (
      error instanceof SshError &&
      error.code === 'key-passphrase-required' &&
      process.stdin.isTTY &&
      options.auth.kind === 'key'
    ) {
      const passphrase = await promptSecret(`passphrase for ${options.auth.privateKeyPath}: `);
      return connectWithPrompts({ ...options, auth: { ...options.auth, passphrase } });
    }
    throw toCliError(error);
  }
}

function toCliError(error: unknown): CliError {
  if (!(error instanceof SshError)) return new CliError((error as Error).message, 2);
  const refused = ['host-key-unknown', 'host-key-changed', 'host-key-revoked', 'auth-failed', 'key-passphrase-wrong'];
  const hint =
    error.code === 'host-key-unknown' ? ' (check the fingerprint, then re-run with --accept-new-host-key)' : '';
  return new CliError(error.message + hint, refused.includes(error.code) ? 1 : 2);
}

/** Read a line from the terminal without echoing it. */
function promptSecret(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(question);
    stdin.setRawMode?.(true);
    stdin.resume();
    let typed = '';
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new CliError('cancelled', 2));
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    const done = (error?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode?.(false);
      stdin.pause();
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    stdin.on('data', onData);
  });
}

function describe(result: ProbeResult): string {
  const a = result.audit;
  const size = (bytes: number | null) => (bytes === null ? 'unknown' : `${(bytes / 1024 / 1024).toFixed(1)} MiB`);
  const lines = [
    `host:          ${result.user}@${result.host}`,
    `os:            ${result.os.prettyName ?? 'unknown'}`,
    `distribution:  ${result.distribution} — ${result.distributionNote}`,
    `kubelet:       ${result.kubeletRunning ? 'running' : 'not running'}`,
    `crictl:        ${result.runtime.crictl ?? 'not found'}`,
    `sudo:          ${result.sudo}`,
    `manifest:      ${result.manifestPath} ${result.manifestFound ? '(found)' : '(not found)'}${result.manifestError ? ` — ${result.manifestError}` : ''}`,
    `audit:         ${a.enabled ? 'enabled' : 'not enabled'}`,
    `  policy:      ${a.policyPath ?? '-'}${a.policySha256 ? ` sha256:${a.policySha256}` : a.policyPath ? ' (not found)' : ''}`,
    `  log:         ${a.logPath ?? '-'} (${size(a.logBytes)}; ${a.rotatedFiles ?? 0} rotated, ${size(a.rotatedBytes)})`,
    `  rotation:    maxage=${a.maxage ?? 'default'} maxbackup=${a.maxbackup ?? 'default'} maxsize=${a.maxsize ?? 'default'}`,
    `  free disk:   ${size(a.freeBytes)}`,
    ...a.problems.map((problem) => `  problem:     ${problem}`),
    ...result.warnings.map((warning) => `warning:       ${warning}`),
  ];
  return lines.join('\n') + '\n';
}
