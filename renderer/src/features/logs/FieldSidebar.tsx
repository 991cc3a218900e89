// Every indexed field with its top values for the current result: click a value to filter for it, alt-click or the
// minus button to filter it out, the pin to show the field as a table column.
import PushPinIcon from '@mui/icons-material/PushPin';
import PushPinOutlinedIcon from '@mui/icons-material/PushPinOutlined';
import RemoveIcon from '@mui/icons-material/RemoveCircleOutlineOutlined';
import { Box, ButtonBase, IconButton, Tooltip, Typography, alpha, useTheme } from '@mui/material';
import type { ValueCount } from '../../../../shared/ipc/contract/logs.ts';
import { FIELDS } from '../../../../shared/logs/fields.ts';
import { formatCount } from './format.ts';
import { SIDEBAR_FIELDS } from './useResultSummary.ts';
import { memo } from 'react';

interface Props {
  fields: Record<string, ValueCount[]>;
  total: number;
  columns: string[];
  onFilter(field: string, value: string | number, exclude: boolean): void;
  onTogglePin(field: string): void;
}

const DESCRIPTIONS = new Map(FIELDS.map((field) => [field.name, field.description]));

function FieldSidebarView({ fields, total, columns, onFilter, onTogglePin }: Props) {
  const theme = useTheme();
  return (
    <Box
      component="aside"
      aria-label="Fields"
      sx={{ width: 250, flexShrink: 0, overflow: 'auto', borderRight: 1, borderColor: 'divider', py: 1 }}
    >
      {SIDEBAR_FIELDS.map((field) => {
        const values = fields[field] ?? [];
        if (values.length === 0) return null;
        const pinned = columns.includes(field);
        return (
          <Box key={field} role="group" aria-label={`Field ${field}`} data-field={field} sx={{ px: 1.5, pb: 1.25 }}>
            <Box sx={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between' }}>
              <Tooltip title={DESCRIPTIONS.get(field) ?? ''} placement="right">
                <Typography variant="caption" sx={{ fontWeight: 700, letterSpacing: 0.3, color: 'text.secondary' }}>
                  {field}
                </Typography>
              </Tooltip>
              <Tooltip title={pinned ? `Remove the ${field} column` : `Show ${field} as a column`}>
                <IconButton
                  size="small"
                  aria-label={pinned ? `Unpin ${field}` : `Pin ${field} as column`}
                  aria-pressed={pinned}
                  onClick={() => onTogglePin(field)}
                  sx={{ p: 0.25 }}
                >
                  {pinned ? (
                    <PushPinIcon sx={{ fontSize: 15 }} color="primary" />
                  ) : (
                    <PushPinOutlinedIcon sx={{ fontSize: 15 }} />
                  )}
                </IconButton>
              </Tooltip>
            </Box>
            {values.map((entry) => {
              const share = total > 0 ? entry.count / total : 0;
              const label = String(entry.value) === '' ? '(empty)' : String(entry.value);
              return (
                <Box
                  key={String(entry.value)}
                  sx={{ display: 'flex', alignItems: 'center', '&:hover .exclude': { opacity: 1 } }}
                >
                  <ButtonBase
                    aria-label={`Filter ${field}: ${label} (${entry.count})`}
                    data-value={String(entry.value)}
                    data-count={entry.count}
                    title={`${label}\nclick: only this value · alt-click: exclude it`}
                    onClick={(event) => onFilter(field, entry.value, event.altKey)}
                    sx={{
                      flex: 1,
                      minWidth: 0,
                      justifyContent: 'space-between',
                      gap: 1,
                      px: 0.75,
                      py: 0.4,
                      borderRadius: 1,
                      fontSize: 12.5,
                      position: 'relative',
                      overflow: 'hidden',
                      '&:hover': { bgcolor: 'action.hover' },
                    }}
                  >
                    <Box
                      aria-hidden
                      sx={{
                        position: 'absolute',
                        left: 6,
                        bottom: 1,
                        height: 2,
                        width: `calc(${Math.max(1, share * 100)}% - 12px)`,
                        bgcolor: alpha(theme.palette.primary.main, theme.palette.mode === 'dark' ? 0.55 : 0.45),
                        borderRadius: 1,
                      }}
                    />
                    <Box
                      component="span"
                      sx={{
                        position: 'relative',
                        overflow: 'hidden',
                        textOverflow: 'ellipsis',
                        whiteSpace: 'nowrap',
                        textAlign: 'left',
                      }}
                    >
                      {label}
                    </Box>
                    <Box
                      component="span"
                      sx={{ position: 'relative', color: 'text.secondary', fontVariantNumeric: 'tabular-nums' }}
                    >
                      {formatCount(entry.count)}
                    </Box>
                  </ButtonBase>
                  <Tooltip title={`Exclude ${label}`}>
                    <IconButton
                      className="exclude"
                      size="small"
                      aria-label={`Exclude ${field}: ${label}`}
                      onClick={() => onFilter(field, entry.value, true)}
                      sx={{ p: 0.25, opacity: 0, '&:focus-visible': { opacity: 1 } }}
                    >
                      <RemoveIcon sx={{ fontSize: 15 }} />
                    </IconButton>
                  </Tooltip>
                </Box>
              );
            })}
          </Box>
        );
      })}
    </Box>
  );
}

/** Memoised: the explorer re-renders on every selection and scroll state change, this pane only when its props do. */
export const FieldSidebar = memo(FieldSidebarView);
