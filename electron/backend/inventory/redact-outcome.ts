// A last line of defence: no text leaving the nodes backend may contain a secret held for the node, whatever
// produced it (server messages, remote stderr, file contents).
import { redact } from '../ssh/errors.ts';

export function redactDeep<T>(value: T, secrets: readonly string[]): T {
  const live = secrets.filter((secret) => secret.length > 0);
  if (live.length === 0) return value;
  const walk = (item: unknown): unknown => {
    if (typeof item === 'string') return redact(item, live);
    if (Array.isArray(item)) return item.map(walk);
    if (item && typeof item === 'object') {
      return Object.fromEntries(Object.entries(item).map(([key, inner]) => [key, walk(inner)]));
    }
    return item;
  };
  return walk(value) as T;
}
