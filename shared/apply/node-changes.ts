// Pure: from what a node has now (manifest, policy, webhook config, kubeadm ClusterConfiguration) and what the
// user chose, the exact file contents after an apply or a disable, each with its unified diff.
import { parse } from 'yaml';
import type { AuditSettings } from '../manifest/audit-settings.ts';
import { disableAudit } from '../manifest/disable-audit.ts';
import { unifiedDiff } from '../manifest/diff.ts';
import { enableAudit } from '../manifest/enable-audit.ts';
import { applyKubeadmAudit, removeKubeadmAudit } from '../manifest/kubeadm-config.ts';
import type { EditResult } from '../manifest/result.ts';
import { webhookKubeconfig } from './webhook-kubeconfig.ts';
import type { ApplySettings, FileChange, FileRole } from './types.ts';

export interface NodeFiles {
  manifestPath: string;
  manifestText: string;
  /** Current content at the target policy path (null: no such file). */
  policyText: string | null;
  /** Current content at the webhook config path, when a webhook is configured. */
  webhookConfigText: string | null;
  /** The kubeadm ClusterConfiguration YAML, when it is to be updated. */
  kubeadmConfigText: string | null;
}

export interface ComputedChanges {
  /** Only files whose content changes. */
  changes: FileChange[];
  notes: string[];
  /** Refusals from the editors, with positions: the node is blocked when any is present. */
  problems: string[];
}

export const KUBEADM_CONFIG_PATH = 'kube-system/kubeadm-config';

export function fileChange(role: FileRole, path: string, before: string | null, after: string | null): FileChange {
  const label = (side: string) => `${path} (${side})`;
  return {
    role,
    path,
    before,
    after,
    diff:
      before === after
        ? ''
        : unifiedDiff(before ?? '', after ?? '', { oldLabel: label('now'), newLabel: label('planned') }),
  };
}

export function toManifestSettings(settings: ApplySettings, policySha256: string): AuditSettings {
  return {
    policyPath: settings.policyPath,
    logPath: settings.logPath,
    webhookConfigPath: settings.webhook?.configPath,
    maxAge: settings.maxAge,
    maxBackup: settings.maxBackup,
    maxSize: settings.maxSize,
    compress: settings.logPath === undefined ? undefined : (settings.compress ?? false),
    policySha256,
  };
}

function refusal(what: string, result: EditResult): string {
  if (result.ok) return '';
  const where = result.line ? `:${result.line}:${result.column ?? 1}` : '';
  return `${what}${where}: ${result.reason}`;
}

function pushIfChanged(out: FileChange[], change: FileChange): void {
  if (change.before !== change.after) out.push(change);
}

export function computeApplyChanges(
  files: NodeFiles,
  settings: ApplySettings,
  policyText: string,
  policySha256: string,
  manifestsDir: string,
): ComputedChanges {
  const out: ComputedChanges = { changes: [], notes: [], problems: [] };
  const manifestSettings = toManifestSettings(settings, policySha256);
  const manifest = enableAudit(files.manifestText, manifestSettings, { manifestsDir });
  if (!manifest.ok) {
    out.problems.push(refusal(files.manifestPath, manifest));
    return out;
  }
  pushIfChanged(out.changes, fileChange('policy', settings.policyPath, files.policyText, policyText));
  if (settings.webhook) {
    const config = webhookKubeconfig(settings.webhook);
    pushIfChanged(
      out.changes,
      fileChange('webhook-config', settings.webhook.configPath, files.webhookConfigText, config),
    );
  }
  pushIfChanged(out.changes, fileChange('manifest', files.manifestPath, files.manifestText, manifest.text));
  out.notes.push(...manifest.changes);
  if (files.kubeadmConfigText !== null) {
    const kubeadm = applyKubeadmAudit(
      files.kubeadmConfigText,
      { ...manifestSettings, policySha256: undefined },
      { manifestsDir },
    );
    if (!kubeadm.ok) out.problems.push(refusal('kubeadm ClusterConfiguration', kubeadm));
    else {
      pushIfChanged(
        out.changes,
        fileChange('kubeadm-config', KUBEADM_CONFIG_PATH, files.kubeadmConfigText, kubeadm.text),
      );
      out.notes.push(...kubeadm.changes.map((change) => `kubeadm-config: ${change}`));
    }
  }
  return out;
}

/** Disable: the manifest loses every audit flag, mount and our annotation; files on disk stay (harmless, unread). */
export function computeDisableChanges(
  files: Pick<NodeFiles, 'manifestPath' | 'manifestText' | 'kubeadmConfigText'>,
): ComputedChanges {
  const out: ComputedChanges = { changes: [], notes: [], problems: [] };
  const manifest = disableAudit(files.manifestText);
  if (!manifest.ok) {
    out.problems.push(refusal(files.manifestPath, manifest));
    return out;
  }
  pushIfChanged(out.changes, fileChange('manifest', files.manifestPath, files.manifestText, manifest.text));
  out.notes.push(...manifest.changes);
  if (files.kubeadmConfigText !== null) {
    const kubeadm = removeKubeadmAudit(files.kubeadmConfigText);
    if (!kubeadm.ok) out.problems.push(refusal('kubeadm ClusterConfiguration', kubeadm));
    else
      pushIfChanged(
        out.changes,
        fileChange('kubeadm-config', KUBEADM_CONFIG_PATH, files.kubeadmConfigText, kubeadm.text),
      );
  }
  return out;
}

/** "1.29" from the kube-apiserver container's image tag (e.g. registry.k8s.io/kube-apiserver:v1.29.0). */
export function kubeVersionFromManifest(text: string): string | null {
  let pod: unknown;
  try {
    pod = parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return null;
  }
  const containers = (pod as { spec?: { containers?: unknown } } | null)?.spec?.containers;
  if (!Array.isArray(containers)) return null;
  const container = containers.find((c) => (c as { name?: unknown })?.name === 'kube-apiserver') ?? containers[0];
  const image = (container as { image?: unknown } | undefined)?.image;
  if (typeof image !== 'string') return null;
  const match = /:v?(1)\.(\d+)(?:\.\d+)?(?:[-+@][^/]*)?$/.exec(image);
  return match ? `${match[1]}.${match[2]}` : null;
}
