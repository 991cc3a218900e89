// Host key verification against the user's OpenSSH known_hosts files and the app's own known-hosts store.
// Never auto-accepts: an unknown key is trusted only after an explicit decision, a changed or revoked key never.
import { createHash } from 'node:crypto';
import { appendFile, chmod, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  entryMatchesHost,
  keyTypeOfBlob,
  knownHostsName,
  parseKnownHosts,
  type KnownHostEntry,
} from './known-hosts-file.ts';

export interface HostKeyFingerprint {
  keyType: string;
  /** Formatted like OpenSSH: `SHA256:` + unpadded base64 of the SHA-256 of the key blob. */
  fingerprintSha256: string;
}

export interface KnownKeyReference extends HostKeyFingerprint {
  /** `file:line` of the entry. */
  source: string;
}

export type HostKeyCheck =
  | { status: 'trusted'; source: string }
  | ({ status: 'unknown' } & HostKeyFingerprint)
  | { status: 'changed'; expected: KnownKeyReference[]; got: HostKeyFingerprint }
  | { status: 'revoked'; source: string; got: HostKeyFingerprint };

export interface HostKeyStores {
  /** OpenSSH files consulted read-only, e.g. ~/.ssh/known_hosts; missing files are fine. */
  knownHostsFiles: string[];
  /** The app's own store (OpenSSH format); accepted keys are appended here. */
  appStorePath: string;
}

export interface UnknownHostKeyQuestion extends HostKeyFingerprint {
  host: string;
  port: number;
}

/** Decides about a key that is in no store; true accepts and records it. Must reflect an explicit user choice. */
export type UnknownHostKeyDecider = (question: UnknownHostKeyQuestion) => boolean | Promise<boolean>;

export function fingerprintSha256(keyBlob: Buffer): string {
  return 'SHA256:' + createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '');
}

export function describeKey(keyBlob: Buffer): HostKeyFingerprint {
  return { keyType: keyTypeOfBlob(keyBlob) ?? 'unknown', fingerprintSha256: fingerprintSha256(keyBlob) };
}

/** Entries from all stores that name this host (revoked ones included); parse warnings are returned, not dropped. */
export async function knownEntriesFor(
  host: string,
  port: number,
  stores: HostKeyStores,
): Promise<{ entries: KnownHostEntry[]; warnings: string[] }> {
  const name = knownHostsName(host, port);
  const entries: KnownHostEntry[] = [];
  const warnings: string[] = [];
  for (const file of [...stores.knownHostsFiles, stores.appStorePath]) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw new Error(`cannot read known-hosts file ${file}: ${(error as Error).message}`, { cause: error });
    }
    const parsed = parseKnownHosts(text, file);
    warnings.push(...parsed.warnings);
    entries.push(...parsed.entries.filter((entry) => entryMatchesHost(entry, name)));
  }
  return { entries, warnings };
}

export async function checkHostKey(
  host: string,
  port: number,
  keyBlob: Buffer,
  stores: HostKeyStores,
): Promise<HostKeyCheck> {
  const { entries } = await knownEntriesFor(host, port, stores);
  const got = describeKey(keyBlob);
  const revoked = entries.find((entry) => entry.marker === 'revoked' && entry.keyBlob.equals(keyBlob));
  if (revoked) return { status: 'revoked', source: revoked.source, got };
  // Certificate authorities are not supported; such lines neither trust nor contradict a plain key.
  const plain = entries.filter((entry) => entry.marker === undefined);
  const match = plain.find((entry) => entry.keyBlob.equals(keyBlob));
  if (match) return { status: 'trusted', source: match.source };
  // Any other known key for this host means the server's identity changed (the client prefers known key types,
  // so a genuine server presents the one on record).
  if (plain.length > 0) {
    const expected = plain.map((entry) => ({ ...describeKey(entry.keyBlob), source: entry.source }));
    return { status: 'changed', expected, got };
  }
  return { status: 'unknown', ...got };
}

/** Key types on record for this host, so the client can ask the server for those first (as OpenSSH does). */
export async function knownKeyTypes(host: string, port: number, stores: HostKeyStores): Promise<string[]> {
  const { entries } = await knownEntriesFor(host, port, stores);
  return [...new Set(entries.filter((entry) => entry.marker === undefined).map((entry) => entry.keyType))];
}

/** Append an accepted key to a known-hosts file (creating it 0600 in a 0700 folder). */
export async function recordHostKey(file: string, host: string, port: number, keyBlob: Buffer): Promise<void> {
  const keyType = keyTypeOfBlob(keyBlob);
  if (!keyType) throw new Error('refusing to record a malformed host key');
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  await appendFile(file, `${knownHostsName(host, port)} ${keyType} ${keyBlob.toString('base64')}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
}

export function hostKeyRefusalMessage(host: string, port: number, check: HostKeyCheck): string {
  const where = knownHostsName(host, port);
  switch (check.status) {
    case 'trusted':
      return `host key of ${where} is trusted (${check.source})`;
    case 'unknown':
      return `host key of ${where} is not known (${check.keyType} ${check.fingerprintSha256}) and was not accepted`;
    case 'changed':
      return (
        `WARNING: the host key of ${where} has CHANGED. It may be an attack (someone intercepting the connection) or ` +
        `the host was reinstalled. Got ${check.got.keyType} ${check.got.fingerprintSha256}; on record: ` +
        check.expected.map((key) => `${key.keyType} ${key.fingerprintSha256} (${key.source})`).join(', ') +
        '. The connection was stopped; remove the old entry only after checking the new fingerprint out of band.'
      );
    case 'revoked':
      return `host key of ${where} (${check.got.keyType} ${check.got.fingerprintSha256}) is marked @revoked in ${check.source}; connection refused`;
  }
}
