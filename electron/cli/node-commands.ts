// `auditscope node ...`: probe a control-plane node, and apply or revert audit settings on it, over SSH. The
// connection options, secrets and host-key rules are shared with `logs tail` (ssh-options.ts).
import { probeNode, type ProbeResult } from '../backend/nodes/probe.ts';
import { parseCommandLine, runDomain, type Command, type Domain } from './command.ts';
import { printJsonLine } from './io.ts';
import { applyCommand, revertCommand } from './node-apply-command.ts';
import { connectSsh, SSH_NOTES, SSH_OPTIONS, SSH_SYNOPSIS } from './ssh-options.ts';

const probeCommand: Command = {
  name: 'probe',
  summary: 'Connect over SSH and report the OS, kubelet, distribution, sudo and the audit configuration.',
  usage: `usage: auditscope node probe ${SSH_SYNOPSIS} [--manifest-path P] [--policy-path P] [--log-path P] [--fs-root DIR] [--json]

Reports what the app's Probe button shows: OS, kubelet, container runtime CLI, distribution, sudo, and the audit
configuration found on the node (policy and its sha256, log path and size, rotation, free disk, problems).
  --manifest-path P  the kube-apiserver manifest (default /etc/kubernetes/manifests/kube-apiserver.yaml)
  --policy-path P, --log-path P  look at these instead of the paths the manifest names
  --fs-root DIR      treat DIR as the node's "/" (chroots, test layouts)
  --json             print one object
${SSH_NOTES}
Exit 0 probed, 1 host key or login refused, 2 usage, connection or I/O error.`,
  run: probe,
};

const NODE: Domain = { name: 'node', commands: [probeCommand, applyCommand, revertCommand] };

export function run(argv: string[]): Promise<number> {
  return runDomain(NODE, argv);
}

async function probe(argv: string[]): Promise<number> {
  const { values } = parseCommandLine(
    probeCommand,
    argv,
    {
      ...SSH_OPTIONS,
      'manifest-path': { type: 'string' },
      'policy-path': { type: 'string' },
      'log-path': { type: 'string' },
      'fs-root': { type: 'string' },
      json: { type: 'boolean' },
    },
    { min: 0, max: 0, what: 'arguments' },
  );
  const { session } = await connectSsh(probeCommand, values);
  try {
    const result = await probeNode(session, values.user!, {
      manifestPath: values['manifest-path'],
      policyPath: values['policy-path'],
      logPath: values['log-path'],
      fsRoot: values['fs-root'],
      useSudo: values.sudo === true,
    });
    if (values.json) printJsonLine(result);
    else process.stdout.write(describe(result));
    return 0;
  } finally {
    session.close();
  }
}

function describe(result: ProbeResult): string {
  const a = result.audit;
  const size = (bytes: number | null) => (bytes === null ? 'unknown' : `${(bytes / 1024 / 1024).toFixed(1)} MiB`);
  const lines = [
    `host:          ${result.user}@${result.host}`,
    `os:            ${result.os.prettyName ?? 'unknown'}`,
    `distribution:  ${result.distribution} — ${result.distributionNote}`,
    `kubelet:       ${result.kubeletRunning ? 'running' : 'not running'}`,
    `crictl:        ${result.runtime.crictl ?? 'not found'}`,
    `sudo:          ${result.sudo}`,
    `manifest:      ${result.manifestPath} ${result.manifestFound ? '(found)' : '(not found)'}${result.manifestError ? ` — ${result.manifestError}` : ''}`,
    `audit:         ${a.enabled ? 'enabled' : 'not enabled'}`,
    `  policy:      ${a.policyPath ?? '-'}${a.policySha256 ? ` sha256:${a.policySha256}` : a.policyPath ? ' (not found)' : ''}`,
    `  log:         ${a.logPath ?? '-'} (${size(a.logBytes)}; ${a.rotatedFiles ?? 0} rotated, ${size(a.rotatedBytes)})`,
    `  rotation:    maxage=${a.maxage ?? 'default'} maxbackup=${a.maxbackup ?? 'default'} maxsize=${a.maxsize ?? 'default'}`,
    `  free disk:   ${size(a.freeBytes)}`,
    ...a.problems.map((problem) => `  problem:     ${problem}`),
    ...result.warnings.map((warning) => `warning:       ${warning}`),
  ];
  return lines.join('\n') + '\n';
}
