// Events over time for the current result, stacked by level or by code class. Drag across the bars to zoom into a
// range; quick ranges count back from the newest event in the index.
import ZoomOutIcon from '@mui/icons-material/ZoomOut';
import { Box, Button, ToggleButton, ToggleButtonGroup, Tooltip, Typography, useTheme } from '@mui/material';
import { memo, useEffect, useRef, useState, type PointerEvent } from 'react';
import type { LogHistogram } from '../../../../shared/ipc/contract/logs.ts';
import { levelColor } from '../../shell/theme.ts';
import { formatCount, formatMicrosTime, formatSpan } from './format.ts';

export interface TimeRange {
  since?: number;
  until?: number;
}

interface Props {
  histogram: LogHistogram | null;
  stackBy: 'level' | 'codeClass';
  onStackBy(stackBy: 'level' | 'codeClass'): void;
  range: TimeRange;
  onRange(range: TimeRange): void;
  newest: number | null;
}

const HEIGHT = 96;
const AXIS = 18;
const QUICK: { label: string; micros: number }[] = [
  { label: '15 min', micros: 15 * 60e6 },
  { label: '1 h', micros: 3600e6 },
  { label: '24 h', micros: 86400e6 },
];

const CODE_COLORS: Record<string, { light: string; dark: string }> = {
  '1xx': { light: '#0e7490', dark: '#67e8f9' },
  '2xx': { light: '#15803d', dark: '#4ade80' },
  '3xx': { light: '#4f46e5', dark: '#a5b4fc' },
  '4xx': { light: '#d97706', dark: '#fbbf24' },
  '5xx': { light: '#dc2626', dark: '#f87171' },
  other: { light: '#6b7280', dark: '#9ca3af' },
  '(none)': { light: '#9ca3af', dark: '#6b7280' },
};

function seriesColor(stackBy: 'level' | 'codeClass', key: string, mode: 'light' | 'dark'): string {
  if (stackBy === 'level') return levelColor(key === '(none)' ? 'None' : key, mode);
  return (CODE_COLORS[key] ?? CODE_COLORS.other)[mode];
}

