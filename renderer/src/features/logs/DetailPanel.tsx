// The selected event: a one-line summary, filters derived from it, key facts, "why was this logged?", the event
// as a searchable JSON tree and as raw text, and the history of the object it touched.
import CloseIcon from '@mui/icons-material/Close';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import FilterAltIcon from '@mui/icons-material/FilterAlt';
import { Alert, Box, Button, CircularProgress, IconButton, Tab, Tabs, Tooltip, Typography } from '@mui/material';
import { memo, startTransition, useEffect, useMemo, useState } from 'react';
import type { LogRow } from '../../../../shared/ipc/contract/logs.ts';
import { quoteQueryValue } from '../../../../shared/logs/investigations.ts';
import { api, errorMessage } from '../../api/client.ts';
import { eventSummary } from './event-summary.ts';
import { formatLatency } from './format.ts';
import { JsonTree } from './JsonTree.tsx';
import { ObjectHistory, objectQuery } from './ObjectHistory.tsx';
import { WhyLogged } from './WhyLogged.tsx';

interface Props {
  sessionId: string;
  row: LogRow;
  onClose(): void;
  onQuery(query: string): void;
}

type TabId = 'overview' | 'json' | 'raw' | 'history';

// Memoised: MUI Tabs measures its tabs (a forced layout) on every render, which must not happen for every row the
// keyboard passes over.
const DetailTabs = memo(function DetailTabs({
  tab,
  onTab,
  historyDisabled,
}: {
  tab: TabId;
  onTab(tab: TabId): void;
  historyDisabled: boolean;
}) {
  return (
    <Tabs
      value={tab}
      onChange={(_event, value: TabId) => onTab(value)}
      sx={{ px: 1, minHeight: 40 }}
      aria-label="Event views"
    >
      <Tab value="overview" label="Overview" sx={{ minHeight: 40 }} />
      <Tab value="json" label="JSON" sx={{ minHeight: 40 }} />
      <Tab value="raw" label="Raw" sx={{ minHeight: 40 }} />
      <Tab value="history" label="Object history" sx={{ minHeight: 40 }} disabled={historyDisabled} />
    </Tabs>
  );
});

