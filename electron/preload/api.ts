// Builds the object the preload exposes: one function per contract call (never a generic invoke(channel)),
// plus a listener registration restricted to the contract's event channels.
import {
  EVENT_CHANNEL_NAMES,
  EVENT_IPC_CHANNEL,
  IPC_PREFIX,
  REQUEST_CHANNEL_NAMES,
} from '../../shared/ipc/channels.ts';

/** The subset of Electron's ipcRenderer the preload uses (typed here so this file never imports electron). */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export type PreloadApi = Record<string, (...args: never[]) => unknown>;

export function buildPreloadApi(ipc: IpcRendererLike): PreloadApi {
  const api: PreloadApi = {};
  for (const channel of REQUEST_CHANNEL_NAMES) {
    api[channel] = (input: unknown) => ipc.invoke(IPC_PREFIX + channel, input);
  }
  const allowedEvents = new Set<string>(EVENT_CHANNEL_NAMES);
  api.on = (channel: string, listener: (payload: unknown) => void) => {
    if (!allowedEvents.has(channel)) throw new Error(`unknown event "${channel}"`);
    // The Electron event object is dropped: the renderer only ever sees the payload.
    const wrapped = (_event: unknown, name: unknown, payload: unknown) => {
      if (name === channel) listener(payload);
    };
    ipc.on(EVENT_IPC_CHANNEL, wrapped);
    return () => {
      ipc.removeListener(EVENT_IPC_CHANNEL, wrapped);
    };
  };
  return api;
}