function tickLabel(micros: number, bucketMicros: number): string {
  const iso = new Date(micros / 1000).toISOString();
  if (bucketMicros >= 86400e6) return iso.slice(0, 10);
  if (bucketMicros >= 60e6) return `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
  return iso.slice(11, 19);
}

function TimeHistogramView({ histogram, stackBy, onStackBy, range, onRange, newest }: Props) {
  const theme = useTheme();
  const mode = theme.palette.mode;
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(800);
  const [drag, setDrag] = useState<{ from: number; to: number } | null>(null);
  const [hover, setHover] = useState<number | null>(null);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setWidth(element.clientWidth));
    observer.observe(element);
    setWidth(element.clientWidth);
    return () => observer.disconnect();
  }, []);

  const counts = histogram?.counts ?? [];
  const buckets = Math.max(1, counts.length);
  const barWidth = width / buckets;
  const max = Math.max(1, ...counts);
  const plot = HEIGHT - AXIS;
  const series = histogram?.series ?? [{ key: 'all', counts }];

  const pointerX = (event: PointerEvent) => event.clientX - (box.current?.getBoundingClientRect().left ?? 0);
  const onDown = (event: PointerEvent) => {
    if (!histogram || counts.length === 0) return;
    (event.target as Element).setPointerCapture?.(event.pointerId);
    const x = pointerX(event);
    setDrag({ from: x, to: x });
  };
  const onMove = (event: PointerEvent) => {
    const x = pointerX(event);
    setHover(Math.floor(x / barWidth));
    if (drag) setDrag({ ...drag, to: x });
  };
  const onUp = () => {
    if (drag && histogram && Math.abs(drag.to - drag.from) > 4) {
      const left = Math.min(drag.from, drag.to);
      const right = Math.max(drag.from, drag.to);
      // Snap to whole buckets, so the zoomed view contains exactly the bars that were selected.
      const first = Math.floor(left / barWidth);
      const last = Math.ceil(right / barWidth);
      onRange({
        since: histogram.start + first * histogram.bucketMicros,
        until: histogram.start + last * histogram.bucketMicros,
      });
    }
    setDrag(null);
  };

  const ticks = Math.min(buckets, Math.max(2, Math.floor(width / 150)));
  const stepBuckets = Math.max(1, Math.round(buckets / ticks));
  const hoverCount = hover !== null && hover >= 0 && hover < counts.length ? counts[hover] : null;
  const zoomed = range.since !== undefined || range.until !== undefined;

  return (
    <Box component="section" aria-label="Time histogram" sx={{ px: 2, pb: 1 }}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 0.5, flexWrap: 'wrap' }}>
        <Typography variant="caption" color="text.secondary" sx={{ minWidth: 0, flex: 1 }} aria-live="polite">
          {histogram && counts.length > 0
            ? hoverCount !== null
              ? `${formatMicrosTime(histogram.start + hover! * histogram.bucketMicros)} · ${formatCount(hoverCount)} events in ${formatSpan(histogram.bucketMicros)}`
              : `${formatMicrosTime(histogram.start)} → ${formatMicrosTime(histogram.start + buckets * histogram.bucketMicros)} · bars of ${formatSpan(histogram.bucketMicros)} · drag to zoom`
            : 'No events to chart'}
        </Typography>
        {zoomed && (
          <Button size="small" startIcon={<ZoomOutIcon />} onClick={() => onRange({})}>
            Reset range
          </Button>
        )}
        <ToggleButtonGroup size="small" exclusive aria-label="Quick range" value={null}>
          {QUICK.map((quick) => (
            <ToggleButton
              key={quick.label}
              value={quick.label}
              disabled={newest === null}
              aria-label={`Last ${quick.label} of the log`}
              onClick={() => newest !== null && onRange({ since: newest - quick.micros, until: newest + 1 })}
              sx={{ py: 0.25, px: 1, fontSize: 12 }}
            >
              {quick.label}
            </ToggleButton>
          ))}
          <ToggleButton
            value="all"
            aria-label="All time"
            onClick={() => onRange({})}
            sx={{ py: 0.25, px: 1, fontSize: 12 }}
          >
            All
          </ToggleButton>
        </ToggleButtonGroup>
        <ToggleButtonGroup
          size="small"
          exclusive
          aria-label="Stack bars by"
          value={stackBy}
          onChange={(_event, value: 'level' | 'codeClass' | null) => value && onStackBy(value)}
        >
          <ToggleButton value="level" sx={{ py: 0.25, px: 1, fontSize: 12 }}>
            Level
          </ToggleButton>
          <ToggleButton value="codeClass" sx={{ py: 0.25, px: 1, fontSize: 12 }}>
            Code
          </ToggleButton>
        </ToggleButtonGroup>
      </Box>
      <Box
        ref={box}
        onPointerDown={onDown}
        onPointerMove={onMove}
        onPointerUp={onUp}
        onPointerLeave={() => setHover(null)}
        sx={{
          position: 'relative',
          height: HEIGHT,
          cursor: counts.length > 0 ? 'crosshair' : 'default',
          userSelect: 'none',
          touchAction: 'none',
        }}
      >
        <svg width={width} height={HEIGHT} role="img" aria-label="Events over time">
          <line x1={0} x2={width} y1={plot + 0.5} y2={plot + 0.5} stroke={theme.palette.divider} />
          {counts.map((_total, bucket) => {
            let y = plot;
            return (
              <g key={bucket}>
                {series.map((item) => {
                  const value = item.counts[bucket] ?? 0;
                  if (value === 0) return null;
                  const h = (value / max) * (plot - 4);
                  y -= h;
                  return (
                    <rect
                      key={item.key}
                      x={bucket * barWidth + (barWidth > 4 ? 0.5 : 0)}
                      y={y}
                      width={Math.max(1, barWidth - (barWidth > 4 ? 1 : 0))}
                      height={h}
                      fill={item.key === 'all' ? theme.palette.primary.main : seriesColor(stackBy, item.key, mode)}
                      opacity={hover === bucket ? 1 : 0.85}
                    />
                  );
                })}
              </g>
            );
          })}
          {histogram &&
            counts.length > 0 &&
            Array.from({ length: Math.ceil(buckets / stepBuckets) }, (_, i) => i * stepBuckets).map((bucket) => (
              <text
                key={bucket}
                x={bucket * barWidth + 2}
                y={HEIGHT - 4}
                fontSize={10.5}
                fill={theme.palette.text.secondary}
              >
                {tickLabel(histogram.start + bucket * histogram.bucketMicros, histogram.bucketMicros)}
              </text>
            ))}
          {drag && (
            <rect
              x={Math.min(drag.from, drag.to)}
              y={0}
              width={Math.abs(drag.to - drag.from)}
              height={plot}
              fill={theme.palette.primary.main}
              opacity={0.18}
            />
          )}
        </svg>
      </Box>
      {histogram?.series && (
        <Box sx={{ display: 'flex', gap: 2, mt: 0.5, flexWrap: 'wrap' }} aria-label="Legend">
          {histogram.series.map((item) => (
            <Tooltip key={item.key} title={`${formatCount(item.counts.reduce((a, b) => a + b, 0))} events`}>
              <Box sx={{ display: 'flex', alignItems: 'center', gap: 0.5, fontSize: 11.5, color: 'text.secondary' }}>
                <Box sx={{ width: 10, height: 10, borderRadius: 0.5, bgcolor: seriesColor(stackBy, item.key, mode) }} />
                {item.key}
              </Box>
            </Tooltip>
          ))}
        </Box>
      )}
    </Box>
  );
}

/** Memoised: the explorer re-renders on every selection and scroll state change, this pane only when its props do. */
export const TimeHistogram = memo(TimeHistogramView);
