// One row of the event table, kept cheap because a fast scroll renders dozens of them per frame: plain elements
// with class names (styled once by the table, see eventRowStyles) and memoised on the row's data and position.
import { alpha, type Theme } from '@mui/material';
import { memo } from 'react';
import type { LogRow } from '../../../../shared/ipc/contract/logs.ts';
import { levelColor } from '../../shell/theme.ts';
import type { ColumnDef } from './table-columns.tsx';

interface Props {
  index: number;
  row: LogRow | undefined;
  top: number;
  height: number;
  selected: boolean;
  defs: ColumnDef[];
  template: string;
  mode: 'light' | 'dark';
  onSelect(index: number, row: LogRow | undefined): void;
}

function tone(row: LogRow | undefined): string {
  if (!row) return '';
  if (row.decision === 'forbid' || row.code === 403) return ' ev-forbid';
  if (row.code !== null && row.code >= 500) return ' ev-5xx';
  if (row.code !== null && row.code >= 400) return ' ev-4xx';
  return '';
}

function Cell({ column, row, mode }: { column: ColumnDef; row: LogRow; mode: 'light' | 'dark' }) {
  const text = column.text(row);
  const className = `ev-cell${column.mono ? ' ev-mono' : ''}${column.align === 'right' ? ' ev-right' : ''}`;
  let content: React.ReactNode = text;
  if (column.id === 'level' && text) {
    content = (
      <span className="ev-level">
        <span className="ev-dot" style={{ backgroundColor: levelColor(text, mode) }} />
        {text}
      </span>
    );
  } else if (column.id === 'node' && !row.node) {
    content = <span className="ev-muted">{text}</span>;
  } else if (column.id === 'code' && row.code !== null && row.code >= 400) {
    content = <span className={row.code >= 500 || row.code === 403 ? 'ev-code-error' : 'ev-code-warning'}>{text}</span>;
  }
  return (
    <div role="gridcell" className={className} title={text}>
      {content}
    </div>
  );
}

export const EventRow = memo(function EventRow({
  index,
  row,
  top,
  height,
  selected,
  defs,
  template,
  mode,
  onSelect,
}: Props) {
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-event-id={row?.id}
      className={`ev-row${selected ? ' ev-selected' : tone(row)}`}
      onClick={() => onSelect(index, row)}
      style={{ height, transform: `translateY(${top}px)`, gridTemplateColumns: template }}
    >
      {row
        ? defs.map((column) => <Cell key={column.id} column={column} row={row} mode={mode} />)
        : defs.map((column) => (
            <div key={column.id} role="gridcell" className="ev-cell">
              <span className="ev-placeholder" />
            </div>
          ))}
    </div>
  );
});

/** The styles of every row, set once on the table (instead of per row and cell). */
export function eventRowStyles(theme: Theme) {
  const dark = theme.palette.mode === 'dark';
  return {
    '& .ev-window': { position: 'absolute', top: 0, left: 0, right: 0, willChange: 'transform' },
    '& .ev-row': {
      position: 'absolute',
      top: 0,
      left: 0,
      right: 0,
      display: 'grid',
      alignItems: 'center',
      paddingLeft: theme.spacing(1),
      borderLeft: '3px solid transparent',
      borderBottom: `1px solid ${theme.palette.divider}`,
      cursor: 'pointer',
      fontSize: 13,
      contain: 'strict',
      '&:hover': { backgroundColor: theme.palette.action.hover },
    },
    '& .ev-selected': { backgroundColor: alpha(theme.palette.primary.main, dark ? 0.28 : 0.14) },
    '& .ev-forbid': {
      backgroundColor: alpha(theme.palette.error.main, dark ? 0.16 : 0.08),
      borderLeftColor: theme.palette.error.main,
    },
    '& .ev-5xx': {
      backgroundColor: alpha(theme.palette.error.main, dark ? 0.12 : 0.06),
      borderLeftColor: theme.palette.error.main,
    },
    '& .ev-4xx': {
      backgroundColor: alpha(theme.palette.warning.main, dark ? 0.1 : 0.07),
      borderLeftColor: theme.palette.warning.main,
    },
    '& .ev-cell': {
      padding: theme.spacing(0, 1),
      overflow: 'hidden',
      textOverflow: 'ellipsis',
      whiteSpace: 'nowrap',
      fontVariantNumeric: 'tabular-nums',
    },
    '& .ev-mono': { fontFamily: 'monospace', fontSize: 12.5 },
    '& .ev-right': { textAlign: 'right' },
    '& .ev-level': { display: 'inline-flex', alignItems: 'center', gap: theme.spacing(0.75) },
    '& .ev-dot': { width: 8, height: 8, borderRadius: '50%', display: 'inline-block' },
    '& .ev-muted': { color: theme.palette.text.secondary },
    '& .ev-code-error': { color: theme.palette.error.main, fontWeight: 600 },
    '& .ev-code-warning': { color: theme.palette.warning.main, fontWeight: 600 },
    '& .ev-placeholder': {
      display: 'block',
      width: '70%',
      height: '0.8em',
      borderRadius: 4,
      backgroundColor: theme.palette.action.hover,
    },
  } as const;
}
