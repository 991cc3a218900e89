// Where Auditscope keeps its own files. AUDITSCOPE_USER_DATA overrides it (tests use a temp folder).
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultUserDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.AUDITSCOPE_USER_DATA) return env.AUDITSCOPE_USER_DATA;
  const configHome = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(configHome, 'auditscope');
}
