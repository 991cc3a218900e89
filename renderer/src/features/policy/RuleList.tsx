// The ordered rule list: first match wins, so order is editable by buttons, drag and drop, and Alt+Arrow keys.
import AddIcon from '@mui/icons-material/Add';
import ArrowDownwardIcon from '@mui/icons-material/ArrowDownward';
import ArrowUpwardIcon from '@mui/icons-material/ArrowUpward';
import ContentCopyIcon from '@mui/icons-material/ContentCopyOutlined';
import DeleteIcon from '@mui/icons-material/DeleteOutlineOutlined';
import DragIndicatorIcon from '@mui/icons-material/DragIndicator';
import ErrorIcon from '@mui/icons-material/ErrorOutlineOutlined';
import WarningIcon from '@mui/icons-material/WarningAmber';
import { Box, Button, IconButton, Paper, Stack, Tooltip, Typography } from '@mui/material';
import { useRef, useState, type KeyboardEvent } from 'react';
import { summarizeRule } from '../../../../shared/policy/summary.ts';
import type { Diagnostic, PolicyRule } from '../../../../shared/policy/types.ts';
import { LevelChip } from './LevelChip.tsx';

export interface RuleStats {
  requests: number;
  level: string;
}

interface Props {
  rules: PolicyRule[];
  selected: number | null;
  highlighted: number | null;
  problems: Map<number, Diagnostic[]>;
  stats?: Map<number, RuleStats>;
  disabled: boolean;
  onSelect(index: number): void;
  onAdd(): void;
  onMove(from: number, to: number): void;
  onDuplicate(index: number): void;
  onDelete(index: number): void;
}

