// Adding inventory nodes as live sources, and what to do when a node needs the user first: the outcome the backend
// reports is the Nodes section's (unknown host key, secret required), answered with the same dialogs and calls.
import { useCallback, useState } from 'react';
import type { LiveNodeFailure } from '../../../../shared/ipc/contract/logs.ts';
import { api, errorMessage } from '../../api/client.ts';
import type { LogSessionHandle } from './useLogSession.ts';

export type LiveTarget = { kind: 'nodes'; nodeIds: string[] } | { kind: 'cluster'; clusterId: string };
type TrustHostKey = { host: string; port: number; fingerprintSha256: string };

export interface LiveNodesHandle {
  failures: LiveNodeFailure[];
  busy: boolean;
  add(target: LiveTarget, trustHostKey?: TrustHostKey): Promise<void>;
  /** The user trusted the key shown in the host-key dialog: try that node again with exactly that key. */
  trust(failure: LiveNodeFailure): Promise<void>;
  /** The user typed the secret the node asked for: hand it to the Nodes backend, then try the node again. */
  provideSecret(failure: LiveNodeFailure, value: string, remember: boolean): Promise<void>;
  dismiss(nodeId: string): void;
  secretError: string | null;
}

export function useLiveNodes(session: LogSessionHandle): LiveNodesHandle {
  const [failures, setFailures] = useState<LiveNodeFailure[]>([]);
  const [busy, setBusy] = useState(false);
  const [secretError, setSecretError] = useState<string | null>(null);
  const { sessionId, update } = session;

  const add = useCallback(
    async (target: LiveTarget, trustHostKey?: TrustHostKey) => {
      setBusy(true);
      try {
        await update(async () => {
          const result = await api.call('logs.addNodes', { sessionId, target, trustHostKey });
          const retried = new Set(target.kind === 'nodes' ? target.nodeIds : []);
          const reported = new Set(result.failures.map((failure) => failure.nodeId));
          // Keep earlier failures of other nodes; replace those of the nodes just tried.
          setFailures((current) => [
            ...current.filter((failure) => !retried.has(failure.nodeId) && !reported.has(failure.nodeId)),
            ...result.failures,
          ]);
          return result.state;
        });
      } finally {
        setBusy(false);
      }
    },
    [sessionId, update],
  );

  const trust = useCallback(
    async (failure: LiveNodeFailure) => {
      if (failure.outcome.kind !== 'host-key-unknown') return;
      const { host, port, fingerprintSha256 } = failure.outcome;
      await add({ kind: 'nodes', nodeIds: [failure.nodeId] }, { host, port, fingerprintSha256 });
    },
    [add],
  );

  const provideSecret = useCallback(
    async (failure: LiveNodeFailure, value: string, remember: boolean) => {
      if (failure.outcome.kind !== 'secret-required') return;
      try {
        await api.call('nodes.provideSecret', {
          nodeId: failure.nodeId,
          secret: failure.outcome.secret,
          value,
          remember,
        });
        setSecretError(null);
      } catch (caught) {
        setSecretError(errorMessage(caught));
        return;
      }
      await add({ kind: 'nodes', nodeIds: [failure.nodeId] });
    },
    [add],
  );

  const dismiss = useCallback(
    (nodeId: string) => setFailures((current) => current.filter((failure) => failure.nodeId !== nodeId)),
    [],
  );

  return { failures, busy, add, trust, provideSecret, dismiss, secretError };
}
