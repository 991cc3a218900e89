// Names and saves the current query.
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import { api, errorMessage } from '../../api/client.ts';

interface Props {
  open: boolean;
  query: string;
  onClose(): void;
}

export function SaveQueryDialog({ open, query, onClose }: Props) {
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    try {
      await api.call('logs.saveQuery', { name: name.trim(), query });
      setName('');
      setError(null);
      onClose();
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };
  return (
    <Dialog open={open} onClose={onClose} maxWidth="sm" fullWidth aria-labelledby="save-query-title">
      <DialogTitle id="save-query-title">Save query</DialogTitle>
      <DialogContent>
        <Typography variant="body2" sx={{ fontFamily: 'monospace', mb: 2, wordBreak: 'break-all' }}>
          {query}
        </Typography>
        {error && (
          <Alert severity="error" sx={{ mb: 2 }}>
            {error}
          </Alert>
        )}
        <TextField
          autoFocus
          fullWidth
          label="Name"
          value={name}
          onChange={(event) => setName(event.target.value)}
          onKeyDown={(event) => event.key === 'Enter' && name.trim() && void save()}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" disabled={name.trim() === ''} onClick={() => void save()}>
          Save
        </Button>
      </DialogActions>
    </Dialog>
  );
}
