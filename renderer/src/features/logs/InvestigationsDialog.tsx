// Built-in investigations: pick a question, fill in its blanks, run it as a query.
import {
  Alert,
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  List,
  ListItemButton,
  ListItemText,
  TextField,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { INVESTIGATIONS, investigationQuery, type Investigation } from '../../../../shared/logs/investigations.ts';

export interface InvestigationRun {
  investigation: Investigation;
  query: string;
  since?: number;
  until?: number;
}

interface Props {
  open: boolean;
  onClose(): void;
  onRun(run: InvestigationRun): void;
}

function toMicros(local: string): number | undefined {
  if (!local) return undefined;
  const ms = Date.parse(`${local}Z`);
  return Number.isNaN(ms) ? undefined : ms * 1000;
}

export function InvestigationsDialog({ open, onClose, onRun }: Props) {
  const [chosen, setChosen] = useState<Investigation>(INVESTIGATIONS[0]);
  const [values, setValues] = useState<Record<string, string>>({});
  const [window, setWindow] = useState({ since: '', until: '' });
  const [error, setError] = useState<string | null>(null);

  const run = () => {
    try {
      const query = investigationQuery(chosen, values);
      onRun({
        investigation: chosen,
        query,
        since: chosen.timeWindow ? toMicros(window.since) : undefined,
        until: chosen.timeWindow ? toMicros(window.until) : undefined,
      });
      setError(null);
      onClose();
    } catch (caught) {
      setError((caught as Error).message);
    }
  };

  return (
    <Dialog open={open} onClose={onClose} maxWidth="md" fullWidth aria-labelledby="investigations-title">
      <DialogTitle id="investigations-title">Investigations</DialogTitle>
      <DialogContent dividers sx={{ display: 'flex', gap: 2, p: 0, minHeight: 380 }}>
        <List
          dense
          sx={{ width: 290, flexShrink: 0, borderRight: 1, borderColor: 'divider' }}
          aria-label="Investigations"
        >
          {INVESTIGATIONS.map((item) => (
            <ListItemButton
              key={item.id}
              selected={item.id === chosen.id}
              onClick={() => {
                setChosen(item);
                setError(null);
              }}
            >
              <ListItemText primary={item.title} />
            </ListItemButton>
          ))}
        </List>
        <Box sx={{ flex: 1, p: 2, minWidth: 0 }}>
          <Typography variant="h6" sx={{ mb: 1 }}>
            {chosen.title}
          </Typography>
          <Typography variant="body2" sx={{ mb: 1 }}>
            {chosen.explanation}
          </Typography>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
            {chosen.nextSteps}
          </Typography>
          {chosen.parameters.map((parameter) => (
            <TextField
              key={parameter.id}
              size="small"
              fullWidth
              label={parameter.label}
              required={parameter.required}
              placeholder={parameter.placeholder}
              value={values[parameter.id] ?? ''}
              onChange={(event) => setValues({ ...values, [parameter.id]: event.target.value })}
              sx={{ mb: 1.5 }}
            />
          ))}
          {chosen.timeWindow && (
            <Box sx={{ display: 'flex', gap: 1.5, mb: 1.5 }}>
              <TextField
                size="small"
                type="datetime-local"
                label="From (UTC)"
                value={window.since}
                onChange={(event) => setWindow({ ...window, since: event.target.value })}
                slotProps={{ inputLabel: { shrink: true } }}
                sx={{ flex: 1 }}
              />
              <TextField
                size="small"
                type="datetime-local"
                label="Until (UTC)"
                value={window.until}
                onChange={(event) => setWindow({ ...window, until: event.target.value })}
                slotProps={{ inputLabel: { shrink: true } }}
                sx={{ flex: 1 }}
              />
            </Box>
          )}
          {error && <Alert severity="warning">{error}</Alert>}
          <Typography variant="caption" color="text.secondary" component="div" sx={{ fontFamily: 'monospace', mt: 1 }}>
            {(() => {
              try {
                return investigationQuery(chosen, values);
              } catch {
                return chosen.terms.map((term) => (typeof term === 'string' ? term : `${term.field}:…`)).join(' ');
              }
            })()}
            {chosen.requests ? '   (one row per request)' : ''}
          </Typography>
        </Box>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
        <Button variant="contained" onClick={run}>
          Run
        </Button>
      </DialogActions>
    </Dialog>
  );
}
