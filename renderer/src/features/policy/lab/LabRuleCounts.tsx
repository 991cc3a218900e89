// Requests per rule at the draft's levels, the no-match row and the rules that never matched.
import { Box, Table, TableBody, TableCell, TableHead, TableRow, Tooltip, Typography } from '@mui/material';
import type { LabResult } from '../../../../../shared/lab/types.ts';
import { LevelChip } from '../LevelChip.tsx';
import { formatBytes, formatCount, percent } from './format.ts';

interface Props {
  result: LabResult;
  onSelectRule?(index: number): void;
}

export function LabRuleCounts({ result, onSelectRule }: Props) {
  const evaluated = result.requests - result.unevaluable;
  return (
    <Box role="region" aria-label="Requests per rule">
      <Table size="small" stickyHeader aria-label="Requests per rule">
        <TableHead>
          <TableRow>
            <TableCell>Rule</TableCell>
            <TableCell>Level</TableCell>
            <TableCell align="right">Requests</TableCell>
            <TableCell align="right">Projected</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {result.rules.map((rule) => (
            <TableRow
              key={rule.index}
              hover
              data-testid={`lab-rule-${rule.index}`}
              onClick={() => onSelectRule?.(rule.index)}
              sx={{ cursor: onSelectRule ? 'pointer' : undefined, opacity: rule.requests === 0 ? 0.6 : 1 }}
            >
              <TableCell>
                {rule.index + 1}
                {rule.requests === 0 && (
                  <Typography component="span" variant="caption" color="warning.main" sx={{ ml: 1 }}>
                    never matched
                  </Typography>
                )}
              </TableCell>
              <TableCell>
                <LevelChip level={rule.level} />
              </TableCell>
              <TableCell align="right">
                <Tooltip title={`${percent(rule.requests, evaluated)} of the requests`}>
                  <span>{formatCount(rule.requests)}</span>
                </Tooltip>
              </TableCell>
              <TableCell align="right">{formatBytes(rule.projectedBytes)}</TableCell>
            </TableRow>
          ))}
          <TableRow data-testid="lab-no-match">
            <TableCell colSpan={2}>
              <Typography variant="body2" color="text.secondary">
                No rule matched (not logged)
              </Typography>
            </TableCell>
            <TableCell align="right">{formatCount(result.noMatch)}</TableCell>
            <TableCell align="right">{formatBytes(0)}</TableCell>
          </TableRow>
        </TableBody>
      </Table>
    </Box>
  );
}
