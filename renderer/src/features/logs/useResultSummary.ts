// Count, histogram and top field values of the current result; recomputed when the query or the index changes.
import { startTransition, useEffect, useState } from 'react';
import type { LogSummary, ValueCount } from '../../../../shared/ipc/contract/logs.ts';
import { api, errorMessage } from '../../api/client.ts';

export interface ResultScope {
  sessionId: string;
  query: string;
  requests: boolean;
  since?: number;
  until?: number;
}

export const SIDEBAR_FIELDS = [
  'verb',
  'user',
  'resource',
  'ns',
  'code',
  'level',
  'stage',
  'decision',
  'name',
  'subresource',
  'apigroup',
  'group',
  'sourceip',
  'useragent',
  'node',
  'file',
];

export function useResultSummary(scope: ResultScope | null, stackBy: 'level' | 'codeClass', refresh: number) {
  const [summary, setSummary] = useState<LogSummary | null>(null);
  const [fields, setFields] = useState<Record<string, ValueCount[]>>({});
  const [error, setError] = useState<string | null>(null);
  const [loadedKey, setLoadedKey] = useState('');
  const key = scope ? JSON.stringify([scope, stackBy, refresh]) : '';

  useEffect(() => {
    if (!scope) return;
    let alive = true;
    Promise.all([
      api.call('logs.summary', { ...scope, buckets: 90, stackBy }),
      api.call('logs.fieldValues', { ...scope, fields: SIDEBAR_FIELDS, limit: 8 }),
    ]).then(
      ([nextSummary, nextFields]) => {
        if (!alive) return;
        // A transition: React renders the new counts, bars and sidebar in slices between frames, so a refresh
        // while a big file is indexed does not stall scrolling or typing.
        startTransition(() => {
          setSummary(nextSummary);
          setFields(nextFields.fields);
          setError(null);
          setLoadedKey(key);
        });
      },
      (caught: unknown) => {
        if (!alive) return;
        setError(errorMessage(caught));
        setLoadedKey(key);
      },
    );
    return () => {
      alive = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  if (!scope) return { summary: null, fields: {}, error: null, loading: false };
  return { summary, fields, error, loading: loadedKey !== key };
}
