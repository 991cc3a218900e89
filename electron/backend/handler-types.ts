// Types shared by the backend handler modules.
import type { PlatformServices } from './platform.ts';
import type {
  EventChannel,
  EventPayload,
  ParsedInput,
  RequestChannel,
  RequestOutput,
} from '../../shared/ipc/contract.ts';

/** What a handler may use besides its input: pushing events and the environment it runs in. */
export interface BackendContext {
  emit<K extends EventChannel>(channel: K, payload: EventPayload<K>): void;
  mode: 'electron' | 'browser';
  userDataDir: string;
  platform: PlatformServices;
}

export type Handler<K extends RequestChannel> = (
  input: ParsedInput<K>,
  context: BackendContext,
) => Promise<RequestOutput<K>>;

export type HandlerMap<K extends RequestChannel = RequestChannel> = { [C in K]: Handler<C> };
