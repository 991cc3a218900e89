// The backend: one implementation of every contract call, served by Electron IPC and by the browser-mode server.
// It never imports `electron`, so plain Node can run it.
import { AppFailure, type AppError, type Result } from '../../shared/ipc/define.ts';
import type { EventChannel, EventPayload, RequestChannel, RequestOutput } from '../../shared/ipc/contract.ts';
import { validateRequest } from '../../shared/ipc/validate.ts';
import type { BackendContext, HandlerMap } from './handler-types.ts';
import { appHandlers } from './handlers/app.ts';
import { filesHandlers } from './handlers/files.ts';
import { logsHandlers } from './handlers/logs.ts';
import { nodesHandlers } from './handlers/nodes.ts';
import { applyHandlers } from './handlers/apply.ts';
import { labHandlers } from './handlers/lab.ts';
import { LogsService } from './logs-service/logs-service.ts';
import type { PlatformServices } from './platform.ts';
import { SettingsStore } from './settings/settings-store.ts';

export type EventSink = <K extends EventChannel>(channel: K, payload: EventPayload<K>) => void;

export interface BackendOptions {
  mode: 'electron' | 'browser';
  userDataDir: string;
  platform?: PlatformServices;
  /** See LogsServiceOptions.releasedSessionGraceMs. */
  releasedSessionGraceMs?: number;
}

export class Backend {
  readonly handlers: HandlerMap;
  private readonly sinks = new Set<EventSink>();
  private readonly context: BackendContext;
  /** A browser tab's connection holds its explorer session (see SessionHolds); returns the release. */
  readonly holdLogSession: (sessionId: string) => () => void;

  constructor(options: BackendOptions) {
    const settings = new SettingsStore(options.userDataDir);
    // One explorer service, shared with the policy lab so it can simulate over the logs open in a window.
    const logsService = new LogsService(options.userDataDir, {
      releasedSessionGraceMs: options.releasedSessionGraceMs,
    });
    this.holdLogSession = (sessionId) => logsService.holdSession(sessionId);
    this.handlers = {
      ...appHandlers(settings),
      ...filesHandlers(),
      ...nodesHandlers(options.userDataDir),
      ...logsHandlers(options.userDataDir, logsService),
      ...applyHandlers(options.userDataDir),
      ...labHandlers({ sessionIndex: (id) => logsService.indexOf(id) }),
    };
    this.context = {
      mode: options.mode,
      userDataDir: options.userDataDir,
      platform: options.platform ?? {},
      emit: (channel, payload) => {
        for (const sink of this.sinks) sink(channel, payload);
      },
    };
  }

  /** Subscribe a transport to pushed events; returns the unsubscribe function. */
  subscribe(sink: EventSink): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }

  /** Validates the payload, runs the handler and turns every failure into data. */
  async call(channel: string, payload: unknown): Promise<Result<unknown> & { invalid?: boolean }> {
    const validation = validateRequest(channel, payload);
    if (!validation.ok) return { ok: false, error: validation.error, invalid: true };
    const handler = this.handlers[channel as RequestChannel] as (
      input: unknown,
      context: BackendContext,
    ) => Promise<RequestOutput<RequestChannel>>;
    try {
      return { ok: true, value: await handler(validation.value, this.context) };
    } catch (error) {
      return { ok: false, error: toAppError(error) };
    }
  }
}

export function toAppError(error: unknown): AppError {
  if (error instanceof AppFailure) return { code: error.code, message: error.message };
  if (error instanceof Error) return { code: 'internal', message: error.message };
  return { code: 'internal', message: String(error) };
}
