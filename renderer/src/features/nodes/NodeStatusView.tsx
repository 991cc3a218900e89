// The outcome of a node's last check: a fact sheet after a probe, or what went wrong and what to do about it.
import { Alert, AlertTitle, Box, Button, Chip, Stack, Tooltip, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import type { DetectedPaths, NodeCheckOutcome, NodeProbe, NodeStatus } from '../../../../shared/ipc/contract/nodes.ts';
import { formatBytes, SUDO_STATUS_LABELS, sudoStatusOk } from './format.ts';

interface Props {
  status: NodeStatus | undefined;
  onAnswer(): void;
  onUseDetectedPaths(paths: DetectedPaths): void;
}

type Tone = 'ok' | 'warn' | 'bad' | 'plain';

function Fact({ label, tone = 'plain', children }: { label: string; tone?: Tone; children: ReactNode }) {
  const color = { ok: 'success.main', warn: 'warning.main', bad: 'error.main', plain: 'text.primary' }[tone];
  return (
    <>
      <Typography component="dt" variant="body2" color="text.secondary" sx={{ whiteSpace: 'nowrap' }}>
        {label}
      </Typography>
      <Typography component="dd" variant="body2" sx={{ m: 0, color, wordBreak: 'break-word' }}>
        {children}
      </Typography>
    </>
  );
}

function rotation(audit: NodeProbe['audit']): string {
  const parts = [
    audit.maxage !== null ? `max age ${audit.maxage} d` : null,
    audit.maxbackup !== null ? `${audit.maxbackup} backups` : null,
    audit.maxsize !== null ? `max size ${audit.maxsize} MB` : null,
    audit.compress ? 'compressed' : null,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : 'not set (kube-apiserver keeps logs forever by default)';
}

function ProbeFacts({
  probe,
  detectedPaths,
  onUseDetectedPaths,
}: {
  probe: NodeProbe;
  detectedPaths: DetectedPaths | null;
  onUseDetectedPaths(paths: DetectedPaths): void;
}) {
  const audit = probe.audit;
  const os = probe.os.prettyName ?? ([probe.os.id, probe.os.versionId].filter(Boolean).join(' ') || 'unknown');
  return (
    <Box>
      {probe.distribution !== 'kubeadm' && (
        <Alert
          severity={probe.distribution === 'unknown' ? 'warning' : 'info'}
          sx={{ mb: 1.5 }}
          data-testid="distribution-note"
        >
          <AlertTitle>Distribution: {probe.distribution}</AlertTitle>
          {probe.distributionNote}
        </Alert>
      )}
      <Box
        component="dl"
        sx={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 2, rowGap: 0.5, m: 0 }}
        aria-label="Probe results"
      >
        <Fact label="Connection" tone="ok">
          connected as {probe.user}
        </Fact>
        <Fact label="OS">{os}</Fact>
        <Fact label="Distribution" tone={probe.distribution === 'kubeadm' ? 'ok' : 'warn'}>
          {probe.distribution === 'kubeadm' ? 'kubeadm (static pod)' : probe.distribution}
        </Fact>
        <Fact label="kubelet" tone={probe.kubeletRunning ? 'ok' : 'warn'}>
          {probe.kubeletRunning ? 'running' : 'not running'}
        </Fact>
        <Fact label="crictl" tone={probe.runtime.crictl ? 'ok' : 'plain'}>
          {probe.runtime.crictl ?? 'not found'}
        </Fact>
        <Fact label="sudo" tone={sudoStatusOk(probe.sudo) ? 'ok' : 'bad'}>
          {SUDO_STATUS_LABELS[probe.sudo]}
        </Fact>
        <Fact label="Manifest" tone={probe.manifestFound && !probe.manifestError ? 'ok' : 'bad'}>
          <span data-testid="manifest-status">
            {probe.manifestFound ? `found: ${probe.manifestPath}` : `not found: ${probe.manifestPath}`}
          </span>
          {probe.manifestError && (
            <Typography variant="caption" component="div" color="error">
              {probe.manifestError}
            </Typography>
          )}
        </Fact>
        <Fact label="Audit" tone={audit.enabled ? 'ok' : 'warn'}>
          <span data-testid="audit-status">{audit.enabled ? 'enabled' : 'not enabled'}</span>
          {audit.mode && ` (log mode ${audit.mode}${audit.format ? `, format ${audit.format}` : ''})`}
        </Fact>
        <Fact label="Policy" tone={audit.policyPath && !audit.policyFound ? 'bad' : 'plain'}>
          {audit.policyPath ?? 'none set'}
          {audit.policyPath && !audit.policyFound && ' (file missing)'}
          {audit.policySha256 && (
            <Tooltip title={`sha256 ${audit.policySha256}`}>
              <Typography
                component="div"
                variant="caption"
                sx={{ fontFamily: 'monospace' }}
                data-testid="policy-sha256"
              >
                sha256 {audit.policySha256.slice(0, 16)}…
              </Typography>
            </Tooltip>
          )}
        </Fact>
        <Fact label="Log">
          {audit.logPath === '-' ? 'standard output' : (audit.logPath ?? 'none set')}
          {audit.logBytes !== null && ` · ${formatBytes(audit.logBytes)}`}
          {audit.rotatedFiles ? ` · ${audit.rotatedFiles} rotated (${formatBytes(audit.rotatedBytes)})` : ''}
        </Fact>
        {audit.webhookConfigPath && <Fact label="Webhook">{audit.webhookConfigPath}</Fact>}
        <Fact label="Rotation">{rotation(audit)}</Fact>
        <Fact label="Free disk" tone={audit.freeBytes !== null && audit.freeBytes < 1024 ** 3 ? 'warn' : 'plain'}>
          {audit.freeBytes === null ? 'unknown' : `${formatBytes(audit.freeBytes)} at the log folder`}
        </Fact>
      </Box>
      {detectedPaths && (
        <Alert
          severity="info"
          sx={{ mt: 1.5 }}
          action={
            <Button size="small" onClick={() => onUseDetectedPaths(detectedPaths)}>
              Use detected paths
            </Button>
          }
        >
          The manifest names other paths than this profile: policy {detectedPaths.policyPath}, log{' '}
          {detectedPaths.logPath}.
        </Alert>
      )}
      {[...audit.problems, ...probe.warnings].map((warning) => (
        <Alert key={warning} severity="warning" sx={{ mt: 1 }}>
          {warning}
        </Alert>
      ))}
    </Box>
  );
}

function Outcome({ outcome, onAnswer, onUseDetectedPaths }: { outcome: NodeCheckOutcome } & Omit<Props, 'status'>) {
  switch (outcome.kind) {
    case 'probed':
      return (
        <ProbeFacts
          probe={outcome.probe}
          detectedPaths={outcome.detectedPaths}
          onUseDetectedPaths={onUseDetectedPaths}
        />
      );
    case 'connected':
      return (
        <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
          <Chip color="success" variant="outlined" size="small" label={`Connected as ${outcome.remoteUser}`} />
          <Chip
            color={outcome.sudo === 'not-used' || sudoStatusOk(outcome.sudo) ? 'success' : 'error'}
            variant="outlined"
            size="small"
            label={SUDO_STATUS_LABELS[outcome.sudo]}
          />
        </Stack>
      );
    case 'host-key-changed':
      return (
        <Alert severity="error" variant="filled" role="alert" data-testid="host-key-changed">
          <AlertTitle>Host key changed: connection refused</AlertTitle>
          The {outcome.hop === 'jump' ? 'jump host' : 'node'} {outcome.host}:{outcome.port} now presents{' '}
          {outcome.got.keyType} {outcome.got.fingerprintSha256}, but{' '}
          {outcome.expected.map((key) => `${key.keyType} ${key.fingerprintSha256} (${key.source})`).join(', ')} is on
          record. This may be an attack. Auditscope will not connect; check the new key out of band and remove the old
          entry yourself if the host was really reinstalled.
        </Alert>
      );
    case 'host-key-revoked':
      return (
        <Alert severity="error" variant="filled" role="alert">
          <AlertTitle>Host key revoked</AlertTitle>
          {outcome.message}
        </Alert>
      );
    case 'host-key-unknown':
      return (
        <Alert
          severity="warning"
          action={
            <Button size="small" onClick={onAnswer}>
              Review key
            </Button>
          }
        >
          The host key of {outcome.host}:{outcome.port} is not known yet ({outcome.keyType} {outcome.fingerprintSha256}
          ).
        </Alert>
      );
    case 'secret-required':
      return (
        <Alert
          severity="info"
          action={
            <Button size="small" onClick={onAnswer}>
              Enter
            </Button>
          }
        >
          {outcome.reason === 'wrong' ? 'Not accepted: ' : 'Needed: '}
          {outcome.prompt}
        </Alert>
      );
    case 'failed':
      return (
        <Alert severity="error">
          <AlertTitle>{outcome.code}</AlertTitle>
          {outcome.message}
        </Alert>
      );
    case 'cancelled':
      return (
        <Typography variant="body2" color="text.secondary">
          Cancelled.
        </Typography>
      );
  }
}

export function NodeStatusView({ status, onAnswer, onUseDetectedPaths }: Props) {
  if (!status) {
    return (
      <Typography variant="body2" color="text.secondary">
        Not checked yet. Use “Test connection” to check the login, or “Probe” to read the node’s audit setup.
      </Typography>
    );
  }
  return (
    <Box>
      <Typography variant="caption" color="text.secondary" component="div" sx={{ mb: 1 }}>
        {status.mode === 'probe' ? 'Probed' : 'Connection tested'} at {new Date(status.checkedAt).toLocaleTimeString()}
      </Typography>
      <Outcome outcome={status.outcome} onAnswer={onAnswer} onUseDetectedPaths={onUseDetectedPaths} />
    </Box>
  );
}
