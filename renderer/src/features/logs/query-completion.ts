// What the user is typing at the caret: a field name or a value of a field, and how to insert a chosen completion.
import { lookupField } from '../../../../shared/logs/fields.ts';
import { quoteQueryValue } from '../../../../shared/logs/investigations.ts';

export type CompletionContext =
  | { kind: 'field'; prefix: string; start: number; end: number }
  | { kind: 'value'; field: string; prefix: string; start: number; end: number }
  | { kind: 'none' };

const BOUNDARY = /[\s()]/;

export function completionContext(text: string, caret: number): CompletionContext {
  let start = caret;
  let inQuote = false;
  // Walk back to the start of the term, treating a quoted value as one piece.
  while (start > 0) {
    const c = text[start - 1];
    if (c === '"') inQuote = !inQuote;
    if (!inQuote && BOUNDARY.test(c)) {
      // `field:(a OR b` — inside a value list the field is before the "(".
      if (c === '(' && start >= 2 && text[start - 2] === ':') {
        const fieldEnd = start - 2;
        let fieldStart = fieldEnd;
        while (fieldStart > 0 && !BOUNDARY.test(text[fieldStart - 1])) fieldStart--;
        const field = text.slice(fieldStart, fieldEnd).replace(/^-/, '');
        return { kind: 'value', field, prefix: text.slice(start, caret).replace(/^"/, ''), start, end: caret };
      }
      break;
    }
    start--;
  }
  let end = caret;
  while (end < text.length && !BOUNDARY.test(text[end])) end++;
  const term = text.slice(start, caret);
  const colon = term.indexOf(':');
  if (colon >= 0) {
    const field = term.slice(0, colon).replace(/^-/, '');
    if (!lookupField(field)) return { kind: 'none' };
    const valueStart = start + colon + 1;
    return { kind: 'value', field, prefix: term.slice(colon + 1).replace(/^"/, ''), start: valueStart, end };
  }
  if (/^-?[A-Za-z_]*$/.test(term) && !/^(AND|OR|NOT)$/.test(term)) {
    const negated = term.startsWith('-') ? 1 : 0;
    return { kind: 'field', prefix: term.slice(negated), start: start + negated, end };
  }
  return { kind: 'none' };
}

/** The new text and caret after accepting a completion. */
export function applyCompletion(
  text: string,
  context: Exclude<CompletionContext, { kind: 'none' }>,
  choice: string,
): { text: string; caret: number } {
  const insert = context.kind === 'field' ? `${choice}:` : quoteQueryValue(choice);
  const after = text.slice(context.end);
  const spacer = context.kind === 'value' && !after.startsWith(' ') && !after.startsWith(')') ? ' ' : '';
  const next = text.slice(0, context.start) + insert + spacer + after;
  return { text: next, caret: context.start + insert.length + spacer.length };
}

/** Appends `field:value` (or its negation) to a query, unless it is already there. */
export function addFilter(query: string, field: string, value: string | number, exclude = false): string {
  const term = `${exclude ? '-' : ''}${field}:${typeof value === 'number' ? value : quoteQueryValue(value)}`;
  const trimmed = query.trim();
  if (trimmed.split(/\s+/).includes(term)) return trimmed;
  // Replace the opposite filter instead of adding a contradiction.
  const opposite = exclude ? term.slice(1) : `-${term}`;
  const kept = trimmed
    .split(/\s+/)
    .filter((part) => part !== opposite && part !== '')
    .join(' ');
  const needsGroup = /\bOR\b/.test(kept);
  return kept === '' ? term : `${needsGroup ? `(${kept})` : kept} ${term}`;
}
