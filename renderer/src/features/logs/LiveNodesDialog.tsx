// "Tail nodes…": inventory nodes as live sources — every control-plane node of a cluster in one click, or chosen
// nodes. Each node's audit log path and sudo mode come from its profile in the Nodes section.
import SensorsIcon from '@mui/icons-material/Sensors';
import {
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  Divider,
  Typography,
} from '@mui/material';
import { useEffect, useState } from 'react';
import type { NodesState } from '../../../../shared/ipc/contract/nodes.ts';
import { api, errorMessage } from '../../api/client.ts';
import { NodePicker } from '../nodes/NodePicker.tsx';
import type { LiveTarget } from './useLiveNodes.ts';

interface Props {
  open: boolean;
  busy: boolean;
  /** Node ids already tailed in this session. */
  tailed: string[];
  onClose(): void;
  onTail(target: LiveTarget): void;
}

export function openNodesSection(): void {
  location.hash = '#/nodes';
}

export function LiveNodesDialog({ open, busy, tailed, onClose, onTail }: Props) {
  const [state, setState] = useState<NodesState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  useEffect(() => {
    if (!open) return;
    const load = () => api.call('nodes.list', {}).then(setState, (failure: unknown) => setError(errorMessage(failure)));
    void load();
    return api.on('nodes.changed', () => void load());
  }, [open]);

  const tail = (target: LiveTarget) => {
    onTail(target);
    setChosen([]);
    onClose();
  };
  const clusters = state?.clusters.filter((cluster) => cluster.nodes.length > 0) ?? [];

  return (
    <Dialog open={open} onClose={onClose} maxWidth="sm" fullWidth aria-labelledby="live-nodes-title">
      <DialogTitle id="live-nodes-title">Tail nodes</DialogTitle>
      <DialogContent>
        <DialogContentText sx={{ mb: 2 }}>
          Follow the audit log of control-plane nodes live over SSH. Each node&apos;s log path and sudo mode come from
          its profile in the Nodes section; rotated files are followed and dropped connections resume where they
          stopped.
        </DialogContentText>
        {error && <Typography color="error">{error}</Typography>}
        {state && clusters.length === 0 && (
          <Box sx={{ textAlign: 'center', py: 2 }}>
            <Typography color="text.secondary" sx={{ mb: 1.5 }}>
              No nodes yet. Add your control-plane nodes in the Nodes section, then come back to tail them.
            </Typography>
            <Button variant="outlined" onClick={openNodesSection}>
              Open the Nodes section
            </Button>
          </Box>
        )}
        {clusters.map((cluster) => {
          const remaining = cluster.nodes.filter((node) => !tailed.includes(node.id)).length;
          return (
            <Box key={cluster.id} sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 1 }}>
              <Box sx={{ flex: 1 }}>
                <Typography sx={{ fontWeight: 600 }}>{cluster.name}</Typography>
                <Typography variant="body2" color="text.secondary">
                  {cluster.nodes.length} node{cluster.nodes.length === 1 ? '' : 's'}
                  {remaining < cluster.nodes.length ? ` · ${cluster.nodes.length - remaining} already tailed` : ''}
                </Typography>
              </Box>
              <Button
                variant="contained"
                size="small"
                startIcon={<SensorsIcon />}
                disabled={busy || remaining === 0}
                onClick={() => tail({ kind: 'cluster', clusterId: cluster.id })}
              >
                Tail all control-plane nodes of {cluster.name}
              </Button>
            </Box>
          );
        })}
        {clusters.length > 0 && (
          <>
            <Divider sx={{ my: 2 }} />
            <NodePicker value={chosen} onChange={setChosen} label="Or choose nodes" disabled={busy} />
          </>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          variant="contained"
          disabled={busy || chosen.length === 0}
          onClick={() => tail({ kind: 'nodes', nodeIds: chosen })}
        >
          Tail {chosen.length > 0 ? `${chosen.length} ` : ''}selected node{chosen.length === 1 ? '' : 's'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
