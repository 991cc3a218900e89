// Building blocks of the typed renderer↔backend contract. The input of every call is a zod schema, so the
// backend validates each payload at runtime; outputs and events are typed only (the backend is trusted).
import type { z } from 'zod';
import type { AppError } from '../errors.ts';

export interface RequestSpec<I extends z.ZodType, O> {
  readonly input: I;
  /** Phantom field: carries the output type, never set at runtime. */
  readonly output?: O;
}

export interface EventSpec<P> {
  readonly payload?: P;
}

/** `request<Output>()(inputSchema)` — curried so the input type is inferred and the output stated. */
export function request<O>() {
  return <I extends z.ZodType>(input: I): RequestSpec<I, O> => ({ input });
}

export function event<P>(): EventSpec<P> {
  return {};
}

/** Errors cross the boundary as data (shared/errors.ts), never as lost exceptions. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };
