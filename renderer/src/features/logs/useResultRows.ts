// Rows of the current result, fetched page by page as the table scrolls to them, so millions of matches cost only
// the pages that are looked at. A page arriving notifies subscribers (the table) instead of re-rendering the
// whole explorer page: a fast scroll brings a page every frame.
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
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
  /** Called whenever a page arrives; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** Changes whenever a page arrives (for useSyncExternalStore). */
  pagesVersion(): number;
}

/** Re-renders the caller when pages arrive (the table); returns the rows. */
export function useRowPages(rows: ResultRows): ResultRows {
  useSyncExternalStore(rows.subscribe, rows.pagesVersion);
  return rows;
}

/** The row at `index` once its page is loaded, re-rendering the caller only when that row changes. */
export function useRowAt(rows: ResultRows, index: number | null): LogRow | undefined {
  return useSyncExternalStore(rows.subscribe, () => (index === null ? undefined : rows.row(index)));
}

export function useResultRows(scope: ResultScope | null, sort: 'time' | 'time-desc', refresh: number): ResultRows {
  const pages = useRef(new Map<number, LogRow[]>());
  // After a refresh of the same result (live growth), the previous pages stay on screen until the new ones arrive,
  // so the table never flashes empty rows.
  const stale = useRef(new Map<number, LogRow[]>());
  const resultKey = useRef('');
  const inFlight = useRef(new Set<number>());
  const generation = useRef(0);
  const [total, setTotal] = useState(0);
  const tick = useRef(0);
  const listeners = useRef(new Set<() => void>());
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
            tick.current++;
            for (const listener of listeners.current) listener();
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
    const sameResult = resultKey.current === JSON.stringify([scope, sort]);
    resultKey.current = JSON.stringify([scope, sort]);
    stale.current = sameResult ? new Map([...stale.current, ...pages.current]) : new Map();
    pages.current = new Map();
    inFlight.current = new Set();
    tick.current++;
    for (const listener of listeners.current) listener();
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

  const row = useCallback((index: number) => {
    const page = Math.floor(index / PAGE);
    return (pages.current.get(page) ?? stale.current.get(page))?.[index % PAGE];
  }, []);
  const subscribe = useCallback((listener: () => void) => {
    listeners.current.add(listener);
    return () => listeners.current.delete(listener);
  }, []);
  const pagesVersion = useCallback(() => tick.current, []);
  const shownTotal = scope ? total : 0;
  return useMemo(
    () => ({ total: shownTotal, row, ensure, error, subscribe, pagesVersion }),
    [shownTotal, row, ensure, error, subscribe, pagesVersion],
  );
}
