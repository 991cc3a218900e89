// How a command is run with sudo. The password never reaches argv: it is the first line of stdin for `sudo -S`.
// Because sudo does not read it when no password is needed (NOPASSWD, cached credentials), a guard script run as
// root consumes stdin up to a random nonce line, so the password can never leak into the command's own stdin.
import { randomBytes } from 'node:crypto';
import { SshError } from './errors.ts';

export type SudoConfig = { mode: 'none' } | { mode: 'nopasswd' } | { mode: 'password'; password: string };

// $1 is the nonce. Read one line; if it is not the nonce it was the password sudo left unread, so read one more.
const STDIN_GUARD =
  'IFS= read -r l || exit 125; if [ "$l" != "$1" ]; then IFS= read -r l || exit 125; fi; ' +
  '[ "$l" = "$1" ] || exit 125; shift; exec "$@"';

export interface PreparedCommand {
  argv: string[];
  /** Bytes to send before the caller's own stdin. */
  stdinPrefix?: Buffer;
}

export function withSudo(config: SudoConfig, argv: string[]): PreparedCommand {
  switch (config.mode) {
    case 'none':
      throw new SshError(
        'sudo-not-configured',
        'this operation needs sudo, but no sudo mode is configured for the node',
      );
    case 'nopasswd':
      // -n: fail instead of waiting for a password that will never come.
      return { argv: ['sudo', '-n', '--', ...argv] };
    case 'password': {
      if (/[\r\n\0]/.test(config.password)) {
        throw new SshError('invalid-argument', 'a sudo password cannot contain line breaks or NUL bytes');
      }
      const nonce = randomBytes(16).toString('hex');
      return {
        argv: ['sudo', '-S', '-p', '', '--', 'sh', '-c', STDIN_GUARD, 'sh', nonce, ...argv],
        stdinPrefix: Buffer.from(`${config.password}\n${nonce}\n`),
      };
    }
  }
}

/** argv and stdin that check a sudo password without running anything (`-k` ignores cached credentials). */
export function sudoPasswordCheck(password: string): PreparedCommand {
  return { argv: ['sudo', '-S', '-p', '', '-k', '--', 'true'], stdinPrefix: Buffer.from(`${password}\n`) };
}

/** Turn sudo's complaints into typed errors; undefined when stderr does not look like a sudo failure. */
export function classifySudoFailure(stderr: string): SshError | undefined {
  if (/a password is required|a terminal is required/i.test(stderr)) {
    return new SshError('sudo-password-required', 'sudo needs a password on this node (sudo -n refused)');
  }
  if (/incorrect password|try again/i.test(stderr)) {
    return new SshError('sudo-password-rejected', 'sudo rejected the password');
  }
  if (/not in the sudoers|may not run sudo|not allowed to (execute|run)/i.test(stderr)) {
    return new SshError('sudo-not-allowed', 'the user is not allowed to use sudo on this node');
  }
  if (/sudo: not found|sudo: command not found/i.test(stderr)) {
    return new SshError('sudo-not-allowed', 'sudo is not installed on this node');
  }
  return undefined;
}
