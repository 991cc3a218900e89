// One match computation in flight per index. The explorer asks for a page of rows, the counts and the sidebar of
// the same query at once (they share one computation), and a new query abandons the previous one's raw-text scan
// instead of queueing behind it.
import type { LogIndex, QueryOptions } from '../logs/log-index.ts';

interface InFlight {
  key: string;
  controller: AbortController;
  done: Promise<void>;
}

export class MatchPreparer {
  private readonly inFlight = new WeakMap<LogIndex, InFlight>();

  async prepare(index: LogIndex, query: string, options: QueryOptions): Promise<void> {
    const key = JSON.stringify([query, options.since ?? null, options.until ?? null]);
    const current = this.inFlight.get(index);
    if (current?.key === key) {
      await current.done;
      // Cheap when nothing changed meanwhile; otherwise matches the rows that arrived since.
      return index.prepareMatches(query, options);
    }
    current?.controller.abort();
    const controller = new AbortController();
    const done = index.prepareMatches(query, options, controller.signal).finally(() => {
      if (this.inFlight.get(index)?.done === done) this.inFlight.delete(index);
    });
    this.inFlight.set(index, { key, controller, done });
    return done;
  }
}
