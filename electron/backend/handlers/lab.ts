// The policy lab's backend: resolves a sample source to a log index, keeps the policy-independent sample of each
// index so re-running after an edit only re-evaluates, and runs simulations as cancellable, streaming jobs.
import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import type { LabSource } from '../../../shared/ipc/contract/lab.ts';
import { AppFailure } from '../../../shared/errors.ts';
import { loadPolicyText } from '../../../shared/policy/load-policy.ts';
import { parseKubeVersion } from '../../../shared/policy/version.ts';
import type { HandlerMap } from '../handler-types.ts';
import { runSimulation } from '../lab/run-simulation.ts';
import { LabSampleBuilder } from '../lab/sample-builder.ts';
import { openLogIndex, type LogIndex } from '../logs/log-index.ts';
import { sampleLogPath } from '../logs-service/sample-log.ts';
import type { BackendServices } from '../services.ts';

/** Indexes the lab opened itself (paths, sample), most recent last; older ones are closed. */
const KEEP_OWNED = 2;
const MAX_RUNS = 4;

interface OwnedIndex {
  key: string;
  builder: LabSampleBuilder;
}

export function labHandlers({ logs, lab, emit }: BackendServices): HandlerMap<'lab.simulate' | 'lab.cancel'> {
  const owned: OwnedIndex[] = [];
  const sessionBuilders = new WeakMap<LogIndex, LabSampleBuilder>();
  const runs = new Map<string, AbortController>();

  const ownedBuilder = async (paths: string[]): Promise<LabSampleBuilder> => {
    const stamps: string[] = [];
    for (const path of paths) {
      try {
        const info = await stat(path);
        stamps.push(`${path}\u0000${info.size}\u0000${info.mtimeMs}`);
      } catch {
        throw new AppFailure('not-found', `cannot read ${path}: no such file or directory`);
      }
    }
    const key = stamps.join('\u0001');
    const at = owned.findIndex((entry) => entry.key === key);
    if (at >= 0) {
      const [entry] = owned.splice(at, 1);
      owned.push(entry!);
      return entry!.builder;
    }
    const builder = new LabSampleBuilder(openLogIndex(paths, { workers: lab.workers }));
    owned.push({ key, builder });
    while (owned.length > KEEP_OWNED) owned.shift()!.builder.index.close();
    return builder;
  };

  const builderFor = async (source: LabSource): Promise<LabSampleBuilder> => {
    switch (source.kind) {
      case 'paths':
        return ownedBuilder(source.paths.map((path) => (path.startsWith('~/') ? homedir() + path.slice(1) : path)));
      case 'sample': {
        const path = sampleLogPath();
        if (!path) throw new AppFailure('not-found', 'the bundled sample log is missing from this installation');
        return ownedBuilder([path]);
      }
      case 'session': {
        const index = logs.indexOf(source.sessionId);
        if (!index) throw new AppFailure('not-found', 'the log explorer has no open log in this window');
        let builder = sessionBuilders.get(index);
        if (!builder) {
          builder = new LabSampleBuilder(index);
          sessionBuilders.set(index, builder);
        }
        return builder;
      }
    }
  };

  const start = (runId: string, builder: LabSampleBuilder, run: RunInput) => {
    // A client that never cancels (a closed tab) must not pile up work: the oldest run gives way.
    while (runs.size >= MAX_RUNS) {
      const [oldest, controller] = runs.entries().next().value as [string, AbortController];
      controller.abort();
      runs.delete(oldest);
    }
    const controller = new AbortController();
    runs.set(runId, controller);
    runSimulation(builder, {
      ...run,
      signal: controller.signal,
      onPartial: (result, progress) => emit('lab.update', { runId, state: 'running', progress, result }),
    })
      .then(
        (result) => emit('lab.update', { runId, state: 'done', progress: null, result }),
        (error: Error) => {
          const cancelled = controller.signal.aborted;
          emit('lab.update', {
            runId,
            state: cancelled ? 'cancelled' : 'error',
            progress: null,
            result: null,
            message: cancelled ? undefined : error.message,
          });
        },
      )
      .finally(() => runs.delete(runId));
  };

  return {
    'lab.simulate': async (input) => {
      if (runs.has(input.runId)) throw new AppFailure('duplicate-run', `run ${input.runId} is already running`);
      let version;
      try {
        version = parseKubeVersion(input.kubeVersion);
      } catch (error) {
        throw new AppFailure('invalid-input', (error as Error).message);
      }
      const loaded = loadPolicyText(input.policyText, version);
      if (!loaded.valid || !loaded.policy) {
        const first = [...loaded.loadErrors, ...loaded.validationErrors][0];
        const at = first?.range ? `line ${first.range.start.line}, column ${first.range.start.column}: ` : '';
        throw new AppFailure('invalid-policy', `the policy is invalid: ${at}${first?.message ?? 'it does not load'}`);
      }
      const builder = await builderFor(input.source);
      start(input.runId, builder, { policy: loaded.policy, version, talkers: input.talkers });
      return { runId: input.runId };
    },
    'lab.cancel': async (input) => {
      const controller = runs.get(input.runId);
      controller?.abort();
      runs.delete(input.runId);
      return { cancelled: controller !== undefined };
    },
  };
}

interface RunInput {
  policy: NonNullable<ReturnType<typeof loadPolicyText>['policy']>;
  version: ReturnType<typeof parseKubeVersion>;
  talkers: number;
}
