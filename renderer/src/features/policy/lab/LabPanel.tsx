// The policy lab: replays a sample of logged requests through the draft policy (on the backend, live as the
// policy is edited) and shows per-rule counts, levels, volume and retention, top talkers and what would be lost.
import { Alert, Box, LinearProgress, Stack, Typography } from '@mui/material';
import { useEffect, useMemo, useState } from 'react';
import type { PolicyRule } from '../../../../../shared/policy/types.ts';
import { useLogSession } from '../../logs/useLogSession.ts';
import { formatCount, ruleStatsOf } from './format.ts';
import { LabLostWarnings } from './LabLostWarnings.tsx';
import { LabOverview } from './LabOverview.tsx';
import { LabRuleCounts } from './LabRuleCounts.tsx';
import { labSourceOf, LabSourcePicker, type LabSourceChoice } from './LabSourcePicker.tsx';
import { LabTalkers } from './LabTalkers.tsx';
import { useLabRun } from './useLabRun.ts';

export interface LabPanelProps {
  /** The draft policy YAML (the builder's text). */
  policyText: string;
  /** Kubernetes version the policy is evaluated for, e.g. "1.36". */
  kubeVersion: string;
  /** The builder cannot apply edits right now (the YAML does not parse). */
  disabled?: boolean;
  /** The panel is on screen; a hidden panel does not replay anything. */
  active?: boolean;
  /** Inserts `rule` at `index` in the policy (e.g. `edit([{ op: 'addRule', index, rule }])`). */
  onInsertRule(index: number, rule: Partial<PolicyRule> & { level: string }): void;
  /** Per-rule counts for RuleList's `stats` prop; undefined when there is no result. */
  onStats?(stats: Map<number, { requests: number; level: string }> | undefined): void;
  /** A rule row was clicked. */
  onSelectRule?(index: number): void;
}

export function LabPanel({
  policyText,
  kubeVersion,
  disabled,
  active = true,
  onInsertRule,
  onStats,
  onSelectRule,
}: LabPanelProps) {
  const session = useLogSession();
  const explorerSources = session.state?.sources.length ?? 0;
  const [picked, setPicked] = useState<LabSourceChoice | null>(null);
  const [paths, setPaths] = useState<string[]>([]);
  // Until the user picks, follow the explorer when it has something open, else the bundled sample.
  const choice: LabSourceChoice = picked ?? (explorerSources > 0 ? 'session' : 'sample');
  const source = useMemo(() => labSourceOf(choice, session.sessionId, paths), [choice, session.sessionId, paths]);
  // A new explorer index (sources added or removed) means a new sample.
  const sessionVersion = choice === 'session' ? (session.state?.sources.map((s) => s.id).join(',') ?? '') : '';
  const keyedSource = useMemo(
    () => (source && source.kind === 'session' ? { ...source, sessionId: session.sessionId } : source),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [source, sessionVersion],
  );
  const run = useLabRun(active ? keyedSource : null, policyText, kubeVersion);
  const kubeMinor = Number(kubeVersion.split('.')[1] ?? 36);

  useEffect(() => onStats?.(ruleStatsOf(run.result)), [run.result, onStats]);
  useEffect(() => () => onStats?.(undefined), [onStats]);

  const result = run.result;
  return (
    <Stack spacing={1} sx={{ p: 1.25 }} role="region" aria-label="Policy lab">
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }}>
        <LabSourcePicker
          choice={choice}
          explorerSources={explorerSources}
          paths={paths}
          onChoice={setPicked}
          onPaths={setPaths}
        />
        {result && (
          <Typography variant="body2" color="text.secondary" data-testid="lab-totals">
            {formatCount(result.events)} events, {formatCount(result.requests)} requests
            {result.unevaluable > 0 && `, ${formatCount(result.unevaluable)} not evaluable (no verb or URI)`}
            {run.partial && ' so far'}
          </Typography>
        )}
      </Stack>
      {run.running && (
        <LinearProgress
          aria-label="Simulating"
          variant={run.progress && run.progress.bytesTotal > 0 ? 'determinate' : 'indeterminate'}
          value={
            run.progress && run.progress.bytesTotal > 0 ? (100 * run.progress.bytesDone) / run.progress.bytesTotal : 0
          }
        />
      )}
      {run.error && (
        <Alert severity="error" variant="outlined">
          {run.error}
        </Alert>
      )}
      {!result && !run.running && !run.error && (
        <Typography variant="body2" color="text.secondary">
          {choice === 'paths'
            ? 'Enter the path of an audit log on this machine and press Replay.'
            : 'Pick a sample of audit events to replay through this policy.'}
        </Typography>
      )}
      {result && (
        <Box
          sx={{
            display: 'grid',
            gridTemplateColumns: 'minmax(300px, 0.9fr) minmax(340px, 1fr) minmax(380px, 1.2fr)',
            gap: 2,
            alignItems: 'start',
          }}
        >
          <LabRuleCounts result={result} onSelectRule={onSelectRule} />
          <LabOverview result={result} kubeMinor={kubeMinor} />
          <Stack spacing={1}>
            <LabLostWarnings result={result} />
            <LabTalkers result={result} disabled={disabled || run.partial} onInsertRule={onInsertRule} />
          </Stack>
        </Box>
      )}
    </Stack>
  );
}
