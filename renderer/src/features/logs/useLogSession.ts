// The window's explorer session: a stable id (kept per tab, so a reload keeps the sources) and its pushed state.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { LogSessionState } from '../../../../shared/ipc/contract/logs.ts';
import { api, errorMessage } from '../../api/client.ts';
import { sessionIdForThisTab } from '../../api/tab-session.ts';

/** A state updater that keeps whichever state the backend produced last (answers and pushes can cross). */
function newest(next: LogSessionState) {
  return (current: LogSessionState | null) =>
    current && current.sessionId === next.sessionId && current.revision > next.revision ? current : next;
}

export interface LogSessionHandle {
  sessionId: string;
  state: LogSessionState | null;
  error: string | null;
  setError(message: string | null): void;
  /** Runs a call that returns the new session state, showing its error if it fails. */
  update(run: () => Promise<LogSessionState | null>): Promise<void>;
}

export function useLogSession(): LogSessionHandle {
  const [sessionId] = useState(sessionIdForThisTab);
  const [state, setState] = useState<LogSessionState | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let alive = true;
    const off = api.on('logs.sessionChanged', (next) => {
      if (next.sessionId === sessionId) setState(newest(next));
    });
    api.call('logs.state', { sessionId }).then(
      (next) => alive && setState(newest(next)),
      (caught: unknown) => alive && setError(errorMessage(caught)),
    );
    return () => {
      alive = false;
      off();
    };
  }, [sessionId]);

  const update = useCallback(async (run: () => Promise<LogSessionState | null>) => {
    try {
      const next = await run();
      if (next) setState(newest(next));
      setError(null);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }, []);

  // One object per change, so panes that take the handle can skip renders when nothing in it changed.
  return useMemo(() => ({ sessionId, state, error, setError, update }), [sessionId, state, error, update]);
}
