// The virtualised event table: only the visible rows exist in the DOM and only their pages are fetched, so it
// scrolls through millions of matches. Arrow keys move the selection, Enter opens the detail view.
import ArrowDownwardIcon from '@mui/icons-material/ArrowDownward';
import ArrowUpwardIcon from '@mui/icons-material/ArrowUpward';
import { Box, ButtonBase, Skeleton, alpha, useTheme } from '@mui/material';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { LogRow } from '../../../../shared/ipc/contract/logs.ts';
import { levelColor } from '../../shell/theme.ts';
import { columnById, type ColumnDef } from './table-columns.tsx';
import type { ResultRows } from './useResultRows.ts';

const ROW_HEIGHT = 30;

interface Props {
  rows: ResultRows;
  total: number;
  columns: string[];
  sort: 'time' | 'time-desc';
  selected: number | null;
  onSort(sort: 'time' | 'time-desc'): void;
  onSelect(index: number | null, row: LogRow | undefined): void;
  /** Called with the first visible index, so the page knows whether the newest events are in view. */
  onScrollIndex(first: number): void;
  scrollToTop: number;
}

function gridTemplate(columns: ColumnDef[]): string {
  return columns.map((column) => (column.flex ? `minmax(${column.width}px, 1fr)` : `${column.width}px`)).join(' ');
}

