// What probing a control-plane node finds: the one definition used by the prober, the IPC contract, the UI and
// `auditscope node probe --json`.

export type Distribution = 'kubeadm' | 'k3s' | 'rke2' | 'microk8s' | 'unknown';

export type SudoStatus =
  'root' | 'nopasswd' | 'password' | 'password-required' | 'password-rejected' | 'not-allowed' | 'not-installed';

export interface ProbeAudit {
  /** A policy file is set and at least one backend (log or webhook). */
  enabled: boolean;
  policyPath: string | null;
  policyFound: boolean;
  policySha256: string | null;
  policyContent: string | null;
  logPath: string | null;
  logBytes: number | null;
  maxage: number | null;
  maxbackup: number | null;
  maxsize: number | null;
  compress: boolean | null;
  format: string | null;
  mode: string | null;
  webhookConfigPath: string | null;
  rotatedFiles: number | null;
  rotatedBytes: number | null;
  /** Free bytes on the file system holding the log folder (or its nearest existing parent). */
  freeBytes: number | null;
  flags: { name: string; value: string | null; line: number }[];
  problems: string[];
}

export interface ProbeResult {
  host: string;
  user: string;
  os: { id: string | null; versionId: string | null; prettyName: string | null };
  kubeletRunning: boolean;
  runtime: { crictl: string | null };
  distribution: Distribution;
  distributionNote: string;
  sudo: SudoStatus;
  manifestPath: string;
  manifestFound: boolean;
  /** Why the manifest could not be read or parsed, with line/column when the YAML is at fault. */
  manifestError: string | null;
  audit: ProbeAudit;
  /** Things the probe could not find out, in plain words. */
  warnings: string[];
}
