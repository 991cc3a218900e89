// The Apply wizard, opened from the Nodes page with the selected nodes: settings → review plan and diffs →
// confirm → per-node progress → outcome; plus the journal with Revert and "Disable audit".
import CloseIcon from '@mui/icons-material/Close';
import {
  Alert,
  AppBar,
  Box,
  Button,
  Dialog,
  IconButton,
  Stack,
  Step,
  StepLabel,
  Stepper,
  Tab,
  Tabs,
  Toolbar,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { loadPolicyText } from '../../../../shared/policy/load-policy.ts';
import { usePolicyDraft } from '../../state/policy-draft.ts';
import ConfirmRunDialog from './ConfirmRunDialog.tsx';
import JournalList from './JournalList.tsx';
import PlanReview from './PlanReview.tsx';
import RunProgress from './RunProgress.tsx';
import { DEFAULT_FORM, formErrors, toApplySettings, type SettingsForm } from './settings-form.ts';
import SettingsStep from './SettingsStep.tsx';
import { useRollout } from './useRollout.ts';

export interface ApplyPanelNode {
  id: string;
  name: string;
  host: string;
}

export interface ApplyPanelProps {
  open: boolean;
  onClose: () => void;
  /** The nodes selected in the inventory (NodeProfile objects fit). */
  nodes: readonly ApplyPanelNode[];
}

const STEPS = ['Settings', 'Review plan', 'Progress'];

export default function ApplyPanel({ open, onClose, nodes }: ApplyPanelProps) {
  const policyText = usePolicyDraft();
  const [form, setForm] = useState<SettingsForm>(DEFAULT_FORM);
  const [tab, setTab] = useState<'apply' | 'journal'>('apply');
  const [journalKey, setJournalKey] = useState(0);
  const rollout = useRollout();
  const { phase, plan } = rollout;
  const policyProblems =
    policyText.trim() === ''
      ? ['the policy builder is empty']
      : loadPolicyText(policyText).loadErrors.map((d) => d.message);
  const nodeIds = nodes.map((node) => node.id);
  const nodeOptions = form.livezUrl
    ? Object.fromEntries(nodeIds.map((id) => [id, { livezUrl: form.livezUrl }]))
    : undefined;
  const activeStep = phase === 'idle' || phase === 'planning' ? 0 : phase === 'review' || phase === 'confirm' ? 1 : 2;
  const busy = phase === 'planning' || phase === 'running';

  const close = () => {
    if (phase === 'running') return;
    if (phase === 'done') setJournalKey((key) => key + 1);
    rollout.reset();
    onClose();
  };
  const review = () =>
    void rollout.makePlan({ action: 'apply', nodeIds, policyText, settings: toApplySettings(form), nodeOptions });
  const disable = () =>
    void rollout.makePlan({ action: 'disable', nodeIds, persistKubeadm: form.persistKubeadm, nodeOptions });
  const revert = (journalId: string) => {
    setTab('apply');
    void rollout.makePlan({ action: 'revert', journalId, nodeOptions });
  };
  const finishedNodes = plan?.nodes.map((node) => ({ nodeId: node.nodeId, label: node.label })) ?? [];

  return (
    <Dialog fullScreen open={open} onClose={close} aria-labelledby="apply-panel-title">
      <AppBar position="static" color="default" elevation={1}>
        <Toolbar>
          <Typography id="apply-panel-title" variant="h6" component="h2" sx={{ flex: 1 }}>
            Apply audit settings — {nodes.map((node) => node.name).join(', ') || 'no nodes selected'}
          </Typography>
          <IconButton aria-label="Close the apply panel" onClick={close} disabled={phase === 'running'}>
            <CloseIcon />
          </IconButton>
        </Toolbar>
        <Tabs value={tab} onChange={(_event, value) => setTab(value)} aria-label="Apply sections" sx={{ px: 2 }}>
          <Tab label="Apply" value="apply" />
          <Tab label="Journal" value="journal" />
        </Tabs>
      </AppBar>
      <Box sx={{ p: 3, overflow: 'auto', flex: 1 }}>
        {tab === 'journal' ? (
          <JournalList refreshKey={journalKey} onRevert={revert} />
        ) : (
          <>
            <Stepper activeStep={activeStep} sx={{ mb: 3, maxWidth: 760 }}>
              {STEPS.map((label) => (
                <Step key={label}>
                  <StepLabel>{label}</StepLabel>
                </Step>
              ))}
            </Stepper>
            {rollout.error && (
              <Alert severity="error" sx={{ mb: 2 }}>
                {rollout.error}
              </Alert>
            )}
            {activeStep === 0 && (
              <>
                {nodes.length === 0 && (
                  <Alert severity="info">Select one or more control-plane nodes on the Nodes page first.</Alert>
                )}
                {policyProblems.length > 0 && (
                  <Alert severity="warning" sx={{ mb: 2 }}>
                    Policy from the builder: {policyProblems.join('; ')}. Build or open a policy in the Policy section
                    first.
                  </Alert>
                )}
                <SettingsStep form={form} onChange={setForm} />
                <Stack direction="row" spacing={2} sx={{ mt: 3 }}>
                  <Button
                    variant="contained"
                    onClick={review}
                    disabled={
                      busy ||
                      nodes.length === 0 ||
                      policyProblems.length > 0 ||
                      Object.keys(formErrors(form)).length > 0
                    }
                  >
                    {phase === 'planning' ? 'Checking nodes…' : 'Review plan'}
                  </Button>
                  <Button color="warning" onClick={disable} disabled={busy || nodes.length === 0}>
                    Disable audit…
                  </Button>
                </Stack>
              </>
            )}
            {activeStep === 1 && plan && (
              <>
                <PlanReview plan={plan} />
                <Stack direction="row" spacing={2}>
                  <Button onClick={rollout.reset}>Back</Button>
                  <Button
                    variant="contained"
                    color="warning"
                    onClick={() => void rollout.start()}
                    disabled={
                      plan.nodes.some((node) => node.blocked) || plan.nodes.every((node) => node.changes.length === 0)
                    }
                  >
                    {plan.action === 'apply' ? 'Apply…' : plan.action === 'revert' ? 'Revert…' : 'Disable audit…'}
                  </Button>
                </Stack>
              </>
            )}
            {phase === 'confirm' && plan && (
              <ConfirmRunDialog
                plan={plan}
                onConfirm={() => void rollout.start(true)}
                onCancel={() => rollout.setPhase('review')}
              />
            )}
            {activeStep === 2 && (
              <>
                <RunProgress nodes={finishedNodes} steps={rollout.steps} result={rollout.result} />
                <Stack direction="row" spacing={2}>
                  {phase === 'running' && (
                    <Button onClick={() => void rollout.cancel()}>Cancel after the current step</Button>
                  )}
                  {phase === 'done' && (
                    <>
                      <Button onClick={() => (setJournalKey((key) => key + 1), setTab('journal'))}>Show journal</Button>
                      <Button onClick={rollout.reset}>Start over</Button>
                    </>
                  )}
                </Stack>
              </>
            )}
          </>
        )}
      </Box>
    </Dialog>
  );
}
