// Every event of the same object, oldest first, with the changes between consecutive request bodies.
import { Alert, Box, CircularProgress, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import type { LogRow } from '../../../../shared/ipc/contract/logs.ts';
import { quoteQueryValue } from '../../../../shared/logs/investigations.ts';
import { api, errorMessage } from '../../api/client.ts';
import { eventSummary } from './event-summary.ts';
import { formatCount, formatTableTime } from './format.ts';
import { diffLines, type DiffLine } from './line-diff.ts';

interface Change {
  row: LogRow;
  body: string | null;
  /** Changes against the previous request body of the object (null for the first body or no body). */
  diff: DiffLine[] | null;
  first: boolean;
}

/** Pairs each request body with the previous one, so the view only has to show the differences. */
function withDiffs(rows: LogRow[], bodies: Map<number, string | null>): Change[] {
  let previous: string | null = null;
  return rows.map((row) => {
    const body = bodies.get(row.id) ?? null;
    const diff = body !== null && previous !== null ? diffLines(previous, body) : null;
    const first = body !== null && previous === null;
    if (body !== null) previous = body;
    return { row, body, diff, first };
  });
}

const LIMIT = 200;

export function objectQuery(row: LogRow): string | null {
  if (!row.resource || !row.name) return null;
  const parts = [`resource:${quoteQueryValue(row.resource)}`, `name:${quoteQueryValue(row.name)}`];
  if (row.ns) parts.push(`ns:${quoteQueryValue(row.ns)}`);
  if (row.apigroup) parts.push(`apigroup:${quoteQueryValue(row.apigroup)}`);
  return parts.join(' ');
}

export function ObjectHistory({ sessionId, row }: { sessionId: string; row: LogRow }) {
  // Results are keyed by their query, so another object's history never shows stale rows.
  const [result, setResult] = useState<{ query: string; changes?: Change[]; total?: number; error?: string } | null>(
    null,
  );
  const query = objectQuery(row);
  const current = result?.query === query ? result : null;
  const changes = current?.changes ?? null;
  const total = current?.total ?? 0;
  const error = current?.error ?? null;

  useEffect(() => {
    if (!query) return;
    let alive = true;
    (async () => {
      const page = await api.call('logs.query', {
        sessionId,
        query,
        requests: true,
        offset: 0,
        limit: LIMIT,
        sort: 'time',
      });
      const withBodies = page.rows.filter((item) => !['get', 'list', 'watch'].includes(item.verb));
      const bodies = new Map<number, string | null>();
      for (let from = 0; from < withBodies.length; from += 100) {
        const events = await api.call('logs.events', {
          sessionId,
          ids: withBodies.slice(from, from + 100).map((item) => item.id),
        });
        for (const event of events) {
          const parsed = JSON.parse(event.json) as { requestObject?: unknown };
          bodies.set(
            event.id,
            parsed.requestObject === undefined ? null : JSON.stringify(parsed.requestObject, null, 2),
          );
        }
      }
      if (!alive) return;
      setResult({ query, total: page.total, changes: withDiffs(page.rows, bodies) });
    })().catch((caught: unknown) => alive && setResult({ query, error: errorMessage(caught) }));
    return () => {
      alive = false;
    };
  }, [sessionId, query]);

  if (!query) return <Alert severity="info">This event does not name one object (no resource name).</Alert>;
  if (error) return <Alert severity="error">{error}</Alert>;
  if (!changes) return <CircularProgress size={20} aria-label="Loading object history" />;
  return (
    <Box>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {formatCount(total)} requests for <code>{query}</code>
        {total > LIMIT ? ` (the first ${LIMIT})` : ''}
      </Typography>
      {changes.map(({ row: item, body, diff, first }) => {
        return (
          <Box
            key={item.id}
            sx={{ borderLeft: 3, borderColor: item.id === row.id ? 'primary.main' : 'divider', pl: 1.5, mb: 1.5 }}
          >
            <Typography variant="caption" color="text.secondary" sx={{ fontFamily: 'monospace' }}>
              {formatTableTime(item.time)}
            </Typography>
            <Typography variant="body2">{eventSummary(item)}</Typography>
            {first && (
              <Typography variant="caption" color="text.secondary">
                first request body in this log ({body!.split('\n').length} lines)
              </Typography>
            )}
            {diff && (
              <Box
                component="pre"
                sx={{
                  fontSize: 12,
                  m: 0,
                  mt: 0.5,
                  p: 1,
                  bgcolor: 'action.hover',
                  borderRadius: 1,
                  overflow: 'auto',
                  maxHeight: 260,
                }}
              >
                {diff
                  .filter((line) => line.kind !== 'same')
                  .slice(0, 200)
                  .map((line, index) => (
                    <Box
                      key={index}
                      component="div"
                      sx={{ color: line.kind === 'added' ? 'success.main' : 'error.main' }}
                    >
                      {line.kind === 'added' ? '+ ' : '- '}
                      {line.text}
                    </Box>
                  ))}
                {diff.every((line) => line.kind === 'same') && 'same request body as before'}
              </Box>
            )}
          </Box>
        );
      })}
    </Box>
  );
}
