// The sample at a glance: level distribution, volume now vs under the draft, and the retention that log rotation
// (maxsize × maxbackup, maxage, with and without compression) would give at the projected rate.
import { Box, Stack, TextField, Tooltip, Typography, useTheme } from '@mui/material';
import { useState } from 'react';
import { retentionOf, defaultRotation, type RotationSettings } from '../../../../../shared/lab/volume.ts';
import type { LabResult } from '../../../../../shared/lab/types.ts';
import { LEVELS } from '../../../../../shared/policy/types.ts';
import { levelColor } from '../../../shell/theme.ts';
import { formatBytes, formatCount, formatHours, percent } from './format.ts';

interface Props {
  result: LabResult;
  kubeMinor: number;
}

export function LabOverview({ result, kubeMinor }: Props) {
  const theme = useTheme();
  const [rotation, setRotation] = useState<RotationSettings>(() => {
    const defaults = defaultRotation(kubeMinor);
    // The pre-1.36 defaults (0 = 100 MB, unlimited backups) say little: start from common explicit values.
    return kubeMinor >= 36 ? defaults : { maxSizeMB: 100, maxBackup: 10, maxAgeDays: 30, kubeMinor };
  });
  const evaluated = result.requests - result.unevaluable;
  const volume = result.volume;
  const retention = volume
    ? retentionOf(volume.projectedBytesPerHour, { ...rotation, kubeMinor }, result.gzipRatio)
    : null;
  const bytes = result.bytes;
  const change = bytes.sample > 0 ? (bytes.projected - bytes.sample) / bytes.sample : 0;
  const setField = (field: 'maxSizeMB' | 'maxBackup' | 'maxAgeDays', text: string) => {
    const value = Number(text);
    if (Number.isInteger(value) && value >= 0) setRotation((current) => ({ ...current, [field]: value }));
  };

  return (
    <Stack spacing={1.25} role="region" aria-label="Volume and retention">
      <Box>
        <Typography variant="subtitle2">Levels under the draft</Typography>
        <Box
          sx={{ display: 'flex', height: 12, borderRadius: 1, overflow: 'hidden', bgcolor: 'action.hover', my: 0.5 }}
          role="img"
          aria-label={LEVELS.map((level) => `${level} ${result.levels[level]}`).join(', ')}
        >
          {LEVELS.map((level) => (
            <Box
              key={level}
              sx={{
                width: percent(result.levels[level], evaluated).replace(' ', ''),
                bgcolor: levelColor(level, theme.palette.mode),
              }}
            />
          ))}
        </Box>
        <Stack direction="row" spacing={1.5} sx={{ flexWrap: 'wrap' }}>
          {LEVELS.map((level) => (
            <Typography key={level} variant="caption" data-testid={`lab-level-${level}`}>
              <Box component="span" sx={{ color: levelColor(level, theme.palette.mode), fontWeight: 600 }}>
                {level}
              </Box>{' '}
              {formatCount(result.levels[level])} ({percent(result.levels[level], evaluated)})
            </Typography>
          ))}
        </Stack>
      </Box>
      <Box>
        <Typography variant="subtitle2">Volume</Typography>
        {volume ? (
          <Typography variant="body2" data-testid="lab-volume">
            Now <strong>{formatBytes(volume.sampleBytesPerDay)}/day</strong> ({formatBytes(volume.sampleBytesPerHour)}
            /h) → draft <strong data-testid="lab-projected-day">
              {formatBytes(volume.projectedBytesPerDay)}/day
            </strong>{' '}
            ({formatBytes(volume.projectedBytesPerHour)}/h,{' '}
            <Box component="span" sx={{ color: change <= 0 ? 'success.main' : 'warning.main' }}>
              {change <= 0 ? '−' : '+'}
              {Math.abs(change * 100).toFixed(0)} %
            </Box>
            ), from {formatHours(volume.spanHours)} of events.
          </Typography>
        ) : (
          <Typography variant="body2" data-testid="lab-volume">
            {formatBytes(bytes.sample)} → {formatBytes(bytes.projected)} (the sample has no time span to make a rate).
          </Typography>
        )}
        <Typography variant="caption" color="text.secondary" component="div">
          {formatCount(bytes.droppedEvents)} events dropped, {formatCount(bytes.downgradedEvents)} downgraded
          {bytes.unknownEvents > 0 && (
            <Tooltip title="These events would be logged at a higher level than recorded: their bodies were never logged, so their size is unknown and counted as recorded (the projection is a lower bound).">
              <Box component="span" sx={{ color: 'warning.main' }}>
                , {formatCount(bytes.unknownEvents)} at a higher level (size unknown)
              </Box>
            </Tooltip>
          )}
          {bytes.missingStageRequests > 0 &&
            `, ${formatCount(bytes.missingStageRequests)} requests would add a RequestReceived stage not in the sample`}
          .
        </Typography>
      </Box>
      <Box>
        <Typography variant="subtitle2">Retention at the projected rate</Typography>
        <Stack direction="row" spacing={1} sx={{ my: 0.75 }}>
          <TextField
            size="small"
            type="number"
            label="maxsize (MB)"
            value={rotation.maxSizeMB}
            onChange={(event) => setField('maxSizeMB', event.target.value)}
            sx={{ width: 120 }}
          />
          <TextField
            size="small"
            type="number"
            label="maxbackup"
            value={rotation.maxBackup}
            onChange={(event) => setField('maxBackup', event.target.value)}
            sx={{ width: 110 }}
          />
          <TextField
            size="small"
            type="number"
            label="maxage (days)"
            value={rotation.maxAgeDays}
            onChange={(event) => setField('maxAgeDays', event.target.value)}
            sx={{ width: 120 }}
          />
        </Stack>
        {retention ? (
          <Typography variant="body2" data-testid="lab-retention">
            Keeps <strong>{formatHours(retention.uncompressed.hours)}</strong> of history
            {retention.uncompressed.limitedBy !== 'unbounded' && ` (bounded by ${retention.uncompressed.limitedBy})`},
            using {diskText(retention.uncompressed.diskBytes)} on disk; with --audit-log-compress the same history uses{' '}
            {diskText(retention.compressed.diskBytes)} (gzip ratio {(retention.gzipRatio * 100).toFixed(0)} %
            {result.gzipRatio === null ? ', typical' : ', measured on the sample'})
            {retention.sameDiskHours !== null &&
              `, and that disk could hold ${formatHours(retention.sameDiskHours)} with a larger maxbackup`}
            .
          </Typography>
        ) : (
          <Typography variant="body2" color="text.secondary">
            Retention needs a sample that spans some time.
          </Typography>
        )}
      </Box>
    </Stack>
  );
}

function diskText(bytes: number | null): string {
  return bytes === null ? 'an unbounded amount' : formatBytes(bytes);
}
