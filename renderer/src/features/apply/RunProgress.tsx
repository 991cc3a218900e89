// Per-node progress of a running rollout (from apply.step events) and, once finished, the outcome.
import CheckCircleOutlineOutlined from '@mui/icons-material/CheckCircleOutlineOutlined';
import ErrorOutlineOutlined from '@mui/icons-material/ErrorOutlineOutlined';
import RemoveCircleOutlineOutlined from '@mui/icons-material/RemoveCircleOutlineOutlined';
import { Alert, Box, LinearProgress, List, ListItem, ListItemIcon, ListItemText, Typography } from '@mui/material';
import type { RunResult, StepEvent, StepId } from '../../../../shared/apply/types.ts';

const STEP_LABELS: Record<StepId, string> = {
  connect: 'Connect',
  verify: 'Check the node is as planned',
  backup: 'Back up',
  'write-policy': 'Write the policy',
  'write-webhook-config': 'Write the webhook kubeconfig',
  'write-manifest': 'Write the manifest',
  'wait-restart': 'Wait for the API server',
  'check-log': 'Check the audit log',
  'kubeadm-config': 'Update kubeadm-config',
  'collect-logs': 'Collect the API server log',
  rollback: 'Roll back',
  'rollback-health': 'Wait for the previous API server',
};

const STEP_ICONS = {
  ok: <CheckCircleOutlineOutlined color="success" fontSize="small" />,
  failed: <ErrorOutlineOutlined color="error" fontSize="small" />,
  skipped: <RemoveCircleOutlineOutlined color="disabled" fontSize="small" />,
  running: null,
};

const OUTCOME_SEVERITY = {
  applied: 'success',
  unchanged: 'info',
  'rolled-back': 'warning',
  'rollback-failed': 'error',
  failed: 'error',
  'not-started': 'info',
} as const;

export default function RunProgress({
  nodes,
  steps,
  result,
}: {
  nodes: { nodeId: string; label: string }[];
  steps: StepEvent[];
  result: RunResult | null;
}) {
  return (
    <Box aria-live="polite">
      {!result && <LinearProgress aria-label="Rollout in progress" sx={{ mb: 2 }} />}
      {result && (
        <Alert
          severity={result.outcome === 'succeeded' ? 'success' : result.outcome === 'cancelled' ? 'info' : 'error'}
          sx={{ mb: 2 }}
          data-testid="run-outcome"
        >
          {result.outcome === 'succeeded'
            ? 'Rollout succeeded'
            : result.outcome === 'cancelled'
              ? 'Rollout cancelled'
              : 'Rollout failed'}
        </Alert>
      )}
      {nodes.map((node) => {
        const nodeResult = result?.nodes.find((n) => n.nodeId === node.nodeId);
        const nodeSteps = steps.filter((s) => s.nodeId === node.nodeId && s.status !== 'running');
        const current = steps.filter((s) => s.nodeId === node.nodeId).at(-1);
        return (
          <Box key={node.nodeId} component="section" aria-label={`Progress of ${node.label}`} sx={{ mb: 2 }}>
            <Typography variant="subtitle1" component="h3">
              {node.label}
            </Typography>
            {current?.status === 'running' && <Typography variant="body2">{current.message}…</Typography>}
            <List dense>
              {nodeSteps.map((step, index) => (
                <ListItem key={index} data-step={step.step} data-status={step.status}>
                  <ListItemIcon sx={{ minWidth: 32 }} aria-label={step.status}>
                    {STEP_ICONS[step.status]}
                  </ListItemIcon>
                  <ListItemText primary={STEP_LABELS[step.step]} secondary={step.message} />
                </ListItem>
              ))}
            </List>
            {nodeResult && (
              <Alert severity={OUTCOME_SEVERITY[nodeResult.outcome]}>
                {nodeResult.outcome}: {nodeResult.message}
                {nodeResult.backupDir && <div>Backup: {nodeResult.backupDir}</div>}
                {nodeResult.apiserverLog && (
                  <Box component="pre" sx={{ whiteSpace: 'pre-wrap', fontSize: 12, maxHeight: 200, overflow: 'auto' }}>
                    {nodeResult.apiserverLog}
                  </Box>
                )}
              </Alert>
            )}
          </Box>
        );
      })}
    </Box>
  );
}
