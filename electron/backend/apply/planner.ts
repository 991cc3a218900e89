// Builds one node's plan: the preflight checks and the exact file changes, read from the node itself.
// Nothing is written here.
import { estimateAuditDiskUse, formatBytes } from '../../../shared/apply/disk-estimate.ts';
import {
  computeApplyChanges,
  computeDisableChanges,
  fileChange,
  kubeVersionFromManifest,
  type ComputedChanges,
} from '../../../shared/apply/node-changes.ts';
import type { ApplySettings, FileChange, NodePlan, PreflightCheck } from '../../../shared/apply/types.ts';
import { parentDirectory } from '../../../shared/manifest/audit-settings.ts';
import { readAuditConfig } from '../../../shared/manifest/read-audit-config.ts';
import { loadPolicyText } from '../../../shared/policy/load-policy.ts';
import { parseKubeVersion } from '../../../shared/policy/version.ts';
import { livezCheck } from './health.ts';
import { ADMIN_KUBECONFIG, readClusterConfiguration } from './kubeadm-configmap.ts';
import { anonymousAuthDisabled, livezUrlFor } from './livez.ts';
import { directoryOf, manifestPathOf } from './node-target.ts';
import { check, checkLeftovers, checkSudo, freeBytesAt } from './preflight.ts';
import type { RemoteNode } from './remote-node.ts';

export type PlanRequest =
  | { action: 'apply'; policyText: string; policySha256: string; settings: ApplySettings }
  | { action: 'disable'; persistKubeadm: boolean }
  /** Restore each file to `before` of the journal's changes for this node. */
  | { action: 'revert'; changes: FileChange[] };

/** Fails a node when free space is below this, whatever the estimate. */
const MIN_FREE_BYTES = 64 * 1024 * 1024;

export async function planNode(node: RemoteNode, request: PlanRequest): Promise<NodePlan> {
  const target = node.target;
  const manifestPath = manifestPathOf(target);
  const checks: PreflightCheck[] = [
    check('connection', 'Connection', 'ok', `connected to ${target.address.username}@${target.address.host}`),
  ];
  const plan: NodePlan = {
    nodeId: target.id,
    label: target.label,
    kubernetesVersion: null,
    checks,
    changes: [],
    notes: [],
    blocked: false,
    expectLogPath: null,
  };
  const finish = () => ({ ...plan, blocked: checks.some((c) => c.status === 'failed') });

  checks.push(await checkSudo(node));
  if (checks[checks.length - 1]!.status === 'failed') return finish();
  const crictl = await node.crictl();
  checks.push(
    crictl
      ? check('crictl', 'Container runtime', 'ok', `crictl at ${crictl}`)
      : check(
          'crictl',
          'Container runtime',
          'failed',
          'crictl not found: the restart of the API server cannot be watched',
        ),
  );

  const manifestText = await node.readText(manifestPath);
  if (manifestText === null) {
    checks.push(check('manifest', 'API server manifest', 'failed', `${manifestPath} does not exist`));
    return finish();
  }
  const current = readAuditConfig(manifestText);
  if (!current.ok) {
    const where = current.line ? `:${current.line}:${current.column ?? 1}` : '';
    checks.push(check('manifest', 'API server manifest', 'failed', `${manifestPath}${where}: ${current.reason}`));
    return finish();
  }
  const auditState = current.config.policyPath
    ? `audit currently on (policy ${current.config.policyPath})`
    : 'audit currently off';
  checks.push(check('manifest', 'API server manifest', 'ok', `${manifestPath} parsed; ${auditState}`));

  plan.kubernetesVersion = kubeVersionFromManifest(manifestText) ?? target.kubernetesVersion ?? null;
  checks.push((await checkLeftovers(node, manifestPath)).check);
  checks.push(await checkHealthAccess(node, manifestText));

  let computed: ComputedChanges;
  if (request.action === 'apply') computed = await planApply(node, request, manifestPath, manifestText, plan);
  else if (request.action === 'disable') {
    const kubeadm = request.persistKubeadm ? await kubeadmText(node, checks) : null;
    computed = computeDisableChanges({ manifestPath, manifestText, kubeadmConfigText: kubeadm });
  } else computed = await planRevert(node, request.changes, checks);
  plan.changes = computed.changes;
  plan.notes = computed.notes;
  for (const problem of computed.problems) checks.push(check('manifest', 'Manifest edit', 'failed', problem));
  return finish();
}

