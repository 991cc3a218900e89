// Asks for a password, key passphrase or sudo password the backend reported as needed. The value goes to the
// backend once (nodes.provideSecret) and is dropped from the page right after. "Remember" only exists where the
// backend can encrypt it with the OS keychain (desktop).
import LockIcon from '@mui/icons-material/LockOutlined';
import {
  Alert,
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  TextField,
} from '@mui/material';
import { useState } from 'react';
import type { NodeCheckOutcome } from '../../../../shared/ipc/contract/nodes.ts';

interface Props {
  outcome: Extract<NodeCheckOutcome, { kind: 'secret-required' }>;
  canRemember: boolean;
  busy: boolean;
  error: string | null;
  onCancel(): void;
  onSubmit(value: string, remember: boolean): void;
}

const TITLES = {
  password: 'SSH password',
  'key-passphrase': 'Key passphrase',
  'sudo-password': 'sudo password',
} as const;

export function SecretDialog({ outcome, canRemember, busy, error, onCancel, onSubmit }: Props) {
  const [value, setValue] = useState('');
  const [remember, setRemember] = useState(false);
  const submit = () => {
    if (value.length === 0) return;
    const typed = value;
    setValue('');
    onSubmit(typed, canRemember && remember);
  };
  return (
    <Dialog open onClose={onCancel} maxWidth="xs" fullWidth aria-labelledby="secret-title">
      <DialogTitle id="secret-title" sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
        <LockIcon fontSize="small" /> {TITLES[outcome.secret.kind]}
      </DialogTitle>
      <DialogContent>
        {outcome.reason === 'wrong' && (
          <Alert severity="error" sx={{ mb: 2 }}>
            That was not accepted; please try again.
          </Alert>
        )}
        {error && (
          <Alert severity="error" sx={{ mb: 2 }}>
            {error}
          </Alert>
        )}
        <form
          onSubmit={(event) => {
            event.preventDefault();
            submit();
          }}
        >
          <TextField
            autoFocus
            fullWidth
            type="password"
            autoComplete="off"
            label={outcome.prompt}
            value={value}
            onChange={(event) => setValue(event.target.value)}
            sx={{ mt: 1 }}
            slotProps={{ htmlInput: { 'aria-label': outcome.prompt, maxLength: 1024 } }}
          />
        </form>
        {canRemember ? (
          <FormControlLabel
            sx={{ mt: 1 }}
            control={<Checkbox checked={remember} onChange={(event) => setRemember(event.target.checked)} />}
            label="Remember (saved encrypted with the OS keychain)"
          />
        ) : null}
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel}>Cancel</Button>
        <Button variant="contained" onClick={submit} disabled={busy || value.length === 0}>
          Continue
        </Button>
      </DialogActions>
    </Dialog>
  );
}
