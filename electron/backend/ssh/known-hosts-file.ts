// Parse and match OpenSSH known_hosts files (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"): markers, comma lists of
// patterns with * ? and ! negation, [host]:port forms and hashed |1|salt|hash entries.
import { createHmac, timingSafeEqual } from 'node:crypto';

export type KnownHostMarker = 'revoked' | 'cert-authority';

export interface KnownHostEntry {
  marker?: KnownHostMarker;
  /** Plain patterns of the first field, or the salt and HMAC-SHA1 of a hashed entry. */
  hosts: { kind: 'patterns'; patterns: string[] } | { kind: 'hashed'; salt: Buffer; hash: Buffer };
  keyType: string;
  keyBlob: Buffer;
  /** `file:line`, for messages that tell the user which entry to fix. */
  source: string;
}

export interface KnownHostsParseResult {
  entries: KnownHostEntry[];
  /** Lines that could not be understood, with their position; they are skipped, never silently. */
  warnings: string[];
}

export function parseKnownHosts(text: string, fileName: string): KnownHostsParseResult {
  const entries: KnownHostEntry[] = [];
  const warnings: string[] = [];
  const lines = text.split('\n');
  lines.forEach((rawLine, index) => {
    const source = `${fileName}:${index + 1}`;
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) return;
    const fields = line.split(/\s+/);
    let marker: KnownHostMarker | undefined;
    if (fields[0].startsWith('@')) {
      const name = fields.shift()!.slice(1);
      if (name !== 'revoked' && name !== 'cert-authority') {
        warnings.push(`${source}:1: unknown marker "@${name}"; line ignored`);
        return;
      }
      marker = name;
    }
    if (fields.length < 3) {
      warnings.push(`${source}:1: expected "hosts key-type base64-key"; line ignored`);
      return;
    }
    const [hostField, keyType, keyBase64] = fields;
    const keyBlob = Buffer.from(keyBase64, 'base64');
    if (keyBlob.length === 0 || keyTypeOfBlob(keyBlob) !== keyType) {
      const column = rawLine.indexOf(keyBase64) + 1;
      warnings.push(`${source}:${column}: key data is not a valid ${keyType} public key; line ignored`);
      return;
    }
    const hosts = parseHostField(hostField);
    if (!hosts) {
      warnings.push(`${source}:1: malformed hashed host entry; line ignored`);
      return;
    }
    entries.push({ marker, hosts, keyType, keyBlob, source });
  });
  return { entries, warnings };
}

function parseHostField(field: string): KnownHostEntry['hosts'] | undefined {
  if (!field.startsWith('|')) return { kind: 'patterns', patterns: field.split(',').filter((p) => p !== '') };
  const parts = field.split('|');
  // "|1|salt|hash" splits into ['', '1', salt, hash].
  if (parts.length !== 4 || parts[1] !== '1') return undefined;
  const salt = Buffer.from(parts[2], 'base64');
  const hash = Buffer.from(parts[3], 'base64');
  if (salt.length !== 20 || hash.length !== 20) return undefined;
  return { kind: 'hashed', salt, hash };
}

/** The name under which OpenSSH looks a host up: plain for port 22, `[host]:port` otherwise. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

export function entryMatchesHost(entry: KnownHostEntry, name: string): boolean {
  if (entry.hosts.kind === 'hashed') {
    const digest = createHmac('sha1', entry.hosts.salt).update(name).digest();
    return timingSafeEqual(digest, entry.hosts.hash);
  }
  let matched = false;
  for (const pattern of entry.hosts.patterns) {
    const negated = pattern.startsWith('!');
    if (!globMatch(negated ? pattern.slice(1) : pattern, name)) continue;
    // A matching negated pattern rejects the line whatever else matches.
    if (negated) return false;
    matched = true;
  }
  return matched;
}

/** OpenSSH wildcard patterns: `*` any run, `?` one character; host names compare case-insensitively. */
function globMatch(pattern: string, name: string): boolean {
  const source = pattern
    .toLowerCase()
    .split('')
    .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 's').test(name.toLowerCase());
}

/** The algorithm name inside an SSH public key blob (its first length-prefixed string). */
export function keyTypeOfBlob(blob: Buffer): string | undefined {
  if (blob.length < 4) return undefined;
  const length = blob.readUInt32BE(0);
  if (length === 0 || length > 64 || 4 + length > blob.length) return undefined;
  return blob.subarray(4, 4 + length).toString('latin1');
}
