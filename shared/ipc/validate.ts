// Runtime validation of a request payload, shared by the Electron IPC handlers and the browser-mode server.
import { REQUESTS, isRequestChannel, type ParsedInput, type RequestChannel } from './contract.ts';
import type { AppError } from '../errors.ts';

export type Validation<K extends RequestChannel> = { ok: true; value: ParsedInput<K> } | { ok: false; error: AppError };

export function validateRequest(channel: string, payload: unknown): Validation<RequestChannel> {
  if (!isRequestChannel(channel))
    return { ok: false, error: { code: 'unknown-channel', message: `unknown call "${channel}"` } };
  const parsed = REQUESTS[channel].input.safeParse(payload);
  if (parsed.success) return { ok: true, value: parsed.data as ParsedInput<RequestChannel> };
  const message = parsed.error.issues
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(payload)'}: ${issue.message}`)
    .join('; ');
  return { ok: false, error: { code: 'invalid-payload', message: `invalid payload for "${channel}": ${message}` } };
}
