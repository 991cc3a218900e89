// The audit settings Auditscope writes into a kube-apiserver manifest (or kubeadm ClusterConfiguration), and their
// validation. A field left undefined means "leave whatever the manifest has"; paths are host paths, mounted at the
// same path inside the apiserver container.

export const AUDIT_LOG_FORMATS = ['json', 'legacy'] as const;
export const AUDIT_MODES = ['batch', 'blocking', 'blocking-strict'] as const;
export type AuditLogFormat = (typeof AUDIT_LOG_FORMATS)[number];
export type AuditMode = (typeof AUDIT_MODES)[number];

export const DEFAULT_MANIFESTS_DIR = '/etc/kubernetes/manifests';
export const POLICY_HASH_ANNOTATION = 'auditscope.io/policy-sha256';

export interface AuditSettings {
  /** --audit-policy-file. */
  policyPath: string;
  /** --audit-log-path: a file, or "-" for the container's stdout. */
  logPath?: string;
  /** --audit-webhook-config-file: a kubeconfig-format file naming the webhook. */
  webhookConfigPath?: string;
  /** --audit-log-maxage, days. */
  maxAge?: number;
  /** --audit-log-maxbackup, files. */
  maxBackup?: number;
  /** --audit-log-maxsize, megabytes. */
  maxSize?: number;
  /** --audit-log-compress: true writes the flag, false removes it. */
  compress?: boolean;
  /** --audit-log-format. */
  format?: AuditLogFormat;
  /** --audit-log-mode and/or --audit-webhook-mode, for the backends that are set. */
  mode?: AuditMode;
  /** Hex SHA-256 of the policy file, written as a pod annotation so a policy-only change restarts the apiserver. */
  policySha256?: string;
}

export interface SettingsProblem {
  field: keyof AuditSettings | 'settings';
  message: string;
}

export interface ValidationOptions {
  /** The kubelet's staticPodPath; files there are started as pods. */
  manifestsDir?: string;
}

/** Removes trailing slashes (but keeps "/"). */
export function trimTrailingSlash(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') || '/' : path;
}

export function parentDirectory(path: string): string {
  const trimmed = trimTrailingSlash(path);
  const slash = trimmed.lastIndexOf('/');
  return slash <= 0 ? '/' : trimmed.slice(0, slash);
}

/** True when `path` is `dir` itself or lies below it. */
export function isWithin(path: string, dir: string): boolean {
  const base = trimTrailingSlash(dir);
  const target = trimTrailingSlash(path);
  return target === base || target.startsWith(base === '/' ? '/' : base + '/');
}

function checkPath(
  field: keyof AuditSettings,
  label: string,
  path: unknown,
  manifestsDir: string,
  problems: SettingsProblem[],
  kind: 'file' | 'file-or-stdout',
): void {
  if (typeof path !== 'string' || path === '') {
    problems.push({ field, message: `${label} must be a non-empty string` });
    return;
  }
  if (kind === 'file-or-stdout' && path === '-') return;
  if (!path.startsWith('/')) {
    problems.push({ field, message: `${label} must be an absolute path (starting with "/"), got "${path}"` });
    return;
  }
  if (/[\u0000-\u001f\u007f]/.test(path)) {
    problems.push({ field, message: `${label} contains a control character` });
    return;
  }
  if (path.endsWith('/')) {
    problems.push({ field, message: `${label} must name a file, not a directory: "${path}"` });
    return;
  }
  if (path.split('/').some((part, index) => (index > 0 && part === '') || part === '.' || part === '..')) {
    problems.push({ field, message: `${label} must be a normalized path (no "//", "." or ".." parts): "${path}"` });
    return;
  }
  if (isWithin(path, manifestsDir)) {
    problems.push({
      field,
      message: `${label} "${path}" is inside the manifests directory ${manifestsDir}; the kubelet would try to run it as a pod`,
    });
  }
}

