// Browser mode's confirmation (Electron's comes from the main process): names every node that will change.
import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle } from '@mui/material';
import type { RolloutPlan } from '../../../../shared/apply/types.ts';

const VERB = { apply: 'Apply', revert: 'Revert', disable: 'Disable audit' } as const;

export default function ConfirmRunDialog({
  plan,
  onConfirm,
  onCancel,
}: {
  plan: RolloutPlan;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const names = plan.nodes.map((node) => node.label).join(', ');
  return (
    <Dialog open onClose={onCancel} aria-labelledby="confirm-run-title">
      <DialogTitle id="confirm-run-title">
        {VERB[plan.action]} on {plan.nodes.length} node{plan.nodes.length === 1 ? '' : 's'}?
      </DialogTitle>
      <DialogContent>
        <DialogContentText>
          {names}. Nodes are changed one at a time and each kube-apiserver restarts. A node that does not come back
          healthy is rolled back and the rollout stops.
        </DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel}>Cancel</Button>
        <Button variant="contained" color="warning" onClick={onConfirm}>
          {VERB[plan.action]}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