export function RuleList(props: Props) {
  const { rules, selected, highlighted, problems, stats, disabled } = props;
  const [dragFrom, setDragFrom] = useState<number | null>(null);
  const [dropAt, setDropAt] = useState<number | null>(null);
  const cards = useRef<(HTMLDivElement | null)[]>([]);

  const focusCard = (index: number) => setTimeout(() => cards.current[index]?.focus(), 0);

  const onKeyDown = (event: KeyboardEvent, index: number) => {
    if (event.target !== event.currentTarget) return;
    const move = (to: number) => {
      if (to < 0 || to >= rules.length) return;
      props.onMove(index, to);
      props.onSelect(to);
      focusCard(to);
    };
    if (event.altKey && event.key === 'ArrowUp') move(index - 1);
    else if (event.altKey && event.key === 'ArrowDown') move(index + 1);
    else if (event.key === 'ArrowUp') focusCard(Math.max(0, index - 1));
    else if (event.key === 'ArrowDown') focusCard(Math.min(rules.length - 1, index + 1));
    else if (event.key === 'Enter' || event.key === ' ') props.onSelect(index);
    else return;
    event.preventDefault();
  };

  return (
    <Paper variant="outlined" sx={{ display: 'flex', flexDirection: 'column', minHeight: 0, flex: 1 }}>
      <Box sx={{ px: 2, pt: 1.5, pb: 1, display: 'flex', alignItems: 'center', gap: 1 }}>
        <Box sx={{ flex: 1 }}>
          <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 600 }}>
            Rules
          </Typography>
          <Typography variant="caption" color="text.secondary">
            Checked top to bottom: the first matching rule decides. Alt+↑/↓ or drag to reorder.
          </Typography>
        </Box>
        <Button variant="contained" size="small" startIcon={<AddIcon />} onClick={props.onAdd} disabled={disabled}>
          Add rule
        </Button>
      </Box>
      {rules.length === 0 && (
        <Box sx={{ p: 3, textAlign: 'center', color: 'text.secondary' }}>
          <Typography>No rules yet.</Typography>
          <Typography variant="body2">
            Add a rule, or start from a preset. A policy without rules logs nothing and kube-apiserver refuses it.
          </Typography>
        </Box>
      )}
      <Box role="list" aria-label="Policy rules" sx={{ overflow: 'auto', px: 1.5, pb: 1.5, flex: 1 }}>
        {rules.map((rule, index) => {
          const ruleProblems = problems.get(index) ?? [];
          const errors = ruleProblems.filter((p) => p.severity === 'error').length;
          const warnings = ruleProblems.length - errors;
          const stat = stats?.get(index);
          const isSelected = selected === index;
          return (
            <Box
              key={index}
              ref={(element: HTMLDivElement | null) => {
                cards.current[index] = element;
              }}
              role="listitem"
              tabIndex={0}
              aria-label={`Rule ${index + 1}: ${summarizeRule(rule)}`}
              aria-current={isSelected ? 'true' : undefined}
              data-rule-index={index}
              data-highlighted={highlighted === index ? 'true' : undefined}
              draggable={!disabled}
              onClick={() => props.onSelect(index)}
              onKeyDown={(event) => onKeyDown(event, index)}
              onDragStart={(event) => {
                setDragFrom(index);
                event.dataTransfer.effectAllowed = 'move';
                event.dataTransfer.setData('text/plain', String(index));
              }}
              onDragOver={(event) => {
                if (dragFrom === null) return;
                event.preventDefault();
                setDropAt(index);
              }}
              onDragEnd={() => {
                setDragFrom(null);
                setDropAt(null);
              }}
              onDrop={(event) => {
                event.preventDefault();
                if (dragFrom !== null && dragFrom !== index) {
                  props.onMove(dragFrom, index);
                  props.onSelect(index);
                }
                setDragFrom(null);
                setDropAt(null);
              }}
              sx={{
                mt: 1,
                p: 1,
                pl: 0.5,
                display: 'flex',
                gap: 1,
                alignItems: 'flex-start',
                borderRadius: 1.5,
                border: 1,
                cursor: 'pointer',
                borderColor: isSelected ? 'primary.main' : highlighted === index ? 'success.main' : 'divider',
                bgcolor: highlighted === index ? 'action.hover' : isSelected ? 'action.selected' : 'background.paper',
                boxShadow: highlighted === index ? (theme) => `0 0 0 2px ${theme.palette.success.main}` : 'none',
                outline: 'none',
                '&:focus-visible': { boxShadow: (theme) => `0 0 0 2px ${theme.palette.primary.main}` },
                opacity: dragFrom === index ? 0.5 : 1,
                borderTopWidth: dropAt === index && dragFrom !== null && dragFrom > index ? 3 : 1,
                borderBottomWidth: dropAt === index && dragFrom !== null && dragFrom < index ? 3 : 1,
              }}
            >
              <DragIndicatorIcon
                fontSize="small"
                sx={{ color: 'text.disabled', mt: 0.5, cursor: 'grab' }}
                aria-hidden
              />
              <Box sx={{ flex: 1, minWidth: 0 }}>
                <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                  <Typography
                    variant="caption"
                    color="text.secondary"
                    sx={{ fontVariantNumeric: 'tabular-nums', minWidth: 18 }}
                  >
                    {index + 1}
                  </Typography>
                  <LevelChip level={rule.level} />
                  {errors > 0 && (
                    <Tooltip title={`${errors} error${errors > 1 ? 's' : ''}`}>
                      <Box
                        sx={{ display: 'flex', alignItems: 'center', color: 'error.main', gap: 0.25 }}
                        aria-label={`${errors} errors`}
                      >
                        <ErrorIcon fontSize="small" />
                        <Typography variant="caption">{errors}</Typography>
                      </Box>
                    </Tooltip>
                  )}
                  {warnings > 0 && (
                    <Tooltip
                      title={ruleProblems
                        .filter((p) => p.severity !== 'error')
                        .map((p) => p.message)
                        .join('\n')}
                    >
                      <Box
                        sx={{ display: 'flex', alignItems: 'center', color: 'warning.main', gap: 0.25 }}
                        aria-label={`${warnings} warnings`}
                      >
                        <WarningIcon fontSize="small" />
                        <Typography variant="caption">{warnings}</Typography>
                      </Box>
                    </Tooltip>
                  )}
                  {stat && (
                    <Typography
                      variant="caption"
                      color="text.secondary"
                      sx={{ ml: 'auto !important' }}
                      data-testid="rule-lab-count"
                    >
                      {stat.requests.toLocaleString()} req
                    </Typography>
                  )}
                </Stack>
                <Typography variant="body2" sx={{ mt: 0.5, wordBreak: 'break-word' }}>
                  {summarizeRule(rule)}
                </Typography>
              </Box>
              <Stack direction="row" sx={{ opacity: isSelected ? 1 : 0.55, '&:hover': { opacity: 1 } }}>
                <IconButton
                  size="small"
                  aria-label={`Move rule ${index + 1} up`}
                  disabled={disabled || index === 0}
                  onClick={(event) => {
                    event.stopPropagation();
                    props.onMove(index, index - 1);
                    props.onSelect(index - 1);
                  }}
                >
                  <ArrowUpwardIcon fontSize="small" />
                </IconButton>
                <IconButton
                  size="small"
                  aria-label={`Move rule ${index + 1} down`}
                  disabled={disabled || index === rules.length - 1}
                  onClick={(event) => {
                    event.stopPropagation();
                    props.onMove(index, index + 1);
                    props.onSelect(index + 1);
                  }}
                >
                  <ArrowDownwardIcon fontSize="small" />
                </IconButton>
                <IconButton
                  size="small"
                  aria-label={`Duplicate rule ${index + 1}`}
                  disabled={disabled}
                  onClick={(event) => {
                    event.stopPropagation();
                    props.onDuplicate(index);
                  }}
                >
                  <ContentCopyIcon fontSize="small" />
                </IconButton>
                <IconButton
                  size="small"
                  aria-label={`Delete rule ${index + 1}`}
                  disabled={disabled}
                  onClick={(event) => {
                    event.stopPropagation();
                    props.onDelete(index);
                  }}
                >
                  <DeleteIcon fontSize="small" />
                </IconButton>
              </Stack>
            </Box>
          );
        })}
      </Box>
    </Paper>
  );
}
