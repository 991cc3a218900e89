// THE contract between renderer and backend: every request/response call and every pushed event.
// The preload, the Electron main process, the browser-mode server and the renderer client are all typed
// against this file, and the backend validates every input with the schemas here.
import type { z } from 'zod';
import type { EventSpec, RequestSpec } from './define.ts';
import { appEvents, appRequests } from './contract/app.ts';
import { filesRequests } from './contract/files.ts';
import { logsEvents, logsRequests } from './contract/logs.ts';
import { applyEvents, applyRequests } from './contract/apply.ts';
import { nodesEvents, nodesRequests } from './contract/nodes.ts';
import { labEvents, labRequests } from './contract/lab.ts';

export const REQUESTS = {
  ...appRequests,
  ...filesRequests,
  ...nodesRequests,
  ...logsRequests,
  ...applyRequests,
  ...labRequests,
} satisfies Record<string, RequestSpec<z.ZodType, unknown>>;

export const EVENTS = {
  ...appEvents,
  ...nodesEvents,
  ...logsEvents,
  ...applyEvents,
  ...labEvents,
} satisfies Record<string, EventSpec<unknown>>;

export type RequestChannel = keyof typeof REQUESTS;
export type EventChannel = keyof typeof EVENTS;
export type RequestInput<K extends RequestChannel> = z.input<(typeof REQUESTS)[K]['input']>;
export type ParsedInput<K extends RequestChannel> = z.output<(typeof REQUESTS)[K]['input']>;
export type RequestOutput<K extends RequestChannel> =
  (typeof REQUESTS)[K] extends RequestSpec<z.ZodType, infer O> ? O : never;
export type EventPayload<K extends EventChannel> = (typeof EVENTS)[K] extends EventSpec<infer P> ? P : never;

export const REQUEST_CHANNELS = Object.keys(REQUESTS) as RequestChannel[];

export function isRequestChannel(name: string): name is RequestChannel {
  return Object.hasOwn(REQUESTS, name);
}

/** The typed API the renderer sees, whichever transport carries it. */
export interface AppApi {
  call<K extends RequestChannel>(channel: K, input: RequestInput<K>): Promise<RequestOutput<K>>;
  on<K extends EventChannel>(channel: K, listener: (payload: EventPayload<K>) => void): () => void;
}
