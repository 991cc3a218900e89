// State of the Nodes section: the inventory and statuses from the backend, checks running per node (from
// `nodes.progress` events) and the prompt the last check of this window needs answered (host key or secret).
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CheckMode, NodeCheckOutcome, NodesState, NodeStatus } from '../../../../shared/ipc/contract/nodes.ts';
import { api, errorMessage } from '../../api/client.ts';

export interface RunningCheck {
  operationId: string;
  mode: CheckMode;
  message: string;
}

export type PendingPrompt =
  | { nodeId: string; mode: CheckMode; outcome: Extract<NodeCheckOutcome, { kind: 'host-key-unknown' }> }
  | { nodeId: string; mode: CheckMode; outcome: Extract<NodeCheckOutcome, { kind: 'secret-required' }> };

export interface TrustHostKey {
  host: string;
  port: number;
  fingerprintSha256: string;
}

const EMPTY: NodesState = {
  clusters: [],
  statuses: {},
  secrets: {},
  problems: [],
  canRememberSecrets: false,
  inventoryPath: '',
};

function newOperationId(): string {
  return `op-${crypto.randomUUID()}`;
}

export function useNodes() {
  const [state, setState] = useState<NodesState>(EMPTY);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState<Record<string, RunningCheck>>({});
  const [prompt, setPrompt] = useState<PendingPrompt | null>(null);
  // Checks this window started: only their outcomes open dialogs (not those of another window).
  const mine = useRef(new Map<string, { nodeId: string; mode: CheckMode }>());

  const refresh = useCallback(
    () =>
      api.call('nodes.list', {}).then(
        (next) => {
          setState(next);
          setError(null);
          setLoaded(true);
        },
        (failure: unknown) => {
          setError(errorMessage(failure));
          setLoaded(true);
        },
      ),
    [],
  );

  useEffect(() => {
    const openPromptFor = (status: NodeStatus, mode: CheckMode): void => {
      const outcome = status.outcome;
      if (outcome.kind === 'host-key-unknown' || outcome.kind === 'secret-required') {
        setPrompt({ nodeId: status.nodeId, mode, outcome } as PendingPrompt);
      }
    };
    api.call('nodes.list', {}).then(
      (next) => {
        setState(next);
        setLoaded(true);
      },
      (failure: unknown) => {
        setError(errorMessage(failure));
        setLoaded(true);
      },
    );
    const offChanged = api.on('nodes.changed', () => void refresh());
    const offProgress = api.on('nodes.progress', (payload) =>
      setRunning((current) => {
        const existing = current[payload.nodeId];
        const mode = existing?.mode ?? mine.current.get(payload.operationId)?.mode ?? 'probe';
        return {
          ...current,
          [payload.nodeId]: { operationId: payload.operationId, mode, message: payload.message },
        };
      }),
    );
    const offFinished = api.on('nodes.checkFinished', ({ operationId, status }) => {
      setRunning((current) => {
        if (current[status.nodeId]?.operationId !== operationId) return current;
        const next = { ...current };
        delete next[status.nodeId];
        return next;
      });
      setState((current) => ({ ...current, statuses: { ...current.statuses, [status.nodeId]: status } }));
      const started = mine.current.get(operationId);
      mine.current.delete(operationId);
      if (started) openPromptFor(status, started.mode);
      // Held secrets may have changed (a rejected one is forgotten).
      void refresh();
    });
    return () => {
      offChanged();
      offProgress();
      offFinished();
    };
  }, [refresh]);

  const check = useCallback(async (nodeId: string, mode: CheckMode, trustHostKey?: TrustHostKey) => {
    const operationId = newOperationId();
    mine.current.set(operationId, { nodeId, mode });
    setRunning((current) => ({
      ...current,
      [nodeId]: { operationId, mode, message: mode === 'probe' ? 'Starting the probe' : 'Connecting' },
    }));
    try {
      await api.call('nodes.check', { nodeId, mode, operationId, trustHostKey });
    } catch (failure) {
      mine.current.delete(operationId);
      setRunning((current) => {
        const next = { ...current };
        if (next[nodeId]?.operationId === operationId) delete next[nodeId];
        return next;
      });
      setError(errorMessage(failure));
    }
  }, []);

  const cancel = useCallback(
    async (nodeId: string) => {
      const operationId = running[nodeId]?.operationId;
      if (operationId)
        await api.call('nodes.cancel', { operationId }).catch((failure) => setError(errorMessage(failure)));
    },
    [running],
  );

  return { state, loaded, error, setError, running, prompt, setPrompt, refresh, check, cancel };
}
