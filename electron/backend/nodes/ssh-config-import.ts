// Import node candidates from an OpenSSH client config (~/.ssh/config) with the `ssh-config` parser: every concrete
// Host alias, with HostName, Port, User, IdentityFile and ProxyJump as OpenSSH would compute them (first value wins,
// `Host *` defaults included). `Match exec` is never run: the config text is not trusted to execute commands.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import SSHConfig from 'ssh-config';

export interface ImportedHost {
  alias: string;
  hostName: string;
  port: number;
  user?: string;
  identityFile?: string;
  proxyJump?: string;
}

export interface SshConfigImport {
  hosts: ImportedHost[];
  /** Directives Auditscope does not follow (Include, Match), with their line, so nothing is dropped silently. */
  warnings: string[];
}

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

function expandHome(path: string | undefined): string | undefined {
  if (!path) return path;
  return path.startsWith('~/') ? join(homedir(), path.slice(2)) : path;
}

export function parseSshConfigHosts(text: string): SshConfigImport {
  const config = SSHConfig.parse(text);
  const warnings: string[] = [];
  const aliases: string[] = [];
  const lines = text.split('\n');
  const lineOf = (param: string, value: string) =>
    lines.findIndex((line) => new RegExp(`^\\s*${param}[\\s=]`, 'i').test(line) && line.includes(value)) + 1;
  // Directives inside a Host/Match section sit in its nested config.
  const walk = function* (lines: SSHConfig): Generator<SSHConfig[number]> {
    for (const entry of lines) {
      yield entry;
      if ('config' in entry) yield* walk(entry.config);
    }
  };
  for (const entry of walk(config)) {
    if (entry.type !== SSHConfig.DIRECTIVE) continue;
    const param = entry.param.toLowerCase();
    const values = Array.isArray(entry.value) ? entry.value.map((v) => v.val) : [entry.value];
    if (param === 'host') {
      // Patterns (*, ?, !negations) describe defaults, not hosts one can connect to.
      aliases.push(...values.filter((value) => !/[*?!]/.test(value)));
    } else if (param === 'include' || param === 'match') {
      warnings.push(
        `line ${lineOf(entry.param, values[0])}: ${entry.param} ${values.join(' ')} is not followed by the import`,
      );
    }
  }
  const hosts = [...new Set(aliases)].map((alias) => {
    const computed = config.compute(alias, { ignoreCase: true, matchExec: false });
    const port = Number(first(computed.port) ?? 22);
    return {
      alias,
      hostName: first(computed.hostname) ?? alias,
      port: Number.isInteger(port) && port > 0 && port < 65536 ? port : 22,
      user: first(computed.user),
      identityFile: expandHome(first(computed.identityfile)),
      proxyJump: first(computed.proxyjump),
    };
  });
  return { hosts, warnings };
}

export async function importSshConfig(path = join(homedir(), '.ssh', 'config')): Promise<SshConfigImport> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { hosts: [], warnings: [`${path} does not exist`] };
    throw error;
  }
  return parseSshConfigHosts(text);
}
