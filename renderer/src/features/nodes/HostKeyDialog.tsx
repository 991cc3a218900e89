// An unknown host key, shown as OpenSSH shows it. Nothing is trusted unless the user clicks the trust button;
// closing or cancelling leaves the key unknown.
import GppMaybeIcon from '@mui/icons-material/GppMaybeOutlined';
import { Alert, Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, Typography } from '@mui/material';
import type { NodeCheckOutcome } from '../../../../shared/ipc/contract/nodes.ts';

interface Props {
  nodeName: string;
  outcome: Extract<NodeCheckOutcome, { kind: 'host-key-unknown' }>;
  onCancel(): void;
  onTrust(): void;
}

export function HostKeyDialog({ nodeName, outcome, onCancel, onTrust }: Props) {
  const where = outcome.port === 22 ? outcome.host : `[${outcome.host}]:${outcome.port}`;
  return (
    <Dialog
      open
      onClose={onCancel}
      maxWidth="sm"
      fullWidth
      aria-labelledby="host-key-title"
      aria-describedby="host-key-text"
    >
      <DialogTitle id="host-key-title" sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
        <GppMaybeIcon color="warning" /> Unknown host key
      </DialogTitle>
      <DialogContent>
        <Typography id="host-key-text" sx={{ mb: 2 }}>
          The authenticity of {outcome.hop === 'jump' ? 'the jump host ' : ''}
          <strong>{where}</strong> ({nodeName}) cannot be established: its key is in neither ~/.ssh/known_hosts nor
          Auditscope&apos;s store.
        </Typography>
        <Box
          sx={{
            p: 1.5,
            borderRadius: 1,
            bgcolor: 'action.hover',
            fontFamily: 'monospace',
            fontSize: 13,
            wordBreak: 'break-all',
          }}
          aria-label="Host key fingerprint"
        >
          <div>
            Key type: <span data-testid="host-key-type">{outcome.keyType}</span>
          </div>
          <div>
            Fingerprint: <span data-testid="host-key-fingerprint">{outcome.fingerprintSha256}</span>
          </div>
        </Box>
        <Alert severity="info" sx={{ mt: 2 }}>
          Compare the fingerprint with the one the server shows (on the node:{' '}
          <code>ssh-keygen -lf /etc/ssh/ssh_host_{outcome.keyType.replace(/^ssh-|-.*$/g, '')}_key.pub</code>) before
          trusting it. Trusted keys are recorded in Auditscope&apos;s known_hosts file.
        </Alert>
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel} autoFocus>
          Cancel
        </Button>
        <Button variant="contained" color="warning" onClick={onTrust}>
          Trust this key and connect
        </Button>
      </DialogActions>
    </Dialog>
  );
}