export function DetailPanel({ sessionId, row, onClose, onQuery }: Props) {
  const [tab, setTab] = useState<TabId>('overview');
  // Loaded results are keyed by event id, so a newly selected row never shows the previous row's event.
  const [loaded, setLoaded] = useState<{ id: number; json: string; raw: string } | null>(null);
  const [failure, setFailure] = useState<{ id: number; message: string } | null>(null);
  const event = loaded?.id === row.id ? loaded : null;
  const error = failure?.id === row.id ? failure.message : null;

  useEffect(() => {
    let alive = true;
    // The event's JSON tree renders as a transition, in slices, so it never holds up the table's keyboard moves.
    api.call('logs.events', { sessionId, ids: [row.id] }).then(
      ([first]) => alive && startTransition(() => setLoaded({ id: row.id, json: first.json, raw: first.raw })),
      (caught: unknown) => alive && setFailure({ id: row.id, message: errorMessage(caught) }),
    );
    return () => {
      alive = false;
    };
  }, [sessionId, row.id]);

  const parsed = useMemo(() => {
    if (!event) return null;
    try {
      return JSON.parse(event.json) as Record<string, unknown>;
    } catch {
      return null;
    }
  }, [event]);

  const objectFilter = objectQuery(row);
  const facts: [string, string][] = [
    ['Time', row.time],
    ['Received', row.received],
    ['Stage', row.request ? row.request.stages.join(' → ') : row.stage],
    ['Level', row.level],
    ['User', row.user],
    ['Groups', row.groups.join(', ')],
    ['Impersonated', row.impersonated],
    ['Verb', row.verb],
    ['Request URI', row.uri],
    ['Code', row.code === null ? '' : String(row.code)],
    ['Latency', formatLatency(row.request?.latencyMicros ?? row.latencyMicros)],
    ['Decision', row.decision],
    ['Reason', row.reason],
    ['Source IPs', row.sourceips.join(', ')],
    ['User agent', row.useragent],
    ['Audit ID', row.auditid],
    ['Source', `${row.file}:${row.line}${row.node ? ` (${row.node})` : ''}`],
  ];

  return (
    <Box
      component="section"
      aria-label="Event details"
      sx={{
        width: 540,
        flexShrink: 0,
        borderLeft: 1,
        borderColor: 'divider',
        display: 'flex',
        flexDirection: 'column',
        minHeight: 0,
        bgcolor: 'background.paper',
      }}
    >
      <Box sx={{ display: 'flex', alignItems: 'flex-start', gap: 1, p: 1.5, pb: 1 }}>
        <Typography variant="subtitle1" sx={{ flex: 1, fontWeight: 600, lineHeight: 1.35 }} data-testid="event-summary">
          {eventSummary(row)}
        </Typography>
        <IconButton aria-label="Close details" onClick={onClose} size="small">
          <CloseIcon fontSize="small" />
        </IconButton>
      </Box>
      <Box sx={{ display: 'flex', gap: 1, px: 1.5, flexWrap: 'wrap' }}>
        {row.user && (
          <Button
            size="small"
            variant="outlined"
            startIcon={<FilterAltIcon />}
            onClick={() => onQuery(`user:${quoteQueryValue(row.user)}`)}
          >
            This user
          </Button>
        )}
        {objectFilter && (
          <Button size="small" variant="outlined" startIcon={<FilterAltIcon />} onClick={() => onQuery(objectFilter)}>
            This object
          </Button>
        )}
        {row.auditid && (
          <Button
            size="small"
            variant="outlined"
            startIcon={<FilterAltIcon />}
            onClick={() => onQuery(`auditid:${quoteQueryValue(row.auditid)}`)}
          >
            This request
          </Button>
        )}
      </Box>
      <DetailTabs tab={tab} onTab={setTab} historyDisabled={!objectFilter} />
      <Box sx={{ flex: 1, overflow: 'auto', p: 1.5, borderTop: 1, borderColor: 'divider' }}>
        {error && <Alert severity="error">{error}</Alert>}
        {tab === 'overview' && (
          <>
            <Box
              component="dl"
              sx={{ display: 'grid', gridTemplateColumns: '120px 1fr', gap: '4px 12px', m: 0, fontSize: 13 }}
            >
              {facts
                .filter(([, value]) => value !== '')
                .map(([label, value]) => (
                  <Box key={label} sx={{ display: 'contents' }}>
                    <Box component="dt" sx={{ color: 'text.secondary' }}>
                      {label}
                    </Box>
                    <Box component="dd" sx={{ m: 0, wordBreak: 'break-all' }}>
                      {value}
                    </Box>
                  </Box>
                ))}
            </Box>
            <Typography variant="subtitle2" sx={{ mt: 2, mb: 1 }}>
              Why was this logged?
            </Typography>
            {parsed ? <WhyLogged event={parsed} loggedLevel={row.level} /> : !error && <CircularProgress size={18} />}
          </>
        )}
        {tab === 'json' && (parsed ? <JsonTree value={parsed} /> : !error && <CircularProgress size={18} />)}
        {tab === 'raw' && event && (
          <Box sx={{ position: 'relative' }}>
            <Tooltip title="Copy">
              <IconButton
                aria-label="Copy raw event"
                size="small"
                sx={{ position: 'absolute', right: 0, top: 0 }}
                onClick={() => void navigator.clipboard?.writeText(event.raw)}
              >
                <ContentCopyIcon fontSize="small" />
              </IconButton>
            </Tooltip>
            <Box
              component="pre"
              sx={{ m: 0, fontSize: 12, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}
              aria-label="Raw event"
            >
              {event.raw}
            </Box>
          </Box>
        )}
        {tab === 'history' && <ObjectHistory sessionId={sessionId} row={row} />}
      </Box>
    </Box>
  );
}
