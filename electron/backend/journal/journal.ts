// The local record of every apply, revert and disable: one JSON object per line in <userData>/apply-journal.jsonl,
// with who, when, which nodes, the exact file changes (before and after, for revert) and the result.
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import type { FileChange, NodeResult, RunAction, RunOutcome } from '../../../shared/apply/types.ts';

export interface JournalNode {
  nodeId: string;
  label: string;
  host: string;
  changes: FileChange[];
  result: NodeResult;
}

export interface JournalEntry {
  id: string;
  at: string;
  user: string;
  action: RunAction;
  /** For a revert: the entry it reverted. */
  revertOf: string | null;
  policySha256: string | null;
  outcome: RunOutcome;
  nodes: JournalNode[];
}

export const JOURNAL_FILE = 'apply-journal.jsonl';

export class ApplyJournal {
  private readonly path: string;

  constructor(userDataDir: string) {
    this.path = join(userDataDir, JOURNAL_FILE);
  }

  async append(entry: Omit<JournalEntry, 'user'> & { user?: string }): Promise<JournalEntry> {
    const full: JournalEntry = { ...entry, user: entry.user ?? currentUser() };
    await mkdir(join(this.path, '..'), { recursive: true });
    await appendFile(this.path, JSON.stringify(full) + '\n', { mode: 0o600 });
    return full;
  }

  /** Newest first. A damaged line (e.g. a crash mid-append) is skipped with its line number reported. */
  async list(): Promise<{ entries: JournalEntry[]; damagedLines: number[] }> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], damagedLines: [] };
      throw error;
    }
    const entries: JournalEntry[] = [];
    const damagedLines: number[] = [];
    text.split('\n').forEach((line, index) => {
      if (line.trim() === '') return;
      try {
        const entry = JSON.parse(line) as JournalEntry;
        if (typeof entry.id !== 'string' || !Array.isArray(entry.nodes)) throw new Error('not an entry');
        entries.push(entry);
      } catch {
        damagedLines.push(index + 1);
      }
    });
    return { entries: entries.reverse(), damagedLines };
  }

  async get(id: string): Promise<JournalEntry | undefined> {
    return (await this.list()).entries.find((entry) => entry.id === id);
  }
}

function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown';
  }
}

/** The changes to hand to a revert plan: per node, only what that node actually got (applied or unchanged). */
export function revertChanges(entry: JournalEntry): Record<string, FileChange[]> {
  const out: Record<string, FileChange[]> = {};
  for (const node of entry.nodes) {
    if (node.result.outcome === 'applied') out[node.nodeId] = node.changes;
  }
  return out;
}