/** How the restart will be judged healthy; an anonymous check against --anonymous-auth=false can never pass. */
async function checkHealthAccess(node: RemoteNode, manifestText: string): Promise<PreflightCheck> {
  const livez = await livezCheck(node, livezUrlFor(node.target, manifestText));
  if (livez.anonymous && anonymousAuthDisabled(manifestText)) {
    return check(
      'health',
      'Health check',
      'failed',
      `${livez.how} cannot pass: the manifest sets --anonymous-auth=false; put kubectl and ${ADMIN_KUBECONFIG} on the node`,
    );
  }
  return check('health', 'Health check', 'ok', `new kube-apiserver container (crictl) and ${livez.how}`);
}

async function kubeadmText(node: RemoteNode, checks: PreflightCheck[]): Promise<string | null> {
  const read = await readClusterConfiguration(node);
  checks.push(
    read.text === null
      ? check('kubeadm', 'kubeadm-config', 'warning', `not updated: ${read.why}`)
      : check('kubeadm', 'kubeadm-config', 'ok', 'ClusterConfiguration read; it is updated after the nodes'),
  );
  return read.text;
}

async function planApply(
  node: RemoteNode,
  request: Extract<PlanRequest, { action: 'apply' }>,
  manifestPath: string,
  manifestText: string,
  plan: NodePlan,
): Promise<ComputedChanges> {
  const { settings } = request;
  const checks = plan.checks;
  let version = parseKubeVersion(undefined);
  if (plan.kubernetesVersion) {
    try {
      version = parseKubeVersion(plan.kubernetesVersion);
    } catch (error) {
      checks.push(
        check('policy', 'Policy', 'warning', `${(error as Error).message}; checked against 1.${version.minor}`),
      );
    }
  } else
    checks.push(check('policy', 'Policy', 'warning', `Kubernetes version unknown; checked against 1.${version.minor}`));
  const loaded = loadPolicyText(request.policyText, version);
  if (loaded.valid) {
    checks.push(
      check('policy', 'Policy', 'ok', `valid for Kubernetes 1.${version.minor} (${loaded.policy!.rules.length} rules)`),
    );
  } else {
    const errors = [...loaded.loadErrors, ...loaded.validationErrors]
      .slice(0, 5)
      .map((d) => (d.range ? `line ${d.range.start.line}: ${d.message}` : d.message));
    checks.push(
      check('policy', 'Policy', 'failed', `kube-apiserver 1.${version.minor} would refuse it: ${errors.join('; ')}`),
    );
  }

  if (settings.logPath && settings.logPath !== '-') {
    plan.expectLogPath = settings.logPath;
    const estimate = estimateAuditDiskUse({ ...settings, minor: version.minor });
    try {
      const free = await freeBytesAt(node, parentDirectory(settings.logPath));
      const need = estimate.maxBytes;
      const detail = `${formatBytes(free)} free at ${parentDirectory(settings.logPath)}; the log may take ${need === null ? 'an unbounded amount' : formatBytes(need)} (${estimate.explanation})`;
      checks.push(
        check(
          'disk',
          'Free disk',
          free < MIN_FREE_BYTES ? 'failed' : need === null || need > free ? 'warning' : 'ok',
          detail,
        ),
      );
    } catch (error) {
      checks.push(check('disk', 'Free disk', 'warning', `could not measure: ${(error as Error).message}`));
    }
  }

  const policyText = await node.readText(settings.policyPath);
  const webhookConfigText = settings.webhook ? await node.readText(settings.webhook.configPath) : null;
  const kubeadm = settings.persistKubeadm ? await kubeadmText(node, checks) : null;
  return computeApplyChanges(
    { manifestPath, manifestText, policyText, webhookConfigText, kubeadmConfigText: kubeadm },
    settings,
    request.policyText,
    request.policySha256,
    directoryOf(manifestPath),
  );
}

async function planRevert(
  node: RemoteNode,
  journalChanges: FileChange[],
  checks: PreflightCheck[],
): Promise<ComputedChanges> {
  const out: ComputedChanges = { changes: [], notes: [], problems: [] };
  const drifted: string[] = [];
  for (const change of journalChanges) {
    const now =
      change.role === 'kubeadm-config' ? (await readClusterConfiguration(node)).text : await node.readText(change.path);
    if (now !== change.after) drifted.push(change.path);
    if (now !== change.before) out.changes.push(fileChange(change.role, change.path, now, change.before));
  }
  checks.push(
    drifted.length > 0
      ? check(
          'drift',
          'Changed since the apply',
          'warning',
          `${drifted.join(', ')} changed after that apply; revert restores the state from before it anyway`,
        )
      : check('drift', 'Changed since the apply', 'ok', 'the node still has what that apply wrote'),
  );
  return out;
}
