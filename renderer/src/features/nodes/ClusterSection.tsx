// A cluster: its name, cluster-level actions and its control-plane nodes.
import AddIcon from '@mui/icons-material/Add';
import DeleteIcon from '@mui/icons-material/DeleteOutlineOutlined';
import EditIcon from '@mui/icons-material/EditOutlined';
import { Box, Button, IconButton, Stack, Tooltip, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import type { Cluster } from '../../../../shared/ipc/contract/nodes.ts';

interface Props {
  cluster: Cluster;
  onAddNode(): void;
  onRename(): void;
  onRemove(): void;
  /** Cluster-wide actions offered by other features (e.g. applying an audit policy). */
  actions?: ReactNode;
  children: ReactNode;
}

export function ClusterSection({ cluster, onAddNode, onRename, onRemove, actions, children }: Props) {
  return (
    <Box component="section" aria-label={`Cluster ${cluster.name}`} sx={{ mb: 3 }}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 1 }}>
        <Typography variant="h6" component="h3">
          {cluster.name}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          {cluster.nodes.length} control-plane node{cluster.nodes.length === 1 ? '' : 's'}
        </Typography>
        <Tooltip title="Rename cluster">
          <IconButton size="small" aria-label={`Rename cluster ${cluster.name}`} onClick={onRename}>
            <EditIcon fontSize="small" />
          </IconButton>
        </Tooltip>
        <Tooltip title="Remove cluster">
          <IconButton size="small" aria-label={`Remove cluster ${cluster.name}`} onClick={onRemove}>
            <DeleteIcon fontSize="small" />
          </IconButton>
        </Tooltip>
        <Box sx={{ flex: 1 }} />
        {actions}
        <Button size="small" variant="outlined" startIcon={<AddIcon />} onClick={onAddNode}>
          Add node
        </Button>
      </Stack>
      {cluster.nodes.length === 0 ? (
        <Typography variant="body2" color="text.secondary" sx={{ pl: 0.5 }}>
          No nodes yet. Add each control-plane node (the hosts running kube-apiserver) with “Add node”.
        </Typography>
      ) : (
        <Stack spacing={1.5}>{children}</Stack>
      )}
    </Box>
  );
}
