// One error shape for everything that crosses a boundary (IPC, HTTP, the CLI's exit code): data with a code from a
// closed set, a message for people, and a position when the input had one. Callers decide by code, never by text.

/** What can go wrong reaching a node over SSH. */
export const SSH_ERROR_CODES = [
  'host-key-unknown', // not in any store and not accepted
  'host-key-changed',
  'host-key-revoked',
  'auth-failed',
  'key-passphrase-required',
  'key-passphrase-wrong',
  'key-unreadable',
  'agent-unavailable',
  'connect-failed',
  'timeout',
  'aborted',
  'connection-lost',
  'sudo-not-configured',
  'sudo-password-required',
  'sudo-password-rejected',
  'sudo-not-allowed',
  'remote-command-failed',
  'not-found',
  'permission-denied',
  'output-too-large',
  'invalid-argument',
] as const;
export type SshErrorCode = (typeof SSH_ERROR_CODES)[number];

/** Why a manifest (or kubeadm configuration) edit was refused. */
export const REFUSAL_CODES = [
  'invalid-yaml', // not parseable, tabs, templates
  'not-apiserver-manifest', // not a Pod / ClusterConfiguration, or no kube-apiserver container
  'unsupported-layout', // a field laid out in a way we cannot edit without losing something
  'invalid-settings', // the requested audit settings are not valid flag values
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

const APP_ERROR_CODES = [
  // The contract and its transports.
  'invalid-payload',
  'unknown-channel',
  'unauthorized',
  'forbidden',
  'method',
  'invalid-json',
  'internal',
  // Inputs and state.
  'invalid-input',
  'invalid-path',
  'invalid-policy',
  'invalid-secret',
  'query-syntax',
  'unknown-field',
  'too-large',
  'too-many',
  'upload-size',
  'upload-order',
  'not-supported',
  'not-ready',
  'not-live',
  'busy',
  'duplicate-run',
  'cancelled',
  'import-failed',
  'inventory-unreadable',
  // Apply.
  'plan-expired',
  'blocked',
  'confirmation-required',
  'nothing-to-revert',
] as const;

export const ERROR_CODES = [...new Set([...SSH_ERROR_CODES, ...REFUSAL_CODES, ...APP_ERROR_CODES])] as const;
export type ErrorCode = SshErrorCode | RefusalCode | (typeof APP_ERROR_CODES)[number];

/** Codes that trying again cannot fix: the user must act (trust a key, give a secret, get sudo rights, fix a path). */
const NEEDS_USER: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'host-key-unknown',
  'host-key-changed',
  'host-key-revoked',
  'auth-failed',
  'key-passphrase-required',
  'key-passphrase-wrong',
  'key-unreadable',
  'sudo-not-configured',
  'sudo-password-required',
  'sudo-password-rejected',
  'sudo-not-allowed',
  'permission-denied',
  'invalid-argument',
]);

export function needsUser(code: ErrorCode): boolean {
  return NEEDS_USER.has(code);
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** An error as data. `line` and `column` (1-based) point into the input that caused it, when there is one. */
export interface AppError {
  code: ErrorCode;
  message: string;
  line?: number;
  column?: number;
}

/** Thrown by the backend (and shared code) to fail with a specific code; crosses boundaries as an AppError. */
export class AppFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly position?: { line: number; column: number },
  ) {
    super(message);
    this.name = 'AppFailure';
  }
}

export function toAppError(error: unknown): AppError {
  if (error instanceof AppFailure) return { code: error.code, message: error.message, ...error.position };
  if (error instanceof Error) return { code: 'internal', message: error.message };
  return { code: 'internal', message: String(error) };
}
