// Every backend service, created and wired once per Backend. Handler factories receive this one object, so a
// service exists once and pushes its events the same way whichever transport is listening.
import { ApplyJournal } from './journal/journal.ts';
import type { BackendEnvironment } from './environment.ts';
import type { HealthTimings } from './apply/health.ts';
import { timingsFromEnv } from './apply/timings-env.ts';
import { NodeServices, type NodeServicesOptions } from './inventory/node-services.ts';
import { LogsService, type LogsServiceOptions } from './logs-service/logs-service.ts';
import { SettingsStore } from './settings/settings-store.ts';

/** Settings that tests (and the e2e server) change; the app uses the defaults. */
export interface ServiceOptions {
  nodes?: NodeServicesOptions;
  logs?: LogsServiceOptions;
  apply?: ApplyOptions;
  lab?: { workers?: number };
}

export interface ApplyOptions {
  /** Health-wait timings (shorter ones for the simulator; AUDITSCOPE_APPLY_TIMINGS in the e2e server). */
  timings?: Partial<HealthTimings>;
  /** How long a plan may wait for apply.start (default 30 minutes), and the clock that measures it. */
  planLifetimeMs?: number;
  now?: () => number;
}

export interface BackendServices extends BackendEnvironment {
  settings: SettingsStore;
  nodes: NodeServices;
  logs: LogsService;
  journal: ApplyJournal;
  apply: ApplyOptions;
  lab: { workers?: number };
}

export function createServices(env: BackendEnvironment, options: ServiceOptions = {}): BackendServices {
  const nodes = new NodeServices(env, options.nodes);
  return {
    ...env,
    settings: new SettingsStore(env.userDataDir),
    nodes,
    // One explorer service, shared with the policy lab so it can simulate over the logs open in a window.
    logs: new LogsService(env, nodes, options.logs),
    journal: new ApplyJournal(env.userDataDir),
    apply: { ...options.apply, timings: options.apply?.timings ?? timingsFromEnv() },
    lab: options.lab ?? {},
  };
}
