// Turn hosts read from ~/.ssh/config into node profiles: HostName/Port/User/IdentityFile, and a ProxyJump that
// names another imported alias (or user@host:port) becomes the jump host.
import {
  DEFAULT_NODE_PATHS,
  type ImportedSshHost,
  type JumpHost,
  type NodeInput,
} from '../../../../shared/ipc/contract/nodes.ts';

function authOf(host: { identityFile?: string }): NodeInput['auth'] {
  return host.identityFile ? { kind: 'key', privateKeyPath: host.identityFile } : { kind: 'agent' };
}

/** Parses `[user@]host[:port]`; only the first hop of a comma-separated chain is used. */
function jumpFrom(spec: string, all: ImportedSshHost[], fallbackUser: string): JumpHost | undefined {
  const first = spec.split(',')[0]!.trim();
  if (!first || first.toLowerCase() === 'none') return undefined;
  const alias = all.find((host) => host.alias === first);
  if (alias) {
    return { host: alias.hostName, port: alias.port, user: alias.user ?? fallbackUser, auth: authOf(alias) };
  }
  const match = /^(?:([^@]+)@)?([^:@]+)(?::(\d+))?$/.exec(first);
  if (!match) return undefined;
  return { host: match[2]!, port: Number(match[3] ?? 22), user: match[1] ?? fallbackUser, auth: { kind: 'agent' } };
}

export function nodeFromImportedHost(host: ImportedSshHost, all: ImportedSshHost[], defaultUser: string): NodeInput {
  const user = host.user ?? defaultUser;
  const jump = host.proxyJump ? jumpFrom(host.proxyJump, all, user) : undefined;
  return {
    name: host.alias,
    host: host.hostName,
    port: host.port,
    user,
    auth: authOf(host),
    ...(jump ? { jump } : {}),
    sudo: 'nopasswd',
    paths: { ...DEFAULT_NODE_PATHS },
  };
}
