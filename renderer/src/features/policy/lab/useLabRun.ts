// Runs the draft policy against the chosen sample on the backend, again after every edit (debounced), cancelling
// the previous run; partial results stream in while a large sample is still being read.
import { useEffect, useRef, useState } from 'react';
import type { LabSource, LabUpdate } from '../../../../../shared/ipc/contract/lab.ts';
import type { LabProgress, LabResult } from '../../../../../shared/lab/types.ts';
import { api, errorMessage } from '../../../api/client.ts';

export interface LabRun {
  result: LabResult | null;
  /** The result is from a run still reading the sample. */
  partial: boolean;
  progress: LabProgress | null;
  running: boolean;
  error: string | null;
}

const DEBOUNCE_MS = 350;
export const TALKERS_PER_FIELD = 10;

export function useLabRun(source: LabSource | null, policyText: string, kubeVersion: string): LabRun {
  const [run, setRun] = useState<LabRun>({ result: null, partial: false, progress: null, running: false, error: null });
  const current = useRef<string | null>(null);

  useEffect(() => {
    const off = api.on('lab.update', (update: LabUpdate) => {
      if (update.runId !== current.current) return;
      setRun((previous) => {
        if (update.state === 'running') {
          return { result: update.result, partial: true, progress: update.progress, running: true, error: null };
        }
        if (update.state === 'done') {
          return { result: update.result, partial: false, progress: null, running: false, error: null };
        }
        if (update.state === 'error') {
          return { ...previous, running: false, progress: null, error: update.message ?? 'the simulation failed' };
        }
        return { ...previous, running: false, progress: null };
      });
    });
    return off;
  }, []);

  const sourceKey = source ? JSON.stringify(source) : '';
  // A different sample makes the previous result meaningless: clear it rather than show stale numbers.
  const [shownKey, setShownKey] = useState(sourceKey);
  if (shownKey !== sourceKey) {
    setShownKey(sourceKey);
    setRun({ result: null, partial: false, progress: null, running: false, error: null });
  }
  useEffect(() => {
    if (!source || policyText.trim() === '') return;
    const timer = setTimeout(() => {
      const runId = crypto.randomUUID();
      const previous = current.current;
      current.current = runId;
      if (previous) void api.call('lab.cancel', { runId: previous }).catch(() => undefined);
      setRun((state) => ({ ...state, running: true, error: null }));
      api
        .call('lab.simulate', { runId, source, policyText, kubeVersion, talkers: TALKERS_PER_FIELD })
        .catch((error: unknown) => {
          if (current.current !== runId) return;
          setRun((state) => ({ ...state, running: false, progress: null, error: errorMessage(error) }));
        });
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
    // sourceKey stands for source (a new object each render with the same meaning).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [sourceKey, policyText, kubeVersion]);

  // Cancel the last run when the panel goes away.
  useEffect(
    () => () => {
      if (current.current) void api.call('lab.cancel', { runId: current.current }).catch(() => undefined);
    },
    [],
  );

  return run;
}
