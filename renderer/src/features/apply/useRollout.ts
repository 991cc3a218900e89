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

  useEffect(() => {
    const offStep = api.on('apply.step', (event) => {
      if (event.runId === runId.current) setSteps((list) => [...list, event]);
    });
    const offDone = api.on('apply.finished', (finished) => {
      if (finished.runId !== runId.current) return;
      setResult(finished);
      setPhase('done');
    });
    return () => {
      offStep();
      offDone();
    };
  }, []);

  const makePlan = useCallback(async (input: RequestInput<'apply.plan'>) => {
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
        setPhase('running');
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
    if (runId.current) await api.call('apply.cancel', { runId: runId.current });
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
