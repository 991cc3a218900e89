// Plan → confirm → run state of the Apply panel, fed by apply.step / apply.finished events.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { RolloutPlan, RunResult, StepEvent } from '../../../../shared/apply/types.ts';
import type { RequestInput } from '../../../../shared/ipc/contract.ts';
import { api, BackendError, errorMessage } from '../../api/client.ts';

export type Phase = 'idle' | 'planning' | 'review' | 'confirm' | 'running' | 'done';

export function useRollout() {
  const [phase, setPhase] = useState<Phase>('idle');
  const [plan, setPlan] = useState<RolloutPlan | null>(null);
  const [steps, setSteps] = useState<StepEvent[]>([]);
  const [result, setResult] = useState<RunResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const runId = useRef<string | null>(null);
  // The first steps are emitted before apply.start has answered with the run id: keep events of unknown runs
  // until the answer names ours (a few events; cleared on every plan).
  const early = useRef<{ steps: StepEvent[]; finished: RunResult[] }>({ steps: [], finished: [] });

  useEffect(() => {
    const offStep = api.on('apply.step', (event) => {
      if (event.runId === runId.current) setSteps((list) => [...list, event]);
      else if (runId.current === null) early.current.steps.push(event);
    });
    const offDone = api.on('apply.finished', (finished) => {
      if (finished.runId !== runId.current) {
        if (runId.current === null) early.current.finished.push(finished);
        return;
      }
      setResult(finished);
      setPhase('done');
    });
    return () => {
      offStep();
      offDone();
    };
  }, []);

  const makePlan = useCallback(async (input: RequestInput<'apply.plan'>) => {
    runId.current = null;
    early.current = { steps: [], finished: [] };
    setPhase('planning');
    setError(null);
    setResult(null);
    setSteps([]);
    try {
      setPlan(await api.call('apply.plan', input));
      setPhase('review');
    } catch (failure) {
      setError(errorMessage(failure));
      setPhase('idle');
    }
  }, []);

  const start = useCallback(
    async (confirmed?: boolean) => {
      if (!plan) return;
      setError(null);
      try {
        const started = await api.call('apply.start', { planId: plan.planId, confirmed });
        if ('declined' in started) return setPhase('review');
        runId.current = started.runId;
        const { steps: earlySteps, finished } = early.current;
        early.current = { steps: [], finished: [] };
        setSteps(earlySteps.filter((event) => event.runId === started.runId));
        const done = finished.find((result) => result.runId === started.runId);
        if (done) {
          setResult(done);
          setPhase('done');
        } else setPhase('running');
      } catch (failure) {
        // Browser mode: the backend cannot raise a native dialog, so the page asks (ConfirmRunDialog).
        if (failure instanceof BackendError && failure.code === 'confirmation-required') return setPhase('confirm');
        setError(errorMessage(failure));
        setPhase('review');
      }
    },
    [plan],
  );

  const cancel = useCallback(async () => {
    if (runId.current)
      await api.call('apply.cancel', { runId: runId.current }).catch((failure) => setError(errorMessage(failure)));
  }, []);

  const reset = useCallback(() => {
    setPhase('idle');
    setPlan(null);
    setSteps([]);
    setResult(null);
    setError(null);
    runId.current = null;
  }, []);

  return { phase, setPhase, plan, steps, result, error, makePlan, start, cancel, reset };
}
