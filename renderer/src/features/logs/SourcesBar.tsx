// The sources of this session: open buttons, each source's state and counts, skipped lines, uploads in flight.
import CloseIcon from '@mui/icons-material/Close';
import ErrorIcon from '@mui/icons-material/ErrorOutlineOutlined';
import FolderOpenIcon from '@mui/icons-material/FolderOpen';
import ScienceIcon from '@mui/icons-material/Science';
import SensorsIcon from '@mui/icons-material/Sensors';
import SyncIcon from '@mui/icons-material/Sync';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import { Box, Button, Chip, LinearProgress, Link, Stack, Tooltip, Typography } from '@mui/material';
import { memo, useRef, useState } from 'react';
import type { LogSource } from '../../../../shared/ipc/contract/logs.ts';
import { api } from '../../api/client.ts';
import { formatBytes, formatCount } from './format.ts';
import { LiveNodeProblems } from './LiveNodeProblems.tsx';
import { LiveNodesDialog } from './LiveNodesDialog.tsx';
import { LiveSourceChip } from './LiveSourceChip.tsx';
import { OpenPathDialog } from './OpenPathDialog.tsx';
import { SkippedDialog } from './SkippedDialog.tsx';
import { useLiveNodes } from './useLiveNodes.ts';
import type { LogSessionHandle } from './useLogSession.ts';
import type { UploadInFlight } from './useUploads.ts';

interface Props {
  session: LogSessionHandle;
  nativeDialogs: boolean;
  uploads: UploadInFlight[];
  onUploadFiles(files: File[]): void;
  onCancelUpload(id: number): void;
}

const STATE_LABEL: Record<LogSource['state'], string> = {
  indexing: 'indexing',
  ready: 'ready',
  connecting: 'connecting',
  connected: 'connected',
  following: 'following',
  paused: 'paused',
  reconnecting: 'reconnecting',
  error: 'error',
};

function StateIcon({ source }: { source: LogSource }) {
  if (source.state === 'error') return <ErrorIcon fontSize="small" color="error" />;
  if (source.state === 'indexing' || source.state === 'reconnecting')
    return <SyncIcon fontSize="small" color="primary" />;
  return <CheckCircleIcon fontSize="small" color="success" />;
}

