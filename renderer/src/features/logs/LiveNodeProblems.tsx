// Nodes that could not be tailed yet, with the way forward the Nodes section offers: trust the host key or type the
// secret in the same dialogs, or go to the Nodes section (wrong key, failed login, other failures).
import { Alert, Box, Button } from '@mui/material';
import { useEffect, useState } from 'react';
import type { LiveNodeFailure } from '../../../../shared/ipc/contract/logs.ts';
import { api } from '../../api/client.ts';
import { HostKeyDialog } from '../nodes/HostKeyDialog.tsx';
import { SecretDialog } from '../nodes/SecretDialog.tsx';
import { openNodesSection } from './LiveNodesDialog.tsx';
import type { LiveNodesHandle } from './useLiveNodes.ts';

interface Props {
  live: LiveNodesHandle;
}

function describe(failure: LiveNodeFailure): string {
  const outcome = failure.outcome;
  switch (outcome.kind) {
    case 'host-key-unknown':
      return `${failure.nodeName}: the host key of ${outcome.host}${outcome.hop === 'jump' ? ' (jump host)' : ''} is not trusted yet.`;
    case 'host-key-changed':
    case 'host-key-revoked':
      return `${failure.nodeName}: ${outcome.message}`;
    case 'secret-required':
      return `${failure.nodeName}: ${outcome.prompt} is ${outcome.reason === 'wrong' ? 'wrong' : 'needed'}.`;
    case 'failed':
      return `${failure.nodeName}: ${outcome.message}`;
    case 'cancelled':
      return `${failure.nodeName}: cancelled.`;
    default:
      return `${failure.nodeName}: cannot connect.`;
  }
}

export function LiveNodeProblems({ live }: Props) {
  const [answering, setAnswering] = useState<LiveNodeFailure | null>(null);
  const [canRememberSecrets, setCanRemember] = useState(false);
  useEffect(() => {
    if (answering?.outcome.kind !== 'secret-required') return;
    api.call('nodes.list', {}).then(
      (state) => setCanRemember(state.canRememberSecrets),
      () => undefined,
    );
  }, [answering]);
  if (live.failures.length === 0 && !answering) return null;
  return (
    <Box sx={{ mt: 1, display: 'flex', flexDirection: 'column', gap: 0.5 }}>
      {live.failures.map((failure) => (
        <Alert
          key={failure.nodeId}
          severity="warning"
          onClose={() => live.dismiss(failure.nodeId)}
          sx={{ py: 0, alignItems: 'center' }}
          action={
            <Box sx={{ display: 'flex', gap: 1 }}>
              {failure.outcome.kind === 'host-key-unknown' && (
                <Button size="small" color="inherit" onClick={() => setAnswering(failure)}>
                  Check host key…
                </Button>
              )}
              {failure.outcome.kind === 'secret-required' && (
                <Button size="small" color="inherit" onClick={() => setAnswering(failure)}>
                  Enter {failure.outcome.secret.kind === 'key-passphrase' ? 'passphrase' : 'password'}…
                </Button>
              )}
              <Button size="small" color="inherit" onClick={openNodesSection}>
                Open Nodes section
              </Button>
            </Box>
          }
        >
          {describe(failure)}
        </Alert>
      ))}
      {answering?.outcome.kind === 'host-key-unknown' && (
        <HostKeyDialog
          nodeName={answering.nodeName}
          outcome={answering.outcome}
          onCancel={() => setAnswering(null)}
          onTrust={() => {
            const failure = answering;
            setAnswering(null);
            void live.trust(failure);
          }}
        />
      )}
      {answering?.outcome.kind === 'secret-required' && (
        <SecretDialog
          key={`${answering.nodeId}-${answering.outcome.secret.kind}-${answering.outcome.reason}`}
          outcome={answering.outcome}
          canRemember={canRememberSecrets}
          busy={live.busy}
          error={live.secretError}
          onCancel={() => setAnswering(null)}
          onSubmit={(value, remember) => {
            const failure = answering;
            setAnswering(null);
            void live.provideSecret(failure, value, remember);
          }}
        />
      )}
    </Box>
  );
}