export function EventTable({
  rows,
  total,
  columns,
  sort,
  selected,
  onSort,
  onSelect,
  onScrollIndex,
  scrollToTop,
}: Props) {
  const theme = useTheme();
  const mode = theme.palette.mode;
  const scroller = useRef<HTMLDivElement>(null);
  const defs = columns.map(columnById).filter((column): column is ColumnDef => column !== undefined);
  const template = gridTemplate(defs);
  const minWidth = defs.reduce((sum, column) => sum + column.width, 0) + 16;

  // The virtualizer returns fresh functions each render, which the React compiler cannot memoise; this component
  // re-renders on scroll by design, so skipping compilation here costs nothing.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 15,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    if (total > 0) rows.ensure(first, last);
    onScrollIndex(first);
  }, [first, last, total, rows, onScrollIndex]);

  useEffect(() => {
    if (scrollToTop > 0) virtualizer.scrollToIndex(0);
  }, [scrollToTop, virtualizer]);

  const move = (index: number) => {
    const next = Math.max(0, Math.min(total - 1, index));
    virtualizer.scrollToIndex(next, { align: 'auto' });
    onSelect(next, rows.row(next));
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (total === 0) return;
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 300) / ROW_HEIGHT) - 1);
    const current = selected ?? first - 1;
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(current + 1),
      ArrowUp: () => move(current - 1),
      PageDown: () => move(current + page),
      PageUp: () => move(current - page),
      Home: () => move(0),
      End: () => move(total - 1),
      Escape: () => onSelect(null, undefined),
    };
    const action = keys[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  };

  const rowColors = (row: LogRow | undefined, isSelected: boolean) => {
    if (isSelected) return { bgcolor: alpha(theme.palette.primary.main, mode === 'dark' ? 0.28 : 0.14) };
    if (!row) return {};
    if (row.decision === 'forbid' || row.code === 403)
      return { bgcolor: alpha(theme.palette.error.main, mode === 'dark' ? 0.16 : 0.08), borderLeftColor: 'error.main' };
    if (row.code !== null && row.code >= 500)
      return { bgcolor: alpha(theme.palette.error.main, mode === 'dark' ? 0.12 : 0.06), borderLeftColor: 'error.main' };
    if (row.code !== null && row.code >= 400)
      return {
        bgcolor: alpha(theme.palette.warning.main, mode === 'dark' ? 0.1 : 0.07),
        borderLeftColor: 'warning.main',
      };
    return {};
  };

  const cellText = (column: ColumnDef, row: LogRow) => {
    const text = column.text(row);
    if (column.id === 'level' && text) {
      return (
        <Box component="span" sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.75 }}>
          <Box component="span" sx={{ width: 8, height: 8, borderRadius: '50%', bgcolor: levelColor(text, mode) }} />
          {text}
        </Box>
      );
    }
    if (column.id === 'node' && !row.node) {
      return (
        <Box component="span" sx={{ color: 'text.secondary' }}>
          {text}
        </Box>
      );
    }
    if (column.id === 'code' && row.code !== null && row.code >= 400) {
      return (
        <Box
          component="span"
          sx={{ color: row.code >= 500 || row.code === 403 ? 'error.main' : 'warning.main', fontWeight: 600 }}
        >
          {text}
        </Box>
      );
    }
    return text;
  };

  return (
    <Box
      role="grid"
      aria-label="Events"
      aria-rowcount={total + 1}
      aria-colcount={defs.length}
      tabIndex={0}
      onKeyDown={onKeyDown}
      ref={scroller}
      sx={{
        flex: 1,
        minHeight: 0,
        overflow: 'auto',
        position: 'relative',
        outline: 'none',
        '&:focus-visible': { boxShadow: `inset 0 0 0 2px ${theme.palette.primary.main}` },
      }}
    >
      <Box
        role="row"
        aria-rowindex={1}
        sx={{
          display: 'grid',
          gridTemplateColumns: template,
          minWidth,
          position: 'sticky',
          top: 0,
          zIndex: 2,
          bgcolor: 'background.paper',
          borderBottom: 1,
          borderColor: 'divider',
          height: 32,
          alignItems: 'center',
          pl: 1,
        }}
      >
        {defs.map((column) => (
          <Box
            key={column.id}
            role="columnheader"
            aria-sort={column.id === 'time' ? (sort === 'time' ? 'ascending' : 'descending') : undefined}
            sx={{
              px: 1,
              fontSize: 12,
              fontWeight: 600,
              color: 'text.secondary',
              textAlign: column.align ?? 'left',
              whiteSpace: 'nowrap',
              overflow: 'hidden',
            }}
          >
            {column.id === 'time' ? (
              <ButtonBase
                onClick={() => onSort(sort === 'time' ? 'time-desc' : 'time')}
                aria-label={`Sort by time, ${sort === 'time' ? 'oldest' : 'newest'} first (click to reverse)`}
                sx={{ fontSize: 12, fontWeight: 600, gap: 0.5, borderRadius: 1, px: 0.5, mx: -0.5 }}
              >
                {column.label}
                {sort === 'time' ? (
                  <ArrowUpwardIcon sx={{ fontSize: 14 }} />
                ) : (
                  <ArrowDownwardIcon sx={{ fontSize: 14 }} />
                )}
              </ButtonBase>
            ) : (
              column.label
            )}
          </Box>
        ))}
      </Box>
      <Box sx={{ height: virtualizer.getTotalSize(), minWidth, position: 'relative' }}>
        {items.map((item) => {
          const row = rows.row(item.index);
          const isSelected = selected === item.index;
          return (
            <Box
              key={item.key}
              role="row"
              aria-rowindex={item.index + 2}
              aria-selected={isSelected}
              data-event-id={row?.id}
              onClick={() => onSelect(item.index, row)}
              sx={{
                position: 'absolute',
                top: 0,
                left: 0,
                right: 0,
                height: ROW_HEIGHT,
                transform: `translateY(${item.start}px)`,
                display: 'grid',
                gridTemplateColumns: template,
                alignItems: 'center',
                pl: 1,
                borderLeft: 3,
                borderLeftColor: 'transparent',
                borderBottom: 1,
                borderBottomColor: 'divider',
                cursor: 'pointer',
                fontSize: 13,
                '&:hover': { bgcolor: 'action.hover' },
                ...rowColors(row, isSelected),
              }}
            >
              {row
                ? defs.map((column) => (
                    <Box
                      key={column.id}
                      role="gridcell"
                      title={column.text(row)}
                      sx={{
                        px: 1,
                        overflow: 'hidden',
                        textOverflow: 'ellipsis',
                        whiteSpace: 'nowrap',
                        textAlign: column.align ?? 'left',
                        fontFamily: column.mono ? 'monospace' : undefined,
                        fontSize: column.mono ? 12.5 : 13,
                        fontVariantNumeric: 'tabular-nums',
                      }}
                    >
                      {cellText(column, row)}
                    </Box>
                  ))
                : defs.map((column) => (
                    <Box key={column.id} role="gridcell" sx={{ px: 1 }}>
                      <Skeleton variant="text" width="70%" />
                    </Box>
                  ))}
            </Box>
          );
        })}
      </Box>
    </Box>
  );
}
