// The text being edited, split into what must survive byte-for-byte (BOM, line-ending style, final newline) and
// line arithmetic over the body. All offsets are into `body` (the text without its BOM).

import type { LineCounter } from 'yaml';
import { countLines } from '../text-lines.ts';

const BOM = '\uFEFF';

export class SourceText {
  readonly bom: boolean;
  readonly body: string;
  /** The line ending used for lines we write: the first one found, else "\n". */
  readonly eol: string;
  private readonly lines: LineCounter;

  constructor(text: string) {
    this.bom = text.startsWith(BOM);
    this.body = this.bom ? text.slice(1) : text;
    const firstBreak = this.body.indexOf('\n');
    this.eol = firstBreak > 0 && this.body[firstBreak - 1] === '\r' ? '\r\n' : '\n';
    this.lines = countLines(this.body);
  }

  /** Puts the BOM back in front of an edited body. */
  withBom(body: string): string {
    return this.bom ? BOM + body : body;
  }

  /** 0-based line index of an offset. */
  lineIndexAt(offset: number): number {
    return this.lines.linePos(offset).line - 1;
  }

  /** 1-based line and column, for messages. */
  position(offset: number): { line: number; column: number } {
    const { line, col } = this.lines.linePos(offset);
    return { line, column: col };
  }

  lineStart(offset: number): number {
    return this.lines.lineStarts[this.lineIndexAt(offset)]!;
  }

  /** Offset of the line break ending the line of `offset` (or the body length on a last line without one). */
  lineContentEnd(offset: number): number {
    const index = this.lineIndexAt(offset);
    const next = this.lines.lineStarts[index + 1];
    if (next === undefined) return this.body.length;
    return this.body[next - 2] === '\r' ? next - 2 : next - 1;
  }

  /** Offset just after the line break ending the line of `offset`, or undefined on a last line without one. */
  nextLineStart(offset: number): number | undefined {
    return this.lines.lineStarts[this.lineIndexAt(offset) + 1];
  }

  /** Text of the line holding `offset`, without its line break. */
  lineText(offset: number): string {
    return this.body.slice(this.lineStart(offset), this.lineContentEnd(offset));
  }

  /** Number of leading spaces on the line holding `offset`. */
  indentAt(offset: number): number {
    const line = this.lineText(offset);
    return line.length - line.trimStart().length;
  }
}
