// What parts of an event a query reads. Projection pushdown for one-shot queries: the string and multi columns a
// query (and its output) reads, so that ingest fills only those and skips the rest of each event without hashing or
// interning it. And whether it reads raw events at all (text terms, JSON paths), which makes it slow.

import { MULTI_COLUMNS, STRING_COLUMNS, type ColumnSelection } from './event-schema.ts';
import { lookupField } from './fields.ts';
import type { QueryNode } from './query-ast.ts';

const STRING_INDEX = new Map<string, number>(STRING_COLUMNS.map((name, index) => [name, index]));
const MULTI_INDEX = new Map<string, number>(MULTI_COLUMNS.map((name, index) => [name, index]));

/**
 * The columns `ast` reads, plus those of `alsoFields` (names or aliases of indexed fields); times only when a field
 * is a time or a duration. Codes and source tags are always indexed; JSON paths and text terms read the raw event,
 * so they need no column.
 */
export function columnsForQuery(ast: QueryNode, alsoFields: readonly string[] = []): ColumnSelection {
  const strings = new Set<number>();
  const multis = new Set<number>();
  let times = false;
  const add = (name: string): void => {
    const field = lookupField(name);
    if (field?.kind === 'time' || field?.kind === 'duration') times = true;
    const canonical = field?.name ?? name;
    const s = STRING_INDEX.get(canonical);
    if (s !== undefined) strings.add(s);
    const m = MULTI_INDEX.get(canonical);
    if (m !== undefined) multis.add(m);
  };
  const visit = (node: QueryNode): void => {
    switch (node.type) {
      case 'and':
      case 'or':
        node.children.forEach(visit);
        return;
      case 'not':
        visit(node.child);
        return;
      case 'match':
      case 'present':
      case 'compare':
        if (node.field.kind === 'indexed') add(node.field.name);
        return;
      case 'all':
      case 'text':
        return;
    }
  };
  visit(ast);
  alsoFields.forEach(add);
  return { strings: [...strings].sort((a, b) => a - b), multis: [...multis].sort((a, b) => a - b), times };
}

/** Whether the query has terms the columns cannot decide: text anywhere in the event, or a JSON path. */
export function readsRawEvents(ast: QueryNode): boolean {
  switch (ast.type) {
    case 'and':
    case 'or':
      return ast.children.some(readsRawEvents);
    case 'not':
      return readsRawEvents(ast.child);
    case 'match':
    case 'present':
    case 'compare':
      return ast.field.kind === 'path';
    case 'text':
      return true;
    case 'all':
      return false;
  }
}
