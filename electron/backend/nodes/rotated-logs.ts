// Which files next to an audit log are its rotated backups. kube-apiserver (lumberjack) names them
// `<name>-<UTC 2006-01-02T15-04-05.000><ext>`, optionally with `.gz` when --audit-log-compress is set.

export function isRotatedBackupOf(logPath: string, fileName: string): boolean {
  const base = logPath.slice(logPath.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  const stem = dot > 0 ? base.slice(0, dot) : base;
  const ext = dot > 0 ? base.slice(dot) : '';
  if (!fileName.startsWith(`${stem}-`)) return false;
  let rest = fileName.slice(stem.length + 1);
  if (rest.endsWith('.gz')) rest = rest.slice(0, -3);
  if (!rest.endsWith(ext)) return false;
  const stamp = rest.slice(0, rest.length - ext.length);
  return /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}\.\d{3}$/.test(stamp);
}
