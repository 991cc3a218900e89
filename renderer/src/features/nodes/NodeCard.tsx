// One node: its profile in a line, the actions, a progress bar while a check runs, and its status card.
import CableIcon from '@mui/icons-material/CableOutlined';
import DeleteIcon from '@mui/icons-material/DeleteOutlineOutlined';
import DnsIcon from '@mui/icons-material/DnsOutlined';
import EditIcon from '@mui/icons-material/EditOutlined';
import SearchIcon from '@mui/icons-material/ManageSearchOutlined';
import { Box, Button, Chip, IconButton, LinearProgress, Paper, Stack, Tooltip, Typography } from '@mui/material';
import type { DetectedPaths, HeldSecret, NodeProfile, NodeStatus } from '../../../../shared/ipc/contract/nodes.ts';
import { describeAuth, nodeAddress, SUDO_MODE_LABELS } from './format.ts';
import { NodeStatusView } from './NodeStatusView.tsx';
import type { RunningCheck } from './useNodes.ts';

interface Props {
  node: NodeProfile;
  status: NodeStatus | undefined;
  running: RunningCheck | undefined;
  secrets: HeldSecret[];
  onCheck(mode: 'connect' | 'probe'): void;
  onCancel(): void;
  onEdit(): void;
  onRemove(): void;
  onForgetSecrets(): void;
  onAnswer(): void;
  onUseDetectedPaths(paths: DetectedPaths): void;
}

export function NodeCard(props: Props) {
  const { node, running } = props;
  const saved = props.secrets.filter((secret) => secret.saved).length;
  return (
    <Paper
      variant="outlined"
      sx={{ p: 1.5 }}
      component="section"
      aria-label={`Node ${node.name}`}
      data-testid="node-card"
    >
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }} useFlexGap>
        <DnsIcon fontSize="small" color="action" />
        <Typography variant="subtitle1" component="h4" sx={{ fontWeight: 600 }}>
          {node.name}
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ fontFamily: 'monospace' }}>
          {nodeAddress(node)}
        </Typography>
        {node.jump && <Chip size="small" variant="outlined" label={`via ${nodeAddress(node.jump)}`} />}
        <Chip size="small" variant="outlined" label={describeAuth(node.auth)} />
        <Chip size="small" variant="outlined" label={SUDO_MODE_LABELS[node.sudo]} />
        {props.secrets.length > 0 && (
          <Tooltip
            title={
              saved > 0 ? `${saved} saved encrypted; the rest only for this session` : 'Held for this session only'
            }
          >
            <Chip
              size="small"
              label={`${props.secrets.length} secret${props.secrets.length === 1 ? '' : 's'} held`}
              onDelete={props.onForgetSecrets}
            />
          </Tooltip>
        )}
        <Box sx={{ flex: 1 }} />
        <Button
          size="small"
          startIcon={<CableIcon />}
          disabled={Boolean(running)}
          onClick={() => props.onCheck('connect')}
        >
          Test connection
        </Button>
        <Button
          size="small"
          variant="contained"
          startIcon={<SearchIcon />}
          disabled={Boolean(running)}
          onClick={() => props.onCheck('probe')}
        >
          Probe
        </Button>
        <Tooltip title="Edit node">
          <IconButton size="small" aria-label={`Edit ${node.name}`} onClick={props.onEdit}>
            <EditIcon fontSize="small" />
          </IconButton>
        </Tooltip>
        <Tooltip title="Remove node">
          <IconButton size="small" aria-label={`Remove ${node.name}`} onClick={props.onRemove}>
            <DeleteIcon fontSize="small" />
          </IconButton>
        </Tooltip>
      </Stack>
      <Typography variant="caption" color="text.secondary" component="div" sx={{ mt: 0.5, fontFamily: 'monospace' }}>
        {node.paths.fsRoot ? `root ${node.paths.fsRoot} · ` : ''}manifest {node.paths.manifestPath} · policy{' '}
        {node.paths.policyPath} · log {node.paths.logPath}
      </Typography>
      <Box sx={{ mt: 1.5 }}>
        {running ? (
          <Box role="status" aria-live="polite">
            <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 0.5 }}>
              <Typography variant="body2" sx={{ flex: 1 }}>
                {running.message}…
              </Typography>
              <Button size="small" color="inherit" onClick={props.onCancel}>
                Cancel
              </Button>
            </Stack>
            <LinearProgress aria-label={`${running.mode === 'probe' ? 'Probing' : 'Connecting to'} ${node.name}`} />
          </Box>
        ) : (
          <NodeStatusView
            status={props.status}
            onAnswer={props.onAnswer}
            onUseDetectedPaths={props.onUseDetectedPaths}
          />
        )}
      </Box>
    </Paper>
  );
}
