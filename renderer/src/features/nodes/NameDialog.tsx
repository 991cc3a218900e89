// A one-field dialog for naming a cluster (add or rename). Mounted per use, so it starts from `initial`.
import { Button, Dialog, DialogActions, DialogContent, DialogTitle, TextField } from '@mui/material';
import { useState } from 'react';

interface Props {
  open: boolean;
  title: string;
  label: string;
  initial: string;
  confirmLabel: string;
  onCancel(): void;
  onConfirm(name: string): void;
}

export function NameDialog({ open, title, label, initial, confirmLabel, onCancel, onConfirm }: Props) {
  const [name, setName] = useState(initial);
  const valid = name.trim().length > 0 && name.trim().length <= 100;
  const confirm = () => valid && onConfirm(name.trim());
  return (
    <Dialog open={open} onClose={onCancel} maxWidth="xs" fullWidth aria-labelledby="name-dialog-title">
      <DialogTitle id="name-dialog-title">{title}</DialogTitle>
      <DialogContent>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            confirm();
          }}
        >
          <TextField
            autoFocus
            fullWidth
            size="small"
            label={label}
            value={name}
            onChange={(event) => setName(event.target.value)}
            sx={{ mt: 1 }}
          />
        </form>
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel}>Cancel</Button>
        <Button variant="contained" onClick={confirm} disabled={!valid}>
          {confirmLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
