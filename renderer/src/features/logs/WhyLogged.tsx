// "Why was this logged?": the rule of the policy in the builder that matches this event, and the level it gives
// now (which may differ from the level the event was logged at, if the policy changed since).
import { Alert, Box, Typography } from '@mui/material';
import { useMemo } from 'react';
import { explainEvaluation } from '../../../../shared/policy/explain.ts';
import { requestAttributesFromEvent, type AuditEventLike } from '../../../../shared/policy/event-attributes.ts';
import { loadPolicyText } from '../../../../shared/policy/load-policy.ts';
import { summarizeRule } from '../../../../shared/policy/summary.ts';
import { parseKubeVersion } from '../../../../shared/policy/version.ts';
import { useSettings } from '../../shell/useSettings.ts';
import { usePolicyDraft } from '../../state/policy-draft.ts';
import { LevelChip } from '../policy/LevelChip.tsx';

export function WhyLogged({ event, loggedLevel }: { event: unknown; loggedLevel: string }) {
  const draft = usePolicyDraft();
  // Evaluate for the Kubernetes version chosen in the builder (group "*" and validation depend on it).
  const { settings } = useSettings();
  const result = useMemo(() => {
    if (draft.trim() === '') return { kind: 'no-policy' as const };
    try {
      const version = parseKubeVersion(settings.kubernetesVersion);
      const loaded = loadPolicyText(draft, version);
      if (!loaded.policy || loaded.loadErrors.length > 0) {
        return { kind: 'invalid' as const, message: loaded.loadErrors[0]?.message ?? 'the policy cannot be read' };
      }
      const attributes = requestAttributesFromEvent(event as AuditEventLike);
      const explanation = explainEvaluation(loaded.policy, attributes, version);
      const index = explanation.result.rule;
      return {
        kind: 'ok' as const,
        explanation,
        rule: index >= 0 ? loaded.policy.rules[index] : undefined,
        line: index >= 0 ? loaded.ruleLine(index) : undefined,
      };
    } catch (error) {
      return { kind: 'invalid' as const, message: (error as Error).message };
    }
  }, [draft, event, settings.kubernetesVersion]);

  if (result.kind === 'no-policy') {
    return (
      <Alert severity="info">
        Open or build a policy in the Policy section: this panel then shows which of its rules matches this event.
      </Alert>
    );
  }
  if (result.kind === 'invalid')
    return <Alert severity="warning">The policy in the builder has a problem: {result.message}</Alert>;
  const { explanation, rule, line } = result;
  const level = explanation.result.level;
  return (
    <Box>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 1 }}>
        <Typography variant="body2">With the policy in the builder this request is logged at</Typography>
        <LevelChip level={level} />
      </Box>
      {rule ? (
        <Typography variant="body2" sx={{ mb: 1 }}>
          Rule {explanation.result.rule + 1}
          {line ? ` (line ${line})` : ''}: <b>{summarizeRule(rule)}</b>
        </Typography>
      ) : (
        <Typography variant="body2" sx={{ mb: 1 }}>
          No rule matches: the request is not logged.
        </Typography>
      )}
      {loggedLevel && loggedLevel !== level && (
        <Alert severity="info" sx={{ mb: 1 }}>
          It was logged at {loggedLevel}: the policy that wrote this log differs from the one in the builder.
        </Alert>
      )}
      <Box component="ol" start={1} sx={{ pl: 3, m: 0, color: 'text.secondary', fontSize: 12.5 }}>
        {explanation.rules.map((item) => (
          <li key={item.rule} style={{ fontWeight: item.matched ? 600 : 400 }}>
            {item.matched ? 'matches: ' : 'skipped: '}
            {item.reason}
          </li>
        ))}
      </Box>
    </Box>
  );
}
