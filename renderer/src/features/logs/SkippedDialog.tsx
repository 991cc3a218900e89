// Why lines of a source were not read as events: "line 17: not JSON".
import {
  Alert,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  List,
  ListItem,
  ListItemText,
  Typography,
} from '@mui/material';
import { useEffect, useState } from 'react';
import type { LogSource, SkippedLine } from '../../../../shared/ipc/contract/logs.ts';
import { api, errorMessage } from '../../api/client.ts';
import { formatCount } from './format.ts';

interface Props {
  sessionId: string;
  source: LogSource | null;
  onClose(): void;
}

export function SkippedDialog({ sessionId, source, onClose }: Props) {
  // Results are keyed by source, so opening another source's report never shows the previous one.
  const [result, setResult] = useState<{
    sourceId: string;
    report?: { total: number; details: SkippedLine[] };
    error?: string;
  } | null>(null);
  const current = source && result?.sourceId === source.id ? result : null;
  const report = current?.report ?? null;
  const error = current?.error ?? null;

  useEffect(() => {
    if (!source) return;
    const sourceId = source.id;
    api.call('logs.skipped', { sessionId, sourceId }).then(
      (next) => setResult({ sourceId, report: next }),
      (caught: unknown) => setResult({ sourceId, error: errorMessage(caught) }),
    );
  }, [sessionId, source]);

  return (
    <Dialog open={source !== null} onClose={onClose} maxWidth="md" fullWidth aria-labelledby="skipped-title">
      <DialogTitle id="skipped-title">Lines skipped in {source?.label}</DialogTitle>
      <DialogContent dividers>
        {error && <Alert severity="error">{error}</Alert>}
        {report && (
          <>
            <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
              {formatCount(report.total)} {report.total === 1 ? 'line was' : 'lines were'} not read as audit events
              {report.details.length < report.total
                ? ` (the first ${formatCount(report.details.length)} are listed)`
                : ''}
              . Everything else in the file was indexed.
            </Typography>
            <List dense aria-label="Skipped lines">
              {report.details.map((detail, index) => (
                <ListItem key={index} divider>
                  <ListItemText
                    primary={
                      detail.line > 0
                        ? `line ${detail.line}${detail.column > 1 ? `, column ${detail.column}` : ''}: ${detail.reason}`
                        : detail.reason
                    }
                    secondary={source && source.files > 1 ? detail.source : undefined}
                    slotProps={{ primary: { sx: { fontFamily: 'monospace', fontSize: 13 } } }}
                  />
                </ListItem>
              ))}
            </List>
          </>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
}
