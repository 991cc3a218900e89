// Rows of the current result, fetched page by page as the table scrolls to them, so millions of matches cost only
// the pages that are looked at.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { LogRow } from '../../../../shared/ipc/contract/logs.ts';
import { api } from '../../api/client.ts';
import type { ResultScope } from './useResultSummary.ts';

const PAGE = 200;

export interface ResultRows {
  total: number;
  row(index: number): LogRow | undefined;
  /** Makes sure the pages covering [from, to] are loaded. */
  ensure(from: number, to: number): void;
  error: string | null;
}

export function useResultRows(scope: ResultScope | null, sort: 'time' | 'time-desc', refresh: number): ResultRows {
  const pages = useRef(new Map<number, LogRow[]>());
  const inFlight = useRef(new Set<number>());
  const generation = useRef(0);
  const [total, setTotal] = useState(0);
  const [, setTick] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const key = scope ? JSON.stringify([scope, sort, refresh]) : '';

  const load = useCallback(
    (page: number) => {
      if (!scope || pages.current.has(page) || inFlight.current.has(page)) return;
      const mine = generation.current;
      inFlight.current.add(page);
      api
        .call('logs.query', { ...scope, offset: page * PAGE, limit: PAGE, sort })
        .then(
          (result) => {
            if (mine !== generation.current) return;
            pages.current.set(page, result.rows);
            setTotal(result.total);
            setError(null);
            setTick((tick) => tick + 1);
          },
          (caught: unknown) => mine === generation.current && setError(String((caught as Error).message ?? caught)),
        )
        .finally(() => inFlight.current.delete(page));
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key],
  );

  useEffect(() => {
    generation.current++;
    pages.current = new Map();
    inFlight.current = new Set();
    if (scope) load(0);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  const ensure = useCallback(
    (from: number, to: number) => {
      for (let page = Math.floor(Math.max(0, from) / PAGE); page <= Math.floor(Math.max(0, to) / PAGE); page++)
        load(page);
    },
    [load],
  );

  const row = (index: number) => pages.current.get(Math.floor(index / PAGE))?.[index % PAGE];
  return { total: scope ? total : 0, row, ensure, error };
}
