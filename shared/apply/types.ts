// The apply flow's data model, shared by the runner, the IPC contract, the CLI and the UI. Paths are node paths
// (as the kubelet and kube-apiserver see them), never prefixed with a test root.

/** What the user chose in the settings step; turned into manifest AuditSettings per node. */
export interface ApplySettings {
  /** Where the policy file goes on every node (--audit-policy-file). */
  policyPath: string;
  /** --audit-log-path; omit for webhook-only. */
  logPath?: string;
  maxAge?: number;
  maxBackup?: number;
  maxSize?: number;
  compress?: boolean;
  /** When set, a webhook kubeconfig is generated and written at `webhook.configPath`. */
  webhook?: WebhookSettings;
  /** Also write the settings into the kubeadm-config ConfigMap (kubeadm clusters only). */
  persistKubeadm?: boolean;
}

export interface WebhookSettings {
  configPath: string;
  /** https URL the EventList batches are POSTed to. */
  server: string;
  /** Path on the node of the CA bundle that signs the webhook's certificate. */
  certificateAuthorityPath?: string;
  /** Client certificate and key paths on the node (mutual TLS). */
  clientCertificatePath?: string;
  clientKeyPath?: string;
}

export type CheckStatus = 'ok' | 'warning' | 'failed';

export interface PreflightCheck {
  id: 'connection' | 'sudo' | 'manifest' | 'policy' | 'disk' | 'leftovers' | 'crictl' | 'health' | 'kubeadm' | 'drift';
  label: string;
  status: CheckStatus;
  detail: string;
}

export type FileRole = 'policy' | 'manifest' | 'webhook-config' | 'kubeadm-config';

/** One file as it is and as it will be. `null` means "does not exist" (after: delete it). */
export interface FileChange {
  role: FileRole;
  /** Node path, or "kube-system/kubeadm-config" for the ConfigMap. */
  path: string;
  before: string | null;
  after: string | null;
  /** Unified diff before → after (empty when unchanged). */
  diff: string;
}

export interface NodePlan {
  nodeId: string;
  label: string;
  /** "1.29" as read from the manifest's image tag (or the profile), null when unknown. */
  kubernetesVersion: string | null;
  checks: PreflightCheck[];
  /** Only the files that change. */
  changes: FileChange[];
  /** Human-readable notes from the manifest editor ("added --audit-log-path ..."). */
  notes: string[];
  /** True when a check failed: nothing will be written to this node. */
  blocked: boolean;
  /** The audit log the runner checks for growth after the restart (node path), if any. */
  expectLogPath: string | null;
}

export type RunAction = 'apply' | 'revert' | 'disable';

export interface RolloutPlan {
  planId: string;
  action: RunAction;
  nodes: NodePlan[];
  /** SHA-256 of the policy being applied (apply only). */
  policySha256: string | null;
  /** Set for revert: the journal entry being reverted. */
  revertOf: string | null;
}

export type StepId =
  | 'connect'
  | 'verify'
  | 'backup'
  | 'write-policy'
  | 'write-webhook-config'
  | 'write-manifest'
  | 'wait-restart'
  | 'check-log'
  | 'kubeadm-config'
  | 'collect-logs'
  | 'rollback'
  | 'rollback-health';

export type StepStatus = 'running' | 'ok' | 'failed' | 'skipped';

export interface StepEvent {
  runId: string;
  nodeId: string;
  step: StepId;
  status: StepStatus;
  message: string;
  at: string;
}

export type NodeOutcome = 'applied' | 'unchanged' | 'rolled-back' | 'rollback-failed' | 'failed' | 'not-started';

export interface NodeResult {
  nodeId: string;
  label: string;
  outcome: NodeOutcome;
  message: string;
  /** Where the backup went on the node (node path), when one was made. */
  backupDir: string | null;
  /** The last lines of the failed kube-apiserver container's log. */
  apiserverLog: string | null;
}

export type RunOutcome = 'succeeded' | 'failed' | 'cancelled';

export interface RunResult {
  runId: string;
  outcome: RunOutcome;
  nodes: NodeResult[];
  journalId: string | null;
}
