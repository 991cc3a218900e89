// Reusable node chooser for other features (Apply, log sources): the inventory's nodes grouped by cluster, with
// their last check outcome, as checkboxes. It reads the inventory itself and follows `nodes.changed`.
import { Box, Checkbox, FormControlLabel, FormGroup, FormLabel, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import type { NodesState } from '../../../../shared/ipc/contract/nodes.ts';
import { api, errorMessage } from '../../api/client.ts';
import { nodeAddress } from './format.ts';

export interface NodePickerProps {
  /** Chosen node ids. */
  value: string[];
  onChange(nodeIds: string[]): void;
  /** Only offer the nodes of this cluster. */
  clusterId?: string;
  label?: string;
  disabled?: boolean;
}

export function NodePicker({ value, onChange, clusterId, label = 'Nodes', disabled }: NodePickerProps) {
  const [state, setState] = useState<NodesState | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const load = () => api.call('nodes.list', {}).then(setState, (failure: unknown) => setError(errorMessage(failure)));
    void load();
    return api.on('nodes.changed', () => void load());
  }, []);

  if (error) return <Typography color="error">{error}</Typography>;
  if (!state) return <Typography color="text.secondary">Loading nodes…</Typography>;
  const clusters = state.clusters.filter((cluster) => !clusterId || cluster.id === clusterId);
  if (clusters.every((cluster) => cluster.nodes.length === 0)) {
    return <Typography color="text.secondary">No nodes yet: add them in the Nodes section.</Typography>;
  }
  const toggle = (id: string, on: boolean) =>
    onChange(on ? [...value.filter((other) => other !== id), id] : value.filter((other) => other !== id));
  return (
    <Box component="fieldset" sx={{ border: 0, p: 0, m: 0 }} disabled={disabled}>
      <FormLabel component="legend">{label}</FormLabel>
      {clusters.map((cluster) => (
        <FormGroup key={cluster.id} aria-label={`Cluster ${cluster.name}`}>
          {!clusterId && (
            <Typography variant="subtitle2" sx={{ mt: 1 }}>
              {cluster.name}
            </Typography>
          )}
          {cluster.nodes.map((node) => {
            const last = state.statuses[node.id]?.outcome.kind;
            return (
              <FormControlLabel
                key={node.id}
                control={
                  <Checkbox
                    size="small"
                    checked={value.includes(node.id)}
                    onChange={(event) => toggle(node.id, event.target.checked)}
                  />
                }
                label={`${node.name} (${nodeAddress(node)})${last ? ` · last check: ${last}` : ''}`}
              />
            );
          })}
        </FormGroup>
      ))}
    </Box>
  );
}
