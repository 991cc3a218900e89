// One-shot requests between sections (e.g. the welcome screen asking the builder to open its preset gallery).
// A request made before the target section has mounted waits until it subscribes.
type Intent = 'open-preset-gallery';

const pending = new Set<Intent>();
const listeners = new Map<Intent, Set<() => void>>();

export function requestIntent(intent: Intent): void {
  const subscribed = listeners.get(intent);
  if (subscribed && subscribed.size > 0) for (const listener of subscribed) listener();
  else pending.add(intent);
}

export function subscribeIntent(intent: Intent, listener: () => void): () => void {
  const set = listeners.get(intent) ?? new Set();
  set.add(listener);
  listeners.set(intent, set);
  if (pending.delete(intent)) listener();
  return () => set.delete(listener);
}
