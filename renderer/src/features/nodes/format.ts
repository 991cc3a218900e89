// Words and numbers for the node cards.
import type { NodeProfile, SudoStatus } from '../../../../shared/ipc/contract/nodes.ts';

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return 'unknown';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

export const SUDO_STATUS_LABELS: Record<SudoStatus | 'not-used', string> = {
  root: 'logged in as root',
  nopasswd: 'sudo without password works',
  password: 'sudo with password works',
  'password-required': 'sudo asks for a password: set the sudo mode to "sudo with password"',
  'password-rejected': 'sudo rejected the password',
  'not-allowed': 'the user may not use sudo',
  'not-installed': 'sudo is not installed',
  'not-used': 'sudo not used (mode "none")',
};

export function sudoStatusOk(status: SudoStatus | 'not-used'): boolean {
  return status === 'root' || status === 'nopasswd' || status === 'password';
}

export const SUDO_MODE_LABELS: Record<NodeProfile['sudo'], string> = {
  none: 'No sudo',
  nopasswd: 'sudo without password',
  password: 'sudo with password',
};

export function describeAuth(auth: NodeProfile['auth']): string {
  if (auth.kind === 'key') return `key ${auth.privateKeyPath}`;
  return auth.kind === 'agent' ? 'ssh-agent' : 'password';
}

export function nodeAddress(node: Pick<NodeProfile, 'user' | 'host' | 'port'>): string {
  return `${node.user}@${node.host}${node.port === 22 ? '' : `:${node.port}`}`;
}
