// About: the app's version and runtime, where it keeps its data, and the licences of the bundled components.
import {
  Alert,
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { useEffect, useMemo, useState } from 'react';
import type { AppInfo } from '../../../shared/ipc/contract/app.ts';
import { api, errorMessage } from '../api/client.ts';
import bundledComponents from './licenses.generated.json';
import { Logo } from './Logo.tsx';

const RUNTIME_LABELS: Record<string, string> = { node: 'Node.js', electron: 'Electron', chrome: 'Chromium' };

interface Props {
  open: boolean;
  onClose(): void;
  onShowWelcome(): void;
}

export function AboutDialog({ open, onClose, onShowWelcome }: Props) {
  const [info, setInfo] = useState<AppInfo | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [filter, setFilter] = useState('');

  useEffect(() => {
    if (!open) return;
    let active = true;
    api
      .call('app.info', {})
      .then((value) => active && setInfo(value))
      .catch((reason: unknown) => active && setError(errorMessage(reason)));
    return () => {
      active = false;
    };
  }, [open]);

  const shown = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    if (!needle) return bundledComponents;
    return bundledComponents.filter((component) =>
      `${component.name} ${component.license}`.toLowerCase().includes(needle),
    );
  }, [filter]);

  return (
    <Dialog open={open} onClose={onClose} maxWidth="sm" fullWidth aria-labelledby="about-title">
      <DialogTitle id="about-title" sx={{ display: 'flex', alignItems: 'center', gap: 1.5 }}>
        <Logo size={32} />
        About Auditscope
      </DialogTitle>
      <DialogContent>
        <Typography>Desktop workbench for Kubernetes API-server audit logging. Licensed under Apache-2.0.</Typography>
        {error && (
          <Alert severity="error" sx={{ mt: 2 }}>
            Could not read the app information: {error}
          </Alert>
        )}
        {info && (
          <Box
            component="dl"
            sx={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 2, rowGap: 0.5, mt: 2 }}
          >
            <Term label="Version" value={info.version} />
            <Term label="Running as" value={info.mode === 'electron' ? 'Desktop app' : 'Browser mode'} />
            <Term label="Platform" value={info.platform} />
            {Object.entries(info.versions).map(([name, version]) => (
              <Term key={name} label={RUNTIME_LABELS[name] ?? name} value={version} />
            ))}
            <Term label="Data folder" value={info.userDataDir} />
          </Box>
        )}
        <Typography variant="subtitle1" component="h2" sx={{ mt: 3, mb: 1, fontWeight: 600 }}>
          Bundled components ({bundledComponents.length})
        </Typography>
        <TextField
          label="Filter components"
          size="small"
          fullWidth
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
          sx={{ mb: 1 }}
        />
        <Box
          tabIndex={0}
          role="region"
          aria-label="Bundled components and their licences"
          sx={{ maxHeight: 260, overflow: 'auto', border: 1, borderColor: 'divider', borderRadius: 1 }}
        >
          <Table size="small" stickyHeader>
            <TableHead>
              <TableRow>
                <TableCell>Component</TableCell>
                <TableCell>Version</TableCell>
                <TableCell>Licence</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {shown.map((component) => (
                <TableRow key={`${component.name}@${component.version}`}>
                  <TableCell>
                    <Box component="span" sx={{ display: 'block' }}>
                      {component.name}
                    </Box>
                    {'url' in component && component.url && (
                      <Typography
                        variant="caption"
                        color="text.secondary"
                        sx={{ display: 'block', wordBreak: 'break-all' }}
                      >
                        {component.url}
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell>{component.version}</TableCell>
                  <TableCell>{component.license}</TableCell>
                </TableRow>
              ))}
              {shown.length === 0 && (
                <TableRow>
                  <TableCell colSpan={3}>No component matches “{filter}”. Clear the filter to see all.</TableCell>
                </TableRow>
              )}
            </TableBody>
          </Table>
        </Box>
      </DialogContent>
      <DialogActions>
        <Button onClick={onShowWelcome}>Show welcome screen</Button>
        <Button variant="contained" onClick={onClose}>
          Close
        </Button>
      </DialogActions>
    </Dialog>
  );
}

function Term({ label, value }: { label: string; value: string }) {
  return (
    <>
      <Typography component="dt" color="text.secondary">
        {label}
      </Typography>
      <Typography component="dd" sx={{ m: 0, wordBreak: 'break-all' }}>
        {value}
      </Typography>
    </>
  );
}
