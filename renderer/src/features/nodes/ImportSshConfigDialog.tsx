// Import hosts from an OpenSSH client config: read it (backend), pick hosts, choose the cluster, add them.
import {
  Alert,
  Box,
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  List,
  ListItem,
  ListItemButton,
  ListItemIcon,
  ListItemText,
  MenuItem,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { nodeInputSchema, type Cluster, type ImportedSshHost } from '../../../../shared/ipc/contract/nodes.ts';
import { api, errorMessage } from '../../api/client.ts';
import { nodeFromImportedHost } from './import-mapping.ts';

interface Props {
  clusters: Cluster[];
  onClose(): void;
}

const NEW_CLUSTER = '__new__';

export function ImportSshConfigDialog({ clusters, onClose }: Props) {
  const [path, setPath] = useState('~/.ssh/config');
  const [hosts, setHosts] = useState<ImportedSshHost[] | null>(null);
  const [warnings, setWarnings] = useState<string[]>([]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [clusterId, setClusterId] = useState(clusters[0]?.id ?? NEW_CLUSTER);
  const [clusterName, setClusterName] = useState('Imported');
  const [defaultUser, setDefaultUser] = useState('root');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await api.call('nodes.importSshConfig', { path });
      setHosts(result.hosts);
      setWarnings(result.warnings);
      setSelected(new Set());
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  const toggle = (alias: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(alias)) next.delete(alias);
      else next.add(alias);
      return next;
    });

  const add = async () => {
    if (!hosts) return;
    setBusy(true);
    setError(null);
    const problems: string[] = [];
    try {
      const targetId =
        clusterId === NEW_CLUSTER ? (await api.call('nodes.addCluster', { name: clusterName })).id : clusterId;
      for (const host of hosts.filter((candidate) => selected.has(candidate.alias))) {
        const parsed = nodeInputSchema.safeParse(nodeFromImportedHost(host, hosts, defaultUser));
        if (!parsed.success) {
          problems.push(
            `${host.alias}: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
          );
          continue;
        }
        await api.call('nodes.addNode', { clusterId: targetId, node: parsed.data });
      }
    } catch (failure) {
      problems.push(errorMessage(failure));
    } finally {
      setBusy(false);
    }
    if (problems.length > 0) setError(`Some hosts were not added: ${problems.join(' · ')}`);
    else onClose();
  };

  return (
    <Dialog open onClose={onClose} maxWidth="sm" fullWidth aria-labelledby="import-title">
      <DialogTitle id="import-title">Import from SSH config</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          <Stack
            direction="row"
            spacing={1}
            component="form"
            onSubmit={(event) => {
              event.preventDefault();
              void load();
            }}
          >
            <TextField
              size="small"
              fullWidth
              label="SSH config file"
              value={path}
              onChange={(event) => setPath(event.target.value)}
            />
            <Button variant="outlined" type="submit" disabled={busy}>
              Read
            </Button>
          </Stack>
          {error && <Alert severity="error">{error}</Alert>}
          {warnings.map((warning) => (
            <Alert key={warning} severity="warning">
              {warning}
            </Alert>
          ))}
          {hosts && hosts.length === 0 && (
            <Typography color="text.secondary">No concrete Host entries in this file.</Typography>
          )}
          {hosts && hosts.length > 0 && (
            <>
              <List
                dense
                aria-label="Hosts in the SSH config"
                sx={{ maxHeight: 280, overflow: 'auto', border: 1, borderColor: 'divider', borderRadius: 1 }}
              >
                {hosts.map((host) => (
                  <ListItem key={host.alias} disablePadding>
                    <ListItemButton onClick={() => toggle(host.alias)}>
                      <ListItemIcon sx={{ minWidth: 36 }}>
                        <Checkbox
                          edge="start"
                          size="small"
                          checked={selected.has(host.alias)}
                          tabIndex={-1}
                          slotProps={{ input: { 'aria-label': `Import ${host.alias}` } }}
                        />
                      </ListItemIcon>
                      <ListItemText
                        primary={host.alias}
                        secondary={`${host.user ?? defaultUser}@${host.hostName}:${host.port}${host.identityFile ? ` · ${host.identityFile}` : ' · ssh-agent'}${host.proxyJump ? ` · via ${host.proxyJump}` : ''}`}
                      />
                    </ListItemButton>
                  </ListItem>
                ))}
              </List>
              <Stack direction="row" spacing={1.5}>
                <TextField
                  select
                  size="small"
                  label="Add to cluster"
                  value={clusterId}
                  onChange={(event) => setClusterId(event.target.value)}
                  sx={{ minWidth: 200 }}
                >
                  {clusters.map((cluster) => (
                    <MenuItem key={cluster.id} value={cluster.id}>
                      {cluster.name}
                    </MenuItem>
                  ))}
                  <MenuItem value={NEW_CLUSTER}>New cluster…</MenuItem>
                </TextField>
                {clusterId === NEW_CLUSTER && (
                  <TextField
                    size="small"
                    label="New cluster name"
                    value={clusterName}
                    onChange={(event) => setClusterName(event.target.value)}
                  />
                )}
                <TextField
                  size="small"
                  label="User when none is set"
                  value={defaultUser}
                  onChange={(event) => setDefaultUser(event.target.value)}
                />
              </Stack>
              <Box>
                <Typography variant="caption" color="text.secondary">
                  Imported nodes use the kubeadm paths and “sudo without password”; edit them afterwards if needed.
                </Typography>
              </Box>
            </>
          )}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" disabled={busy || selected.size === 0} onClick={() => void add()}>
          Add {selected.size || ''} selected
        </Button>
      </DialogActions>
    </Dialog>
  );
}
