// Query history and saved queries: one small JSON file in the user-data folder, written atomically.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { QueryLibrary } from '../../../shared/ipc/contract/logs.ts';
import { writeFileAtomic } from '../settings/settings-store.ts';

const HISTORY_LIMIT = 50;
const SAVED_LIMIT = 200;

const librarySchema = z.object({
  history: z.array(z.string().max(8192)).max(HISTORY_LIMIT),
  saved: z.array(z.object({ name: z.string().max(100), query: z.string().max(8192) })).max(SAVED_LIMIT),
});

export class QueryLibraryStore {
  private cached: QueryLibrary | undefined;
  private writing: Promise<unknown> = Promise.resolve();

  constructor(private readonly userDataDir: string) {}

  get path(): string {
    return join(this.userDataDir, 'log-queries.json');
  }

  async get(): Promise<QueryLibrary> {
    if (this.cached) return this.cached;
    try {
      const parsed = librarySchema.safeParse(JSON.parse(await readFile(this.path, 'utf8')));
      // A damaged file starts a fresh library instead of blocking the explorer.
      this.cached = parsed.success ? parsed.data : { history: [], saved: [] };
    } catch {
      this.cached = { history: [], saved: [] };
    }
    return this.cached;
  }

  /** Most recent first, without duplicates. */
  recordHistory(query: string): Promise<QueryLibrary> {
    return this.change((library) => ({
      ...library,
      history: [query, ...library.history.filter((item) => item !== query)].slice(0, HISTORY_LIMIT),
    }));
  }

  /** Saves under a name, replacing a query saved under the same name. */
  save(name: string, query: string): Promise<QueryLibrary> {
    return this.change((library) => {
      const saved = library.saved.filter((item) => item.name !== name);
      if (saved.length >= SAVED_LIMIT) throw new Error(`at most ${SAVED_LIMIT} saved queries; delete some first`);
      return { ...library, saved: [...saved, { name, query }].sort((a, b) => a.name.localeCompare(b.name)) };
    });
  }

  remove(name: string): Promise<QueryLibrary> {
    return this.change((library) => ({ ...library, saved: library.saved.filter((item) => item.name !== name) }));
  }

  private change(edit: (library: QueryLibrary) => QueryLibrary): Promise<QueryLibrary> {
    const next = this.writing.then(async () => {
      const updated = edit(await this.get());
      await writeFileAtomic(this.path, JSON.stringify(updated, null, 2) + '\n');
      this.cached = updated;
      return updated;
    });
    this.writing = next.catch(() => undefined);
    return next;
  }
}
