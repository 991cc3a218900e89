// The renderer's single way to reach the backend: Electron IPC when the preload exposed it, HTTP + WebSocket in
// browser mode. Both carry the same typed contract.
import type {
  AppApi,
  EventChannel,
  EventPayload,
  RequestChannel,
  RequestInput,
  RequestOutput,
} from '../../../shared/ipc/contract.ts';
import type { Result } from '../../../shared/ipc/define.ts';
import type { AppError } from '../../../shared/errors.ts';
import { sessionIdForThisTab } from './tab-session.ts';

export class BackendError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type PreloadBridge = Record<string, (input: unknown) => Promise<Result<unknown>>> & {
  on(channel: string, listener: (payload: unknown) => void): () => void;
};

declare global {
  interface Window {
    auditscope?: PreloadBridge;
  }
}

function unwrap<T>(result: Result<unknown>): T {
  if (result.ok) return result.value as T;
  throw new BackendError(result.error.code, result.error.message);
}

function ipcApi(bridge: PreloadBridge): AppApi {
  return {
    async call(channel, input) {
      const fn = bridge[channel];
      if (!fn) throw new BackendError('unknown-channel', `the desktop shell does not offer "${channel}"`);
      return unwrap(await fn(input));
    },
    on: (channel, listener) => bridge.on(channel, listener as (payload: unknown) => void),
  };
}

function httpApi(): AppApi {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let socket: WebSocket;
  let opened: Promise<void>;
  // Events are pushed over one WebSocket, opened at start-up. Calls wait (briefly) for it to be open, so an event
  // the backend sends right after answering a call is never lost to a socket that was not connected yet.
  const connect = () => {
    const url = new URL('/ws', location.href);
    url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
    // The tab's explorer session is kept while this socket (or its reconnection) is open.
    url.searchParams.set('tab', sessionIdForThisTab());
    socket = new WebSocket(url);
    opened = new Promise<void>((resolve) => {
      socket.addEventListener('open', () => resolve(), { once: true });
      socket.addEventListener('close', () => resolve(), { once: true });
    });
    socket.onmessage = (message) => {
      const { channel, payload } = JSON.parse(String(message.data)) as { channel: string; payload: unknown };
      for (const listener of listeners.get(channel) ?? []) listener(payload);
    };
    // Reconnect after a dropped connection so live views keep receiving events.
    socket.onclose = () => setTimeout(connect, 1000);
  };
  connect();
  const socketReady = () =>
    socket.readyState === WebSocket.OPEN
      ? Promise.resolve()
      : Promise.race([opened, new Promise<void>((resolve) => setTimeout(resolve, 3000))]);

  return {
    async call<K extends RequestChannel>(channel: K, input: RequestInput<K>): Promise<RequestOutput<K>> {
      await socketReady();
      const response = await fetch(`/api/${channel}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        credentials: 'same-origin',
        body: JSON.stringify(input),
      });
      let body: Result<unknown>;
      try {
        body = (await response.json()) as Result<unknown>;
      } catch {
        throw new BackendError('http', `backend answered ${response.status} ${response.statusText}`);
      }
      return unwrap(body);
    },
    on<K extends EventChannel>(channel: K, listener: (payload: EventPayload<K>) => void) {
      const set = listeners.get(channel) ?? new Set();
      set.add(listener as (payload: unknown) => void);
      listeners.set(channel, set);
      return () => set.delete(listener as (payload: unknown) => void);
    },
  };
}

export const api: AppApi = window.auditscope ? ipcApi(window.auditscope) : httpApi();

export function errorMessage(error: unknown): string {
  if (error instanceof BackendError || error instanceof Error) return error.message;
  return (error as AppError | undefined)?.message ?? String(error);
}
