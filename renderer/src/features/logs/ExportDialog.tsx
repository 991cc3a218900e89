// Export every event of the current result as JSON lines or CSV, with progress and cancel. The desktop app writes
// to a file chosen in the save dialog; browser mode builds the file in the user-data folder and downloads it.
import {
  Alert,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  LinearProgress,
  Radio,
  RadioGroup,
  Typography,
} from '@mui/material';
import { useEffect, useRef, useState } from 'react';
import type { LogExportFormat, LogExportProgress } from '../../../../shared/ipc/contract/logs.ts';
import { api, errorMessage } from '../../api/client.ts';
import { formatBytes, formatCount } from './format.ts';
import type { ResultScope } from './useResultSummary.ts';

interface Props {
  open: boolean;
  scope: ResultScope | null;
  total: number;
  nativeDialogs: boolean;
  onClose(): void;
}

const READ_BYTES = 4 * 1024 * 1024;

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function download(exportId: string, name: string, isCancelled: () => boolean): Promise<void> {
  const parts: Uint8Array<ArrayBuffer>[] = [];
  for (let offset = 0; ;) {
    if (isCancelled()) return;
    const { data, eof } = await api.call('logs.exportRead', { exportId, offset, length: READ_BYTES });
    const bytes = fromBase64(data);
    parts.push(bytes);
    offset += bytes.length;
    if (eof || bytes.length === 0) break;
  }
  const url = URL.createObjectURL(new Blob(parts, { type: 'application/octet-stream' }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = name;
  anchor.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  await api.call('logs.exportDiscard', { exportId });
}

export function ExportDialog({ open, scope, total, nativeDialogs, onClose }: Props) {
  const [format, setFormat] = useState<LogExportFormat>('jsonl');
  const [progress, setProgress] = useState<LogExportProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const current = useRef<string | null>(null);
  const closed = useRef(false);

  // Progress can arrive before exportStart answers (small exports finish at once), so keep the latest per export.
  const seen = useRef(new Map<string, LogExportProgress>());
  const handle = useRef<(next: LogExportProgress) => void>(() => undefined);
  useEffect(() => {
    handle.current = (next: LogExportProgress) => {
      setProgress(next);
      if (next.state === 'error') setError(next.message ?? 'the export failed');
      if (next.state === 'done') {
        if (next.path) setSaved(`Saved ${formatCount(next.done)} events to ${next.path}`);
        else
          download(next.exportId, `audit-events.${format === 'csv' ? 'csv' : 'jsonl'}`, () => closed.current).then(
            () => setSaved(`Downloaded ${formatCount(next.done)} events (${formatBytes(next.bytes)})`),
            (caught: unknown) => setError(errorMessage(caught)),
          );
      }
    };
  });

  useEffect(
    () =>
      api.on('logs.exportProgress', (next) => {
        seen.current.set(next.exportId, next);
        if (next.exportId === current.current) handle.current(next);
      }),
    [],
  );

  const start = async () => {
    if (!scope) return;
    setError(null);
    setSaved(null);
    closed.current = false;
    try {
      const started = await api.call('logs.exportStart', {
        ...scope,
        format,
        target: nativeDialogs ? 'dialog' : 'download',
      });
      current.current = started?.exportId ?? null;
      const early = started ? seen.current.get(started.exportId) : undefined;
      if (early) handle.current(early);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };
  const cancel = () => {
    if (current.current)
      void api
        .call('logs.exportCancel', { exportId: current.current })
        .catch((caught: unknown) => setError(errorMessage(caught)));
  };
  const running = progress?.state === 'running';
  const close = () => {
    closed.current = true;
    if (running) cancel();
    setProgress(null);
    setSaved(null);
    setError(null);
    current.current = null;
    onClose();
  };

  return (
    <Dialog open={open} onClose={close} maxWidth="sm" fullWidth aria-labelledby="export-title">
      <DialogTitle id="export-title">Export {formatCount(total)} events</DialogTitle>
      <DialogContent>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          Every event of the current result is exported in time order, not only the rows on screen.
        </Typography>
        <RadioGroup
          value={format}
          onChange={(event) => setFormat(event.target.value as LogExportFormat)}
          aria-label="Format"
        >
          <FormControlLabel
            value="jsonl"
            control={<Radio />}
            label="JSON lines (the events as written, one per line)"
          />
          <FormControlLabel value="csv" control={<Radio />} label="CSV (one row per event with the table's fields)" />
        </RadioGroup>
        {progress && (
          <>
            <LinearProgress
              aria-label="Export progress"
              variant="determinate"
              value={(100 * progress.done) / Math.max(1, progress.total)}
              sx={{ mt: 2, mb: 0.5 }}
            />
            <Typography variant="caption" color="text.secondary">
              {progress.state === 'cancelled'
                ? 'Cancelled'
                : `${formatCount(progress.done)} of ${formatCount(progress.total)} events · ${formatBytes(progress.bytes)}`}
            </Typography>
          </>
        )}
        {saved && (
          <Alert severity="success" sx={{ mt: 2 }}>
            {saved}
          </Alert>
        )}
        {error && (
          <Alert severity="error" sx={{ mt: 2 }}>
            {error}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        {running ? (
          <Button onClick={cancel} color="warning">
            Cancel export
          </Button>
        ) : (
          <Button onClick={close}>Close</Button>
        )}
        <Button variant="contained" onClick={() => void start()} disabled={running || !scope || total === 0}>
          Export
        </Button>
      </DialogActions>
    </Dialog>
  );
}
