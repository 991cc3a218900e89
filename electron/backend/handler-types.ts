// Types shared by the backend handler modules: a handler maps one contract call's validated input to its output.
import type { ParsedInput, RequestChannel, RequestOutput } from '../../shared/ipc/contract.ts';

export type Handler<K extends RequestChannel> = (input: ParsedInput<K>) => Promise<RequestOutput<K>>;

export type HandlerMap<K extends RequestChannel = RequestChannel> = { [C in K]: Handler<C> };
