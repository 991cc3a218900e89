// The policy currently in the builder, readable by other sections (the log explorer's "why was this logged?").
import { useSyncExternalStore } from 'react';

let current = '';
const listeners = new Set<() => void>();

export function publishPolicyDraft(text: string): void {
  if (text === current) return;
  current = text;
  for (const listener of listeners) listener();
}

export function usePolicyDraft(): string {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => current,
  );
}
