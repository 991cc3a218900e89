// "Open path…": a file or folder on the machine the backend runs on (rotated sets in a folder are read in order).
import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, TextField } from '@mui/material';
import { useState } from 'react';

interface Props {
  open: boolean;
  onClose(): void;
  onOpen(path: string): void;
}

export function OpenPathDialog({ open, onClose, onOpen }: Props) {
  const [path, setPath] = useState('');
  const valid = /^(\/|~\/|[A-Za-z]:[\\/])/.test(path.trim());
  const submit = () => {
    if (!valid) return;
    onOpen(path.trim());
    onClose();
  };
  return (
    <Dialog open={open} onClose={onClose} maxWidth="sm" fullWidth aria-labelledby="open-path-title">
      <DialogTitle id="open-path-title">Open a path</DialogTitle>
      <DialogContent>
        <DialogContentText sx={{ mb: 2 }}>
          A log file (.log, .json, .gz) or a folder of them on the machine Auditscope runs on, for example
          /var/log/kubernetes/audit. Rotated files in a folder are read oldest first.
        </DialogContentText>
        <TextField
          autoFocus
          fullWidth
          label="Path"
          value={path}
          placeholder="/var/log/kubernetes/audit/audit.log"
          onChange={(event) => setPath(event.target.value)}
          onKeyDown={(event) => event.key === 'Enter' && submit()}
          error={path.length > 0 && !valid}
          helperText={path.length > 0 && !valid ? 'Give an absolute path (or one starting with ~/)' : ' '}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" onClick={submit} disabled={!valid}>
          Open
        </Button>
      </DialogActions>
    </Dialog>
  );
}
