// The backend: one implementation of every contract call, served by Electron IPC and by the browser-mode server.
// It never imports `electron`, so plain Node can run it. Services are created and wired here, once.
import type { RequestChannel, RequestOutput } from '../../shared/ipc/contract.ts';
import { type Result } from '../../shared/ipc/define.ts';
import { toAppError } from '../../shared/errors.ts';
import { validateRequest } from '../../shared/ipc/validate.ts';
import type { Emit } from './environment.ts';
import type { HandlerMap } from './handler-types.ts';
import { appHandlers } from './handlers/app.ts';
import { applyHandlers } from './handlers/apply.ts';
import { filesHandlers } from './handlers/files.ts';
import { labHandlers } from './handlers/lab.ts';
import { logsHandlers } from './handlers/logs.ts';
import { nodesHandlers } from './handlers/nodes.ts';
import type { PlatformServices } from './platform.ts';
import { createServices, type BackendServices, type ServiceOptions } from './services.ts';

export type EventSink = Emit;

export interface BackendOptions extends ServiceOptions {
  mode: 'electron' | 'browser';
  userDataDir: string;
  platform?: PlatformServices;
}

export class Backend {
  readonly handlers: HandlerMap;
  readonly services: BackendServices;
  private readonly sinks = new Set<EventSink>();

  constructor(options: BackendOptions) {
    const { mode, userDataDir, platform = {}, ...serviceOptions } = options;
    const emit: Emit = (channel, payload) => {
      for (const sink of this.sinks) sink(channel, payload);
    };
    this.services = createServices({ mode, userDataDir, platform, emit }, serviceOptions);
    this.handlers = {
      ...appHandlers(this.services),
      ...filesHandlers(this.services),
      ...nodesHandlers(this.services),
      ...logsHandlers(this.services),
      ...applyHandlers(this.services),
      ...labHandlers(this.services),
    };
  }

  /** A browser tab's connection holds its explorer session (see SessionHolds); returns the release. */
  holdLogSession(sessionId: string): () => void {
    return this.services.logs.holdSession(sessionId);
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
    ) => Promise<RequestOutput<RequestChannel>>;
    try {
      return { ok: true, value: await handler(validation.value) };
    } catch (error) {
      return { ok: false, error: toAppError(error) };
    }
  }
}
