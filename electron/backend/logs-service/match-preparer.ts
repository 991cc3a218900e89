// Match computations in flight per index. The explorer asks for a page of rows, the counts and the sidebar of the
// same query at once (they share one computation), and a new query that reads raw events (text, JSON paths: a scan
// of the whole log) abandons the older raw scans instead of queueing behind them: that is a query being typed.
// Column-only queries (object history, a filter click) finish at once and never abandon anything.
import { readsRawEvents } from '../../../shared/logs/query-columns.ts';
import { parseQuery } from '../../../shared/logs/query-parser.ts';
import type { LogIndex, QueryOptions } from '../logs/log-index.ts';

interface InFlight {
  controller: AbortController;
  done: Promise<void>;
  raw: boolean;
}

export class MatchPreparer {
  private readonly inFlight = new WeakMap<LogIndex, Map<string, InFlight>>();

  async prepare(index: LogIndex, query: string, options: QueryOptions): Promise<void> {
    let flights = this.inFlight.get(index);
    if (!flights) this.inFlight.set(index, (flights = new Map()));
    const key = JSON.stringify([query, options.since ?? null, options.until ?? null]);
    const existing = flights.get(key);
    if (existing) {
      await existing.done;
      // Cheap when nothing changed meanwhile; otherwise matches the rows that arrived since.
      return index.prepareMatches(query, options);
    }
    const parsed = parseQuery(query);
    const raw = parsed.ok && readsRawEvents(parsed.ast);
    if (raw) for (const flight of flights.values()) if (flight.raw) flight.controller.abort();
    const controller = new AbortController();
    const done = index.prepareMatches(query, options, controller.signal).finally(() => {
      if (flights.get(key)?.done === done) flights.delete(key);
    });
    flights.set(key, { controller, done, raw });
    return done;
  }
}
