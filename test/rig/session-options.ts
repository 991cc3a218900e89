// Connection options for the rig's sshd, so tests only spell out what they are about.
import type { SshSessionOptions } from '../../electron/backend/ssh/session.ts';
import type { RunningSshd } from './sshd.ts';
import type { RigUser } from './users.ts';

export function keyLogin(
  server: RunningSshd,
  user: RigUser,
  knownHostsFile: string,
  appStorePath: string,
  overrides: Partial<SshSessionOptions> = {},
): SshSessionOptions {
  return {
    host: '127.0.0.1',
    port: server.port,
    username: user.name,
    auth: { kind: 'key', privateKeyPath: user.privateKeyPath, passphrase: user.keyPassphrase },
    hostKeys: { knownHostsFiles: [knownHostsFile], appStorePath },
    readyTimeoutMs: 5000,
    ...overrides,
  };
}
