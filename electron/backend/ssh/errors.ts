// Typed SSH errors. Messages are built from our own words plus server/remote text, and every message is passed
// through redact() with the session's secrets, so a password can never leak through an error.
import { AppFailure, type SshErrorCode } from '../../../shared/errors.ts';
import type { HostKeyCheck } from './host-keys.ts';

export class SshError extends AppFailure {
  constructor(
    override readonly code: SshErrorCode,
    message: string,
    readonly hostKey?: HostKeyCheck,
  ) {
    super(code, message);
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
