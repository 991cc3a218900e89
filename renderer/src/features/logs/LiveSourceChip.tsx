// A live source in the sources bar: the node, its connection state (with the attempt and reason while
// reconnecting, the reason on error), bytes and events received, and pause / resume / reconnect / close.
import CloseIcon from '@mui/icons-material/Close';
import ErrorIcon from '@mui/icons-material/ErrorOutlineOutlined';
import PauseIcon from '@mui/icons-material/Pause';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import ReplayIcon from '@mui/icons-material/Replay';
import SensorsIcon from '@mui/icons-material/Sensors';
import SyncIcon from '@mui/icons-material/Sync';
import { Box, IconButton, Link, Tooltip, keyframes } from '@mui/material';
import type { LogSource } from '../../../../shared/ipc/contract/logs.ts';
import { formatBytes, formatCount } from './format.ts';

interface Props {
  source: LogSource;
  onPause(): void;
  onResume(): void;
  onRetry(): void;
  onClose(): void;
  onSkipped(): void;
}

const pulse = keyframes`0%, 100% { opacity: 1; } 50% { opacity: 0.35; }`;

/** What the source is doing, in words. */
export function liveStateText(source: LogSource): string {
  const live = source.live;
  switch (source.state) {
    case 'connecting':
      return live?.attempt && live.attempt > 1 ? `connecting (attempt ${live.attempt})` : 'connecting';
    case 'following':
      return `following ${live?.file ?? 'the log'}`;
    case 'reconnecting':
      return `reconnecting (attempt ${live?.attempt ?? 1}): ${live?.reason ?? source.message ?? ''}`;
    case 'paused':
      return 'paused';
    case 'error':
      return `error: ${source.message ?? live?.reason ?? 'unknown'}`;
    default:
      return source.state;
  }
}

function StateIcon({ source }: { source: LogSource }) {
  if (source.state === 'error') return <ErrorIcon fontSize="small" color="error" />;
  if (source.state === 'paused') return <PauseIcon fontSize="small" color="disabled" />;
  if (source.state === 'following')
    return <SensorsIcon fontSize="small" color="success" sx={{ animation: `${pulse} 2s ease-in-out infinite` }} />;
  return <SyncIcon fontSize="small" color={source.state === 'reconnecting' ? 'warning' : 'primary'} />;
}

export function LiveSourceChip({ source, onPause, onResume, onRetry, onClose, onSkipped }: Props) {
  const paused = source.state === 'paused';
  const stateText = liveStateText(source);
  const where = source.live ? `${source.live.cluster ? `${source.live.cluster} · ` : ''}${source.path}` : source.path;
  const color =
    source.state === 'error'
      ? 'error.main'
      : source.state === 'reconnecting'
        ? 'warning.main'
        : source.state === 'following'
          ? 'success.main'
          : 'text.secondary';
  return (
    <Box
      role="group"
      aria-label={`Live source ${source.label}: ${stateText}, ${source.events} events`}
      data-source-state={source.state}
      data-testid="live-source"
      sx={{
        display: 'inline-flex',
        alignItems: 'center',
        gap: 0.75,
        height: 30,
        pl: 1,
        pr: 0.25,
        border: 1,
        borderColor: source.state === 'error' ? 'error.main' : 'divider',
        borderRadius: 4,
        fontSize: 13,
        maxWidth: 720,
      }}
    >
      <StateIcon source={source} />
      <Tooltip title={where}>
        <Box component="span" sx={{ fontWeight: 600, whiteSpace: 'nowrap' }}>
          {source.label}
        </Box>
      </Tooltip>
      <Tooltip title={source.live?.warnings.length ? source.live.warnings.join('\n') : stateText}>
        <Box
          component="span"
          data-testid="live-source-state"
          sx={{ color, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis', minWidth: 0, maxWidth: 320 }}
        >
          {stateText}
        </Box>
      </Tooltip>
      <Box component="span" sx={{ color: 'text.secondary', whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
        {formatCount(source.events)} events · {formatBytes(source.bytes)}
      </Box>
      {source.skipped > 0 && (
        <Link component="button" type="button" variant="body2" color="warning.main" onClick={onSkipped}>
          {formatCount(source.skipped)} skipped
        </Link>
      )}
      {source.state === 'error' || source.state === 'reconnecting' ? (
        <Tooltip title="Reconnect now">
          <IconButton size="small" aria-label={`Reconnect ${source.label}`} onClick={onRetry}>
            <ReplayIcon fontSize="small" />
          </IconButton>
        </Tooltip>
      ) : null}
      {paused ? (
        <Tooltip title="Resume following">
          <IconButton size="small" aria-label={`Resume ${source.label}`} onClick={onResume}>
            <PlayArrowIcon fontSize="small" />
          </IconButton>
        </Tooltip>
      ) : (
        <Tooltip title="Pause following (the connection is closed; resuming continues at the same byte)">
          <span>
            <IconButton
              size="small"
              aria-label={`Pause ${source.label}`}
              onClick={onPause}
              disabled={source.state === 'error'}
            >
              <PauseIcon fontSize="small" />
            </IconButton>
          </span>
        </Tooltip>
      )}
      <Tooltip title={`Stop tailing ${source.label}`}>
        <IconButton size="small" aria-label={`Close ${source.label}`} onClick={onClose}>
          <CloseIcon fontSize="small" />
        </IconButton>
      </Tooltip>
    </Box>
  );
}
