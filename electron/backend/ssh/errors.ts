// Typed SSH errors. Messages are built from our own words plus server/remote text, and every message is passed
// through redact() with the session's secrets, so a password can never leak through an error.
import type { HostKeyCheck } from './host-keys.ts';

export type SshErrorCode =
  | 'host-key-unknown' // not in any store and not accepted
  | 'host-key-changed'
  | 'host-key-revoked'
  | 'auth-failed'
  | 'key-passphrase-required'
  | 'key-passphrase-wrong'
  | 'key-unreadable'
  | 'agent-unavailable'
  | 'connect-failed'
  | 'timeout'
  | 'aborted'
  | 'connection-lost'
  | 'sudo-not-configured'
  | 'sudo-password-required'
  | 'sudo-password-rejected'
  | 'sudo-not-allowed'
  | 'remote-command-failed'
  | 'not-found'
  | 'output-too-large'
  | 'invalid-argument';

export class SshError extends Error {
  constructor(
    readonly code: SshErrorCode,
    message: string,
    readonly hostKey?: HostKeyCheck,
  ) {
    super(message);
    this.name = 'SshError';
  }
}

/** Replace every occurrence of a secret (and its non-empty lines) by a fixed mask. */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret) continue;
    out = out.split(secret).join('[redacted]');
  }
  return out;
}
