// Splicing edits into the original text. Edits are computed against the unedited body and applied in one pass,
// so every untouched byte stays where it was.
import type { SourceText } from './source-text.ts';

export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

export class OverlappingEditsError extends Error {}

/**
 * Joins deletions that touch or overlap into one. Removing the last items of a file without a final newline makes
 * each removal claim the line break before it; joined, the run again ends the file without a final newline.
 */
function mergeDeletions(body: string, edits: TextEdit[]): TextEdit[] {
  const deletions = edits.filter((edit) => edit.text === '' && edit.end > edit.start).sort((a, b) => a.start - b.start);
  const others = edits.filter((edit) => !(edit.text === '' && edit.end > edit.start));
  const merged: TextEdit[] = [];
  for (const deletion of deletions) {
    const last = merged[merged.length - 1];
    if (last && deletion.start <= last.end) last.end = Math.max(last.end, deletion.end);
    else merged.push({ ...deletion });
  }
  for (const deletion of merged) {
    const atLineStart = deletion.start > 0 && body[deletion.start - 1] === '\n';
    if (deletion.end === body.length && !body.endsWith('\n') && atLineStart) {
      deletion.start -= body[deletion.start - 2] === '\r' ? 2 : 1;
    }
  }
  return [...others, ...merged];
}

/** Applies non-overlapping edits; insertions at the same offset keep the order in which they were listed. */
export function applyEdits(body: string, edits: readonly TextEdit[]): string {
  const ordered = mergeDeletions(body, [...edits]).map((edit, index) => ({ edit, index }));
  ordered.sort((a, b) => a.edit.start - b.edit.start || a.edit.end - b.edit.end || a.index - b.index);
  let out = '';
  let cursor = 0;
  for (const { edit } of ordered) {
    if (edit.start < cursor) {
      throw new OverlappingEditsError(`internal error: overlapping edits at offset ${edit.start}`);
    }
    out += body.slice(cursor, edit.start) + edit.text;
    cursor = edit.end;
  }
  return out + body.slice(cursor);
}

/** Inserts whole lines after the line holding `offset`, coping with a last line that has no line break. */
export function insertLinesAfter(source: SourceText, offset: number, lines: readonly string[]): TextEdit {
  const next = source.nextLineStart(offset);
  if (next !== undefined) return { start: next, end: next, text: lines.map((line) => line + source.eol).join('') };
  const end = source.body.length;
  return { start: end, end, text: lines.map((line) => source.eol + line).join('') };
}

/** Inserts whole lines before the line holding `offset`. */
export function insertLinesBefore(source: SourceText, offset: number, lines: readonly string[]): TextEdit {
  const start = source.lineStart(offset);
  return { start, end: start, text: lines.map((line) => line + source.eol).join('') };
}

/**
 * Removes the whole lines from the one holding `from` to the one holding `to`, inclusive. When they are the last
 * lines and have no final line break, the break before them goes instead, so no final newline appears.
 */
export function removeLines(source: SourceText, from: number, to: number): TextEdit {
  const start = source.lineStart(from);
  const next = source.nextLineStart(to);
  if (next !== undefined) return { start, end: next, text: '' };
  const end = source.body.length;
  if (start === 0) return { start, end, text: '' };
  const previousBreak = source.body[start - 2] === '\r' ? start - 2 : start - 1;
  return { start: previousBreak, end, text: '' };
}
