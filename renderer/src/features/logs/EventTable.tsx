// The virtualised event table: only the visible rows exist in the DOM and only their pages are fetched, and the
// scroll position is scaled onto the rows beyond the browser's element-height limit (useScaledScroll), so it
// scrolls through millions of matches. Arrow keys, Page Up/Down, Home and End move the selection.
import ArrowDownwardIcon from '@mui/icons-material/ArrowDownward';
import ArrowUpwardIcon from '@mui/icons-material/ArrowUpward';
import { Box, ButtonBase, useTheme } from '@mui/material';
import { useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import type { LogRow } from '../../../../shared/ipc/contract/logs.ts';
import { EventRow, eventRowStyles } from './EventRow.tsx';
import { columnById, type ColumnDef } from './table-columns.tsx';
import { useRowPages, type ResultRows } from './useResultRows.ts';
import { useScaledScroll } from './useScaledScroll.ts';

const ROW_HEIGHT = 30;
const HEADER_HEIGHT = 32;
/** The anchor row moves in steps of this many rows, so rows keep their offsets while the table scrolls. */
const ANCHOR_ROWS = 256;

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
  useRowPages(rows);
  const theme = useTheme();
  const mode = theme.palette.mode;
  const scroller = useRef<HTMLDivElement>(null);
  const defs = useMemo(
    () => columns.map(columnById).filter((column): column is ColumnDef => column !== undefined),
    [columns],
  );
  const template = gridTemplate(defs);
  const rowStyles = useMemo(() => eventRowStyles(theme), [theme]);
  const minWidth = defs.reduce((sum, column) => sum + column.width, 0) + 16;

  const view = useScaledScroll(scroller, total, ROW_HEIGHT, HEADER_HEIGHT, 6);
  const { first, last, firstVisible, scrollToIndex } = view;
  const anchor = first - (first % ANCHOR_ROWS);

  useEffect(() => {
    if (total > 0) rows.ensure(first, last);
  }, [first, last, total, rows]);
  useEffect(() => onScrollIndex(firstVisible), [firstVisible, onScrollIndex]);

  useEffect(() => {
    if (scrollToTop > 0) scrollToIndex(0, 'start');
  }, [scrollToTop, scrollToIndex]);

  const move = (index: number) => {
    const next = Math.max(0, Math.min(total - 1, index));
    scrollToIndex(next);
    onSelect(next, rows.row(next));
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (total === 0) return;
    const page = Math.max(1, view.pageRows - 1);
    const current = selected ?? firstVisible - 1;
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
        ...rowStyles,
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
          height: HEADER_HEIGHT,
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
      <Box sx={{ height: view.bodyHeight, minWidth, position: 'relative', overflow: 'hidden' }}>
        {/* Rows sit at fixed offsets from an anchor row inside one moving layer: a scroll frame then changes one
            transform instead of every row's style (in scaled mode every row would move relative to the body). */}
        <div className="ev-window" style={{ transform: `translateY(${view.top(anchor)}px)` }}>
          {Array.from({ length: Math.max(0, last - first + 1) }, (_, at) => first + at).map((index) => (
            <EventRow
              key={index}
              index={index}
              row={rows.row(index)}
              top={(index - anchor) * ROW_HEIGHT}
              height={ROW_HEIGHT}
              selected={selected === index}
              defs={defs}
              template={template}
              mode={mode}
              onSelect={onSelect}
            />
          ))}
        </div>
      </Box>
    </Box>
  );
}
