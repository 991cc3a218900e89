// "What would be lost": requests the built-in investigations find in the sample that the draft would no longer log
// at the level they need.
import { Alert, Stack, Typography } from '@mui/material';
import type { LabResult } from '../../../../../shared/lab/types.ts';
import { formatCount } from './format.ts';

export function LabLostWarnings({ result }: { result: LabResult }) {
  if (result.lost.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary" role="status">
        Nothing the built-in investigations look for would be lost.
      </Typography>
    );
  }
  return (
    <Stack spacing={0.75} role="region" aria-label="What would be lost">
      {result.lost.map((finding) => (
        <Alert key={finding.check} severity="warning" variant="outlined" data-testid={`lab-lost-${finding.check}`}>
          <strong>{finding.title}</strong>: {formatCount(finding.lost)} of {formatCount(finding.found)} requests would
          no longer be logged at {finding.needs} or above ({finding.description}) —{' '}
          {finding.byRule
            .map((entry) =>
              entry.rule < 0
                ? `${formatCount(entry.requests)} match no rule`
                : `${formatCount(entry.requests)} by rule ${entry.rule + 1} (${entry.level})`,
            )
            .join(', ')}
          . For example: {finding.example}.
        </Alert>
      ))}
    </Stack>
  );
}
