// What the settings mean concretely: which --audit-* flags get which value, and which host paths must be mounted.
import { parentDirectory, trimTrailingSlash, type AuditSettings } from './audit-settings.ts';

export interface DesiredFlag {
  name: string;
  /** null removes the flag. */
  value: string | null;
}

/** Flags to set or remove, sorted by name; flags the settings leave undefined are not listed (left as they are). */
export function desiredAuditFlags(settings: AuditSettings): DesiredFlag[] {
  const flags: DesiredFlag[] = [{ name: 'audit-policy-file', value: settings.policyPath }];
  const put = (name: string, value: string | number | undefined) => {
    if (value !== undefined) flags.push({ name, value: String(value) });
  };
  put('audit-log-path', settings.logPath);
  put('audit-log-maxage', settings.maxAge);
  put('audit-log-maxbackup', settings.maxBackup);
  put('audit-log-maxsize', settings.maxSize);
  if (settings.compress !== undefined)
    flags.push({ name: 'audit-log-compress', value: settings.compress ? 'true' : null });
  put('audit-log-format', settings.format);
  if (settings.logPath !== undefined) put('audit-log-mode', settings.mode);
  put('audit-webhook-config-file', settings.webhookConfigPath);
  if (settings.webhookConfigPath !== undefined) put('audit-webhook-mode', settings.mode);
  return flags.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export type MountRole = 'policy' | 'log' | 'webhook';

export interface DesiredMount {
  role: MountRole;
  /** Host path, mounted at the same path in the container (no trailing slash). */
  path: string;
  type: 'File' | 'DirectoryOrCreate';
  readOnly: boolean;
  /** Preferred volume name; a suffix is added when it is taken. */
  name: string;
  /** The flag whose current value tells where the previous mount of this role was. */
  flag: string;
}

export function mountPathForFlag(flag: string, value: string): string | undefined {
  if (flag === 'audit-log-path') return value === '-' || !value.startsWith('/') ? undefined : parentDirectory(value);
  return value.startsWith('/') ? trimTrailingSlash(value) : undefined;
}

export const ROLE_FLAGS: Record<MountRole, string> = {
  policy: 'audit-policy-file',
  log: 'audit-log-path',
  webhook: 'audit-webhook-config-file',
};

export function desiredAuditMounts(settings: AuditSettings): DesiredMount[] {
  const mounts: DesiredMount[] = [
    {
      role: 'policy',
      path: trimTrailingSlash(settings.policyPath),
      type: 'File',
      readOnly: true,
      name: 'audit-policy',
      flag: ROLE_FLAGS.policy,
    },
  ];
  const logDir = settings.logPath === undefined ? undefined : mountPathForFlag(ROLE_FLAGS.log, settings.logPath);
  if (logDir !== undefined) {
    mounts.push({
      role: 'log',
      path: logDir,
      type: 'DirectoryOrCreate',
      readOnly: false,
      name: 'audit-log',
      flag: ROLE_FLAGS.log,
    });
  }
  if (settings.webhookConfigPath !== undefined) {
    mounts.push({
      role: 'webhook',
      path: trimTrailingSlash(settings.webhookConfigPath),
      type: 'File',
      readOnly: true,
      name: 'audit-webhook-config',
      flag: ROLE_FLAGS.webhook,
    });
  }
  return mounts;
}