function SourcesBarView({ session, nativeDialogs, uploads, onUploadFiles, onCancelUpload }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const [pathOpen, setPathOpen] = useState(false);
  const [skippedOf, setSkippedOf] = useState<LogSource | null>(null);
  const [tailing, setTailing] = useState(false);
  const live = useLiveNodes(session);
  const { sessionId, state } = session;
  const sources = state?.sources ?? [];
  const control = (source: LogSource, action: 'pause' | 'resume' | 'retry') =>
    void session.update(() => api.call('logs.liveControl', { sessionId, sourceId: source.id, action }));

  const openFile = () => {
    if (nativeDialogs) void session.update(() => api.call('logs.chooseFile', { sessionId }));
    else input.current?.click();
  };
  const openPath = (path: string) =>
    void session.update(() => api.call('logs.addSources', { sessionId, sources: [{ kind: 'path', path }] }));
  const openSample = () =>
    void session.update(() => api.call('logs.addSources', { sessionId, sources: [{ kind: 'sample' }] }));
  const remove = (source: LogSource) =>
    void session.update(() => api.call('logs.removeSource', { sessionId, sourceId: source.id }));

  return (
    <Box component="section" aria-label="Sources" sx={{ px: 2, pt: 1.5, pb: 1 }}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }}>
        <Button variant="contained" size="small" startIcon={<UploadFileIcon />} onClick={openFile}>
          Open file
        </Button>
        <input
          ref={input}
          type="file"
          hidden
          multiple
          aria-label="Log file to open"
          data-testid="logs-file-input"
          onChange={(event) => {
            const files = [...(event.target.files ?? [])];
            event.target.value = '';
            if (files.length > 0) onUploadFiles(files);
          }}
        />
        <Button variant="outlined" size="small" startIcon={<FolderOpenIcon />} onClick={() => setPathOpen(true)}>
          Open path…
        </Button>
        <Button
          variant="outlined"
          size="small"
          startIcon={<SensorsIcon />}
          onClick={() => setTailing(true)}
          disabled={live.busy}
        >
          {live.busy ? 'Connecting…' : 'Tail nodes…'}
        </Button>
        {!sources.some((source) => source.kind === 'sample') && (
          <Button size="small" startIcon={<ScienceIcon />} onClick={openSample}>
            Try the sample log
          </Button>
        )}
        <Box sx={{ width: 8 }} />
        {sources.map((source) =>
          source.kind === 'live' ? (
            <LiveSourceChip
              key={source.id}
              source={source}
              onPause={() => control(source, 'pause')}
              onResume={() => control(source, 'resume')}
              onRetry={() => control(source, 'retry')}
              onClose={() => remove(source)}
              onSkipped={() => setSkippedOf(source)}
            />
          ) : (
            <Chip
              key={source.id}
              variant="outlined"
              data-source-state={source.state}
              aria-label={`Source ${source.label}: ${STATE_LABEL[source.state]}, ${source.events} events`}
              icon={<StateIcon source={source} />}
              onDelete={() => remove(source)}
              deleteIcon={
                <Tooltip title={`Close ${source.label}`}>
                  <CloseIcon aria-label={`Close ${source.label}`} />
                </Tooltip>
              }
              label={
                <Box component="span" sx={{ display: 'inline-flex', gap: 1, alignItems: 'baseline' }}>
                  <Tooltip title={source.message ?? source.path}>
                    <Box
                      component="span"
                      sx={{ fontWeight: 600, maxWidth: 220, overflow: 'hidden', textOverflow: 'ellipsis' }}
                    >
                      {source.label}
                    </Box>
                  </Tooltip>
                  <Box component="span" sx={{ color: 'text.secondary' }}>
                    {source.state === 'error'
                      ? source.message
                      : `${formatCount(source.events)} events · ${formatBytes(source.state === 'indexing' ? source.bytesDone : source.bytes)}` +
                        (source.state === 'indexing' ? ` of ${formatBytes(source.bytes)}` : '') +
                        (source.files > 1 ? ` · ${source.files} files` : '')}
                  </Box>
                  {source.skipped > 0 && (
                    <Link
                      component="button"
                      type="button"
                      variant="body2"
                      color="warning.main"
                      onClick={(event) => {
                        event.stopPropagation();
                        setSkippedOf(source);
                      }}
                    >
                      {formatCount(source.skipped)} skipped
                    </Link>
                  )}
                </Box>
              }
              sx={{ height: 30, maxWidth: 640 }}
            />
          ),
        )}
        {uploads.map((upload) => (
          <Chip
            key={`upload-${upload.id}`}
            variant="outlined"
            icon={<UploadFileIcon fontSize="small" />}
            aria-label={`Uploading ${upload.name}`}
            label={`${upload.name} · uploading ${Math.floor((100 * upload.sent) / Math.max(1, upload.total))}%`}
            onDelete={() => onCancelUpload(upload.id)}
            deleteIcon={<CloseIcon aria-label={`Cancel upload of ${upload.name}`} />}
            sx={{ height: 30 }}
          />
        ))}
        {state && sources.length === 0 && uploads.length === 0 && (
          <Typography variant="body2" color="text.secondary">
            or drop audit log files anywhere on this page
          </Typography>
        )}
      </Stack>
      {state?.ingesting && (
        <Tooltip title={`Indexing ${formatBytes(state.bytesDone)} of ${formatBytes(state.bytesTotal)}`}>
          <LinearProgress
            aria-label="Indexing progress"
            variant="determinate"
            value={(100 * state.bytesDone) / Math.max(1, state.bytesTotal)}
            sx={{ mt: 1, height: 3, borderRadius: 2 }}
          />
        </Tooltip>
      )}
      <LiveNodeProblems live={live} />
      <LiveNodesDialog
        open={tailing}
        busy={live.busy}
        tailed={sources.flatMap((source) => (source.live ? [source.live.nodeId] : []))}
        onClose={() => setTailing(false)}
        onTail={(target) => void live.add(target)}
      />
      <OpenPathDialog open={pathOpen} onClose={() => setPathOpen(false)} onOpen={openPath} />
      <SkippedDialog sessionId={sessionId} source={skippedOf} onClose={() => setSkippedOf(null)} />
    </Box>
  );
}

/** Memoised: the explorer re-renders on every selection and scroll state change, this pane only when its props do. */
export const SourcesBar = memo(SourcesBarView);
