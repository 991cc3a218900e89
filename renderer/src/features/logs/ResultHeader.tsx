// Above the table: the result's size ("N events"), request mode, live mode, columns and export.
import DownloadIcon from '@mui/icons-material/Download';
import ViewColumnIcon from '@mui/icons-material/ViewColumn';
import { Box, Button, CircularProgress, FormControlLabel, Switch, Tooltip, Typography } from '@mui/material';
import { formatCount } from './format.ts';
import { memo } from 'react';

interface Props {
  total: number | null;
  requests: boolean;
  partial: boolean;
  loading: boolean;
  live: boolean;
  onRequests(value: boolean): void;
  onLive(value: boolean): void;
  onColumns(anchor: HTMLElement): void;
  onExport(): void;
}

function ResultHeaderView(props: Props) {
  const { total, requests, partial, loading, live } = props;
  const noun = requests ? (total === 1 ? 'request' : 'requests') : total === 1 ? 'event' : 'events';
  return (
    <Box
      sx={{
        display: 'flex',
        alignItems: 'center',
        gap: 1.5,
        px: 1.5,
        py: 0.5,
        borderBottom: 1,
        borderColor: 'divider',
        minHeight: 42,
      }}
    >
      <Typography
        role="status"
        aria-live="polite"
        data-testid="result-count"
        data-count={total ?? undefined}
        data-partial={partial}
        sx={{ fontWeight: 700, fontSize: 15, fontVariantNumeric: 'tabular-nums' }}
      >
        {total === null ? 'Counting…' : `${formatCount(total)} ${noun}`}
      </Typography>
      {(loading || partial) && (
        <Tooltip title={partial ? 'Still indexing: the count grows as the files are read' : 'Updating'}>
          <CircularProgress size={14} aria-label={partial ? 'Still indexing' : 'Updating'} />
        </Tooltip>
      )}
      <Box sx={{ flex: 1 }} />
      <Tooltip describeChild title="One row per request, with its stages stitched together">
        <FormControlLabel
          control={
            <Switch size="small" checked={requests} onChange={(event) => props.onRequests(event.target.checked)} />
          }
          label="Requests"
          slotProps={{ typography: { sx: { fontSize: 13 } } }}
        />
      </Tooltip>
      <Tooltip describeChild title="Keep the newest events in view as the index grows">
        <FormControlLabel
          control={<Switch size="small" checked={live} onChange={(event) => props.onLive(event.target.checked)} />}
          label="Live"
          slotProps={{ typography: { sx: { fontSize: 13 } } }}
        />
      </Tooltip>
      <Button size="small" startIcon={<ViewColumnIcon />} onClick={(event) => props.onColumns(event.currentTarget)}>
        Columns
      </Button>
      <Button size="small" variant="outlined" startIcon={<DownloadIcon />} onClick={props.onExport} disabled={!total}>
        Export
      </Button>
    </Box>
  );
}

/** Memoised: the explorer re-renders on every selection and scroll state change, this pane only when its props do. */
export const ResultHeader = memo(ResultHeaderView);
