// Past applies, reverts and disables on this machine, newest first, each with its diffs and a Revert action.
import {
  Accordion,
  AccordionDetails,
  AccordionSummary,
  Alert,
  Box,
  Button,
  Chip,
  Stack,
  Typography,
} from '@mui/material';
import { useEffect, useState } from 'react';
import type { JournalEntryView } from '../../../../shared/ipc/contract/apply.ts';
import { api, errorMessage } from '../../api/client.ts';

interface Props {
  /** Changes when a run finishes, to reload. */
  refreshKey: number;
  onRevert: (entryId: string) => void;
}

export default function JournalList({ refreshKey, onRevert }: Props) {
  const [entries, setEntries] = useState<JournalEntryView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.call('apply.journal', {}).then(
      (journal) => {
        setEntries(journal.entries);
        setError(
          journal.damagedLines.length > 0
            ? `journal lines ${journal.damagedLines.join(', ')} are damaged and were skipped`
            : null,
        );
      },
      (failure) => setError(errorMessage(failure)),
    );
  }, [refreshKey]);
  if (entries === null) return error ? <Alert severity="error">{error}</Alert> : null;
  return (
    <Box aria-label="Apply journal" component="section">
      {error && <Alert severity="warning">{error}</Alert>}
      {entries.length === 0 && (
        <Typography color="text.secondary">No changes yet. Applied, reverted and disabled runs appear here.</Typography>
      )}
      {entries.map((entry) => (
        <Accordion key={entry.id} disableGutters data-testid="journal-entry">
          <AccordionSummary aria-label={`${entry.action} ${entry.at}`}>
            <Stack direction="row" spacing={1} sx={{ width: '100%', alignItems: 'center' }}>
              <Chip size="small" label={entry.action} />
              <Chip size="small" color={entry.outcome === 'succeeded' ? 'success' : 'error'} label={entry.outcome} />
              <Typography variant="body2" sx={{ flex: 1 }}>
                {new Date(entry.at).toLocaleString()} · {entry.user} · {entry.nodes.map((n) => n.label).join(', ')}
              </Typography>
            </Stack>
          </AccordionSummary>
          <AccordionDetails>
            {entry.nodes.map((node) => (
              <Box key={node.nodeId} sx={{ mb: 1 }}>
                <Typography variant="subtitle2">
                  {node.label} ({node.host}) — {node.outcome}: {node.message}
                </Typography>
                {node.changes.map((change) => (
                  <Box
                    key={change.path}
                    component="pre"
                    sx={{ fontSize: 12, overflow: 'auto', maxHeight: 240, bgcolor: 'action.hover', p: 1 }}
                  >
                    {change.diff}
                  </Box>
                ))}
              </Box>
            ))}
            {entry.revertible && (
              <Button
                variant="outlined"
                onClick={() => onRevert(entry.id)}
                aria-label={`Revert the ${entry.action} of ${new Date(entry.at).toLocaleString()}`}
              >
                Revert…
              </Button>
            )}
          </AccordionDetails>
        </Accordion>
      ))}
    </Box>
  );
}
