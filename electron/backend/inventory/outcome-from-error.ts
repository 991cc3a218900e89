// Map a failure of a connection or probe to the structured outcome the UI acts on: host-key dialogs, secret prompts,
// or a plain failure. Secrets that were rejected are named here so the caller can forget them.
import type { NodeCheckOutcome, NodeProfile, SecretRef } from '../../../shared/ipc/contract/nodes.ts';
import { SshError } from '../ssh/errors.ts';
import type { UnknownHostKeyQuestion } from '../ssh/host-keys.ts';
import { knownHostsName } from '../ssh/known-hosts-file.ts';
import { expandHome, secretRequired } from './connection-plan.ts';

export interface MappedFailure {
  outcome: NodeCheckOutcome;
  /** A held secret the server rejected, to forget so the user is asked again. */
  rejected?: SecretRef;
}

function hopNamedIn(node: NodeProfile, message: string): 'target' | 'jump' {
  const jump = node.jump;
  if (!jump) return 'target';
  const names = [knownHostsName(jump.host, jump.port), `${jump.user}@${jump.host}:${jump.port}`];
  return names.some((name) => message.includes(`${name} `) || message.includes(`${name}:`) || message.endsWith(name))
    ? 'jump'
    : 'target';
}

function hopAt(node: NodeProfile, host: string, port: number): 'target' | 'jump' {
  const isTarget = host === node.host && port === node.port;
  return node.jump && !isTarget && host === node.jump.host && port === node.jump.port ? 'jump' : 'target';
}

/** The profile key path (as the user wrote it) whose expanded form the message names. */
function keyPathNamedIn(node: NodeProfile, message: string): string | undefined {
  const paths = [node.jump?.auth, node.auth].flatMap((auth) => (auth?.kind === 'key' ? [auth.privateKeyPath] : []));
  return paths.find((path) => message.includes(expandHome(path))) ?? paths[0];
}

export function outcomeFromError(
  node: NodeProfile,
  error: unknown,
  unknownKey: UnknownHostKeyQuestion | undefined,
  aborted: boolean,
): MappedFailure {
  if (aborted) return { outcome: { kind: 'cancelled' } };
  if (!(error instanceof SshError)) {
    return { outcome: { kind: 'failed', code: 'internal', message: (error as Error)?.message ?? String(error) } };
  }
  const check = error.hostKey;
  switch (error.code) {
    case 'aborted':
      return { outcome: { kind: 'cancelled' } };
    case 'host-key-unknown': {
      const hop = unknownKey ? hopAt(node, unknownKey.host, unknownKey.port) : hopNamedIn(node, error.message);
      const where = hop === 'jump' && node.jump ? node.jump : node;
      const got = check?.status === 'unknown' ? check : unknownKey;
      if (!got) break;
      return {
        outcome: {
          kind: 'host-key-unknown',
          host: where.host,
          port: where.port,
          hop,
          keyType: got.keyType,
          fingerprintSha256: got.fingerprintSha256,
        },
      };
    }
    case 'host-key-changed': {
      if (check?.status !== 'changed') break;
      const hop = hopNamedIn(node, error.message);
      const where = hop === 'jump' && node.jump ? node.jump : node;
      return {
        outcome: {
          kind: 'host-key-changed',
          host: where.host,
          port: where.port,
          hop,
          message: error.message,
          got: check.got,
          expected: check.expected,
        },
      };
    }
    case 'host-key-revoked': {
      const hop = hopNamedIn(node, error.message);
      const where = hop === 'jump' && node.jump ? node.jump : node;
      return { outcome: { kind: 'host-key-revoked', host: where.host, port: where.port, hop, message: error.message } };
    }
    case 'key-passphrase-required':
    case 'key-passphrase-wrong': {
      const keyPath = keyPathNamedIn(node, error.message);
      if (!keyPath) break;
      const ref: SecretRef = { kind: 'key-passphrase', keyPath };
      const wrong = error.code === 'key-passphrase-wrong';
      return { outcome: secretRequired(node, ref, wrong ? 'wrong' : 'missing'), rejected: wrong ? ref : undefined };
    }
    case 'auth-failed': {
      const hop = hopNamedIn(node, error.message);
      const auth = hop === 'jump' ? node.jump?.auth : node.auth;
      if (auth?.kind !== 'password') break;
      const ref: SecretRef = { kind: 'password', hop };
      return { outcome: secretRequired(node, ref, 'wrong'), rejected: ref };
    }
    case 'sudo-password-rejected': {
      const ref: SecretRef = { kind: 'sudo-password' };
      return { outcome: secretRequired(node, ref, 'wrong'), rejected: ref };
    }
  }
  return { outcome: { kind: 'failed', code: error.code, message: error.message } };
}