function checkCount(
  field: 'maxAge' | 'maxBackup' | 'maxSize',
  flag: string,
  value: unknown,
  problems: SettingsProblem[],
) {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    problems.push({
      field,
      message: `${field} (--${flag}) must be a non-negative integer, got ${JSON.stringify(value)}`,
    });
  }
}

/** Every problem with the settings; an empty list means they can be written. */
export function validateAuditSettings(settings: AuditSettings, options: ValidationOptions = {}): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  if (typeof settings !== 'object' || settings === null) {
    return [{ field: 'settings', message: 'settings must be an object' }];
  }
  const manifestsDir = options.manifestsDir ?? DEFAULT_MANIFESTS_DIR;
  checkPath('policyPath', 'the policy path', settings.policyPath, manifestsDir, problems, 'file');
  const hasLog = settings.logPath !== undefined;
  const hasWebhook = settings.webhookConfigPath !== undefined;
  if (hasLog) checkPath('logPath', 'the log path', settings.logPath, manifestsDir, problems, 'file-or-stdout');
  if (hasWebhook) {
    checkPath(
      'webhookConfigPath',
      'the webhook config path',
      settings.webhookConfigPath,
      manifestsDir,
      problems,
      'file',
    );
  }
  if (!hasLog && !hasWebhook) {
    problems.push({
      field: 'logPath',
      message: 'a log path or a webhook config path is required (audit events need a backend)',
    });
  }
  if (hasLog && settings.logPath === settings.policyPath) {
    problems.push({ field: 'logPath', message: 'the log path must differ from the policy path' });
  }
  if (hasWebhook && settings.webhookConfigPath === settings.policyPath) {
    problems.push({ field: 'webhookConfigPath', message: 'the webhook config path must differ from the policy path' });
  }
  checkCount('maxAge', 'audit-log-maxage', settings.maxAge, problems);
  checkCount('maxBackup', 'audit-log-maxbackup', settings.maxBackup, problems);
  checkCount('maxSize', 'audit-log-maxsize', settings.maxSize, problems);
  const logFileOptions = (['maxAge', 'maxBackup', 'maxSize', 'compress', 'format'] as const).filter(
    (field) => settings[field] !== undefined,
  );
  if (logFileOptions.length > 0 && !hasLog) {
    problems.push({
      field: logFileOptions[0]!,
      message: `${logFileOptions.join(', ')} need a log path (they configure the log backend)`,
    });
  }
  const rotation = (['maxAge', 'maxBackup', 'maxSize', 'compress'] as const).filter(
    (field) => settings[field] !== undefined,
  );
  if (settings.logPath === '-' && rotation.length > 0) {
    problems.push({
      field: rotation[0]!,
      message: `${rotation.join(', ')} have no effect when the log path is "-" (stdout)`,
    });
  }
  if (settings.compress !== undefined && typeof settings.compress !== 'boolean') {
    problems.push({ field: 'compress', message: 'compress must be true or false' });
  }
  if (settings.format !== undefined && !AUDIT_LOG_FORMATS.includes(settings.format)) {
    problems.push({
      field: 'format',
      message: `format must be one of ${AUDIT_LOG_FORMATS.join(', ')}, got "${String(settings.format)}"`,
    });
  }
  if (settings.mode !== undefined && !AUDIT_MODES.includes(settings.mode)) {
    problems.push({
      field: 'mode',
      message: `mode must be one of ${AUDIT_MODES.join(', ')}, got "${String(settings.mode)}"`,
    });
  }
  if (settings.policySha256 !== undefined && !/^[0-9a-f]{64}$/.test(String(settings.policySha256))) {
    problems.push({
      field: 'policySha256',
      message: 'policySha256 must be 64 lowercase hex digits (a SHA-256 digest)',
    });
  }
  return problems;
}

export function describeProblems(problems: readonly SettingsProblem[]): string {
  return `invalid audit settings: ${problems.map((problem) => problem.message).join('; ')}`;
}
