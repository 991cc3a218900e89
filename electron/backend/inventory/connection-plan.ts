// Turn a node profile plus the secrets held for it into ssh2 session options, or say which secret is missing.
// Also the host-key stores every node connection checks: ~/.ssh/known_hosts (read-only) and the app's own store.
import { homedir } from 'node:os';
import { join } from 'node:path';
import type {
  JumpHost,
  NodeAuth,
  NodeCheckOutcome,
  NodeProfile,
  SecretRef,
} from '../../../shared/ipc/contract/nodes.ts';
import type { SshAuth, SshHop } from '../ssh/connect.ts';
import type { HostKeyStores } from '../ssh/host-keys.ts';
import type { SshSessionOptions } from '../ssh/session.ts';
import type { SudoConfig } from '../ssh/sudo.ts';

export type SecretLookup = (ref: SecretRef) => Promise<string | undefined>;

export type SecretRequired = Extract<NodeCheckOutcome, { kind: 'secret-required' }>;

export function defaultHostKeyStores(userDataDir: string): HostKeyStores {
  return {
    knownHostsFiles: [join(homedir(), '.ssh', 'known_hosts')],
    appStorePath: join(userDataDir, 'known_hosts'),
  };
}

export function expandHome(path: string): string {
  return path.startsWith('~/') ? join(homedir(), path.slice(2)) : path;
}

/** Words shown above the secret field; they name the place the secret is for, never the secret. */
export function secretPrompt(node: NodeProfile, ref: SecretRef): string {
  switch (ref.kind) {
    case 'password': {
      const hop = ref.hop === 'jump' && node.jump ? node.jump : node;
      return `SSH password for ${hop.user}@${hop.host}:${hop.port}${ref.hop === 'jump' ? ' (jump host)' : ''}`;
    }
    case 'key-passphrase':
      return `Passphrase for the private key ${ref.keyPath}`;
    case 'sudo-password':
      return `sudo password for ${node.user} on ${node.host}`;
  }
}

export function secretRequired(node: NodeProfile, ref: SecretRef, reason: 'missing' | 'wrong'): SecretRequired {
  return { kind: 'secret-required', secret: ref, reason, prompt: secretPrompt(node, ref) };
}

/** The secrets a profile can need up front (passwords, sudo password); passphrases are asked when a key needs one. */
export function keyPathsOf(node: NodeProfile): string[] {
  return [node.auth, node.jump?.auth].flatMap((auth) => (auth?.kind === 'key' ? [auth.privateKeyPath] : []));
}

async function authFor(
  node: NodeProfile,
  auth: NodeAuth,
  hop: 'target' | 'jump',
  lookup: SecretLookup,
): Promise<SshAuth | SecretRequired> {
  switch (auth.kind) {
    case 'agent':
      return { kind: 'agent' };
    case 'key': {
      const passphrase = await lookup({ kind: 'key-passphrase', keyPath: auth.privateKeyPath });
      return { kind: 'key', privateKeyPath: expandHome(auth.privateKeyPath), passphrase };
    }
    case 'password': {
      const ref: SecretRef = { kind: 'password', hop };
      const password = await lookup(ref);
      return password === undefined ? secretRequired(node, ref, 'missing') : { kind: 'password', password };
    }
  }
}

async function jumpHop(node: NodeProfile, jump: JumpHost, lookup: SecretLookup): Promise<SshHop | SecretRequired> {
  const auth = await authFor(node, jump.auth, 'jump', lookup);
  if (auth.kind === 'secret-required') return auth;
  return { host: jump.host, port: jump.port, username: jump.user, auth };
}

export async function sudoConfigFor(node: NodeProfile, lookup: SecretLookup): Promise<SudoConfig | SecretRequired> {
  if (node.sudo === 'none') return { mode: 'none' };
  if (node.sudo === 'nopasswd') return { mode: 'nopasswd' };
  const ref: SecretRef = { kind: 'sudo-password' };
  const password = await lookup(ref);
  return password === undefined ? secretRequired(node, ref, 'missing') : { mode: 'password', password };
}

/**
 * Session options for a node, or the login secret that is missing. A missing sudo password does not stop the
 * login (so a wrong login password is found first): `sudo` is then the secret still to ask for.
 */
export async function sessionOptionsFor(
  node: NodeProfile,
  lookup: SecretLookup,
  hostKeys: HostKeyStores,
): Promise<
  { ok: true; options: SshSessionOptions; sudo: SudoConfig | SecretRequired } | { ok: false; outcome: SecretRequired }
> {
  let jump: SshHop | undefined;
  if (node.jump) {
    const hop = await jumpHop(node, node.jump, lookup);
    if ('kind' in hop) return { ok: false, outcome: hop };
    jump = hop;
  }
  const auth = await authFor(node, node.auth, 'target', lookup);
  if (auth.kind === 'secret-required') return { ok: false, outcome: auth };
  const sudo = await sudoConfigFor(node, lookup);
  return {
    ok: true,
    options: {
      host: node.host,
      port: node.port,
      username: node.user,
      auth,
      jump,
      hostKeys,
      sudo: 'kind' in sudo ? { mode: 'none' } : sudo,
    },
    sudo,
  };
}
