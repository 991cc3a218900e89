// Top talkers under the draft by user, verb, resource and namespace, each with a one-click None rule placed where
// it takes effect.
import {
  Box,
  Button,
  Tab,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Tabs,
  Tooltip,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { TALKER_FIELDS, type LabResult, type Talker, type TalkerField } from '../../../../../shared/lab/types.ts';
import type { PolicyRule } from '../../../../../shared/policy/types.ts';
import { formatBytes, formatCount, percent } from './format.ts';

interface Props {
  result: LabResult;
  disabled?: boolean;
  onInsertRule(index: number, rule: Partial<PolicyRule> & { level: string }): void;
}

const FIELD_LABELS: Record<TalkerField, string> = {
  user: 'User',
  verb: 'Verb',
  resource: 'Resource',
  namespace: 'Namespace',
};

export function LabTalkers({ result, disabled, onInsertRule }: Props) {
  const [field, setField] = useState<TalkerField>('user');
  const talkers = result.talkers[field];
  return (
    <Box role="region" aria-label="Top talkers">
      <Tabs
        value={field}
        onChange={(_event, value: TalkerField) => setField(value)}
        sx={{ minHeight: 32 }}
        aria-label="Top talkers by"
      >
        {TALKER_FIELDS.map((name) => (
          <Tab key={name} value={name} label={FIELD_LABELS[name]} sx={{ minHeight: 32, py: 0.5 }} />
        ))}
      </Tabs>
      {talkers.length === 0 ? (
        <Typography variant="body2" color="text.secondary" sx={{ p: 1 }}>
          Nothing is logged under the draft for this field.
        </Typography>
      ) : (
        <Table size="small" aria-label={`Top talkers by ${field}`}>
          <TableHead>
            <TableRow>
              <TableCell>{FIELD_LABELS[field]}</TableCell>
              <TableCell align="right">Requests</TableCell>
              <TableCell align="right">Projected</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {talkers.map((talker) => (
              <TalkerRow
                key={talker.value}
                talker={talker}
                total={result.bytes.projected}
                disabled={disabled}
                onInsertRule={onInsertRule}
              />
            ))}
          </TableBody>
        </Table>
      )}
    </Box>
  );
}

function TalkerRow({
  talker,
  total,
  disabled,
  onInsertRule,
}: {
  talker: Talker;
  total: number;
  disabled?: boolean;
  onInsertRule: Props['onInsertRule'];
}) {
  const insert = talker.insert;
  return (
    <TableRow hover data-testid="lab-talker">
      <TableCell sx={{ maxWidth: 320, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
        <Tooltip title={talker.label}>
          <span>{talker.label}</span>
        </Tooltip>
      </TableCell>
      <TableCell align="right">{formatCount(talker.requests)}</TableCell>
      <TableCell align="right">
        {formatBytes(talker.projectedBytes)}{' '}
        <Typography component="span" variant="caption" color="text.secondary">
          ({percent(talker.projectedBytes, total)})
        </Typography>
      </TableCell>
      <TableCell align="right">
        {insert ? (
          <Tooltip
            title={`Adds "level: None" for ${talker.label} as rule ${insert.index + 1}, before the first rule that logs these requests`}
          >
            <span>
              <Button
                size="small"
                disabled={disabled}
                aria-label={`Add a None rule for ${talker.label}`}
                onClick={() => onInsertRule(insert.index, insert.rule)}
              >
                Add a None rule
              </Button>
            </span>
          </Tooltip>
        ) : (
          <Typography variant="caption" color="text.secondary">
            {talker.why ?? ''}
          </Typography>
        )}
      </TableCell>
    </TableRow>
  );
}
