// Runs the policy lab over a log index that may still be filling: the sample is extended as rows arrive, partial
// results are reported along the way, and the final result comes once the index is complete.
import { simulate } from '../../../shared/lab/simulate.ts';
import type { LabProgress, LabResult } from '../../../shared/lab/types.ts';
import type { KubeVersion, Policy } from '../../../shared/policy/types.ts';
import { measureGzipRatio } from './gzip-ratio.ts';
import type { LabSampleBuilder } from './sample-builder.ts';

export interface RunOptions {
  policy: Policy;
  version: KubeVersion;
  talkers?: number;
  signal?: AbortSignal;
  /** Called at most every `partialEveryMs` while the sample grows. */
  onPartial?(result: LabResult, progress: LabProgress): void;
  partialEveryMs?: number;
}

export async function runSimulation(builder: LabSampleBuilder, options: RunOptions): Promise<LabResult> {
  const { index } = builder;
  const { signal } = options;
  let ingestDone = false;
  let ingestError: Error | undefined;
  let bytes = { done: 0, total: 0 };
  const onIngest = (progress: { bytesDone: number; bytesTotal: number }) => {
    bytes = { done: progress.bytesDone, total: progress.bytesTotal };
  };
  index.on('progress', onIngest);
  const ready = index.ready.then(
    () => {
      ingestDone = true;
    },
    (error: Error) => {
      ingestDone = true;
      ingestError = error;
    },
  );
  const every = options.partialEveryMs ?? 500;
  let lastPartial = 0;
  const report = (phase: LabProgress['phase']) => {
    if (!options.onPartial) return;
    const now = Date.now();
    if (now - lastPartial < every) return;
    lastPartial = now;
    const progress = {
      phase,
      done: builder.sample().eventCount,
      total: index.eventCount,
      bytesDone: bytes.done,
      bytesTotal: bytes.total,
    };
    options.onPartial(simulate(builder.sample(), options.policy, options.version, options), progress);
  };
  try {
    for (;;) {
      await builder.extend(signal, () => report('reading'));
      if (ingestDone && builder.caughtUp) break;
      await Promise.race([ready, delay(100, signal)]);
      signal?.throwIfAborted();
    }
    if (ingestError) throw ingestError;
    if (builder.gzipRatio === null) {
      report('measuring');
      builder.gzipRatio = await measureGzipRatio(index, signal);
    }
    signal?.throwIfAborted();
    return simulate(builder.sample(), options.policy, options.version, options);
  } finally {
    index.off('progress', onIngest);
  }
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
