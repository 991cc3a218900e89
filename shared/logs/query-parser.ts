// Parser for the log query language:
//   field:value  field:"a b"  field:(a OR b)  field:*  field>=N  bare words  "phrases"  AND OR NOT - ( )
// The first ':' after a field name separates field and value, so values may contain colons.

import { EVENT_TOP_LEVEL_KEYS, lookupField, suggestField } from './fields.ts';
import { QuerySyntaxError, type ComparisonOp, type FieldRef, type QueryNode, type ValuePattern } from './query-ast.ts';
import { parseDuration, parseUserTime } from './timestamps.ts';

export interface ParsedQuery {
  ok: true;
  ast: QueryNode;
}
export interface QueryError {
  ok: false;
  message: string;
  /** 0-based offsets into the query text. */
  position: number;
  end: number;
}

/** Parses a query; never throws. An empty query matches everything. */
export function parseQuery(text: string): ParsedQuery | QueryError {
  try {
    return { ok: true, ast: new Parser(text).parse() };
  } catch (error) {
    if (error instanceof QuerySyntaxError) {
      return { ok: false, message: error.message, position: error.position, end: error.end };
    }
    throw error;
  }
}

/** Like parseQuery but throws QuerySyntaxError. */
export function parseQueryOrThrow(text: string): QueryNode {
  return new Parser(text).parse();
}

const FIELD_SEGMENT = /[A-Za-z_][A-Za-z0-9_-]*|"(?:[^"\\]|\\.)*"/y;
const OPERATOR = /(>=|<=|>|<|:)/y;

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

class Parser {
  private pos = 0;
  constructor(private readonly text: string) {}

  parse(): QueryNode {
    this.skipSpace();
    if (this.pos >= this.text.length) return { type: 'all' };
    const node = this.parseOr();
    this.skipSpace();
    if (this.pos < this.text.length) {
      if (this.text[this.pos] === ')') throw new QuerySyntaxError('unmatched ")"', this.pos);
      throw new QuerySyntaxError('unexpected text', this.pos);
    }
    return node;
  }

  private skipSpace(): void {
    while (isSpace(this.text[this.pos])) this.pos++;
  }

  /** True when the keyword is at pos as a whole word. */
  private atKeyword(word: string): boolean {
    if (!this.text.startsWith(word, this.pos)) return false;
    const after = this.text[this.pos + word.length];
    return after === undefined || isSpace(after) || after === '(' || after === ')';
  }

  private parseOr(): QueryNode {
    const start = this.pos;
    const children = [this.parseAnd()];
    for (;;) {
      this.skipSpace();
      if (!this.atKeyword('OR')) break;
      const orAt = this.pos;
      this.pos += 2;
      this.skipSpace();
      if (this.pos >= this.text.length || this.text[this.pos] === ')') {
        throw new QuerySyntaxError('OR needs a term after it', orAt, orAt + 2);
      }
      children.push(this.parseAnd());
    }
    return children.length === 1 ? children[0] : { type: 'or', children, start, end: this.pos };
  }

  private parseAnd(): QueryNode {
    const start = this.pos;
    const children: QueryNode[] = [];
    for (;;) {
      this.skipSpace();
      if (this.pos >= this.text.length || this.text[this.pos] === ')' || this.atKeyword('OR')) break;
      if (this.atKeyword('AND')) {
        const andAt = this.pos;
        if (children.length === 0) throw new QuerySyntaxError('AND needs a term before it', andAt, andAt + 3);
        this.pos += 3;
        this.skipSpace();
        if (this.pos >= this.text.length || this.text[this.pos] === ')' || this.atKeyword('OR')) {
          throw new QuerySyntaxError('AND needs a term after it', andAt, andAt + 3);
        }
        continue;
      }
      children.push(this.parseUnary());
    }
    if (children.length === 0) {
      if (this.text[this.pos] === ')') throw new QuerySyntaxError('empty parentheses or missing term', this.pos);
      if (this.atKeyword('OR')) throw new QuerySyntaxError('OR needs a term before it', this.pos, this.pos + 2);
      throw new QuerySyntaxError('missing term', this.pos);
    }
    return children.length === 1 ? children[0] : { type: 'and', children, start, end: this.pos };
  }

  private parseUnary(): QueryNode {
    const start = this.pos;
    if (this.atKeyword('NOT')) {
      this.pos += 3;
      this.skipSpace();
      if (this.pos >= this.text.length || this.text[this.pos] === ')') {
        throw new QuerySyntaxError('NOT needs a term after it', start, start + 3);
      }
      const child = this.parseUnary();
      return { type: 'not', child, start, end: this.pos };
    }
    if (this.text[this.pos] === '-' && this.pos + 1 < this.text.length && !isSpace(this.text[this.pos + 1])) {
      this.pos++;
      const child = this.parseUnary();
      return { type: 'not', child, start, end: this.pos };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): QueryNode {
    const start = this.pos;
    const c = this.text[this.pos];
    if (c === '(') {
      this.pos++;
      this.skipSpace();
      if (this.text[this.pos] === ')') throw new QuerySyntaxError('empty parentheses', start, this.pos + 1);
      const inner = this.parseOr();
      this.skipSpace();
      if (this.text[this.pos] !== ')') throw new QuerySyntaxError('missing ")" to close this "("', start);
      this.pos++;
      return inner;
    }
    if (c === '"') {
      const phrase = this.readQuoted();
      if (phrase.length === 0) throw new QuerySyntaxError('empty phrase', start, this.pos);
      return { type: 'text', text: phrase, start, end: this.pos };
    }
    const fieldTerm = this.tryFieldTerm();
    if (fieldTerm) return fieldTerm;
    let end = this.pos;
    while (end < this.text.length && !isSpace(this.text[end]) && this.text[end] !== '(' && this.text[end] !== ')')
      end++;
    if (end === this.pos) throw new QuerySyntaxError(`unexpected "${c}"`, this.pos);
    const word = this.text.slice(this.pos, end);
    this.pos = end;
    return { type: 'text', text: word, start, end };
  }

  /** Reads a "quoted" string at pos with \" and \\ escapes; returns its content. */
  private readQuoted(): string {
    const start = this.pos;
    let value = '';
    let p = this.pos + 1;
    for (;;) {
      if (p >= this.text.length) throw new QuerySyntaxError('missing closing quote', start, this.text.length);
      const ch = this.text[p];
      if (ch === '\\' && p + 1 < this.text.length) {
        const next = this.text[p + 1];
        // keep \* so that a quoted value can still hold a literal star
        value += next === '*' ? '\\*' : next;
        p += 2;
        continue;
      }
      if (ch === '"') break;
      value += ch;
      p++;
    }
    this.pos = p + 1;
    return value;
  }

  private tryFieldTerm(): QueryNode | undefined {
    const start = this.pos;
    const segments: string[] = [];
    let p = this.pos;
    for (;;) {
      FIELD_SEGMENT.lastIndex = p;
      const match = FIELD_SEGMENT.exec(this.text);
      if (!match) return undefined;
      const raw = match[0];
      segments.push(raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw);
      p += raw.length;
      if (this.text[p] === '.') {
        p++;
        continue;
      }
      break;
    }
    OPERATOR.lastIndex = p;
    const opMatch = OPERATOR.exec(this.text);
    if (!opMatch) return undefined;
    const fieldText = this.text.slice(start, p);
    const field = this.resolveField(segments, fieldText, start, p);
    const op = opMatch[1];
    this.pos = p + op.length;
    if (op === ':') return this.parseFieldValue(field, start);
    return this.parseComparison(field, op as ComparisonOp, start);
  }

  private resolveField(segments: string[], text: string, start: number, end: number): FieldRef {
    if (segments.length === 1 && !text.startsWith('"')) {
      const info = lookupField(segments[0]);
      if (info) return { kind: 'indexed', name: info.name };
      if (EVENT_TOP_LEVEL_KEYS.includes(segments[0])) return { kind: 'path', segments, text };
      const suggestion = suggestField(segments[0]);
      throw new QuerySyntaxError(
        `unknown field "${segments[0]}"` +
          (suggestion ? ` (did you mean "${suggestion}"?)` : '') +
          '; use a dotted JSON path such as objectRef.name for other event fields, or quote the text to search for it',
        start,
        end,
      );
    }
    return { kind: 'path', segments, text };
  }

  private parseFieldValue(field: FieldRef, start: number): QueryNode {
    const c = this.text[this.pos];
    if (c === undefined || isSpace(c) || c === ')') {
      throw new QuerySyntaxError('missing value after ":" (use field:* to test presence)', this.pos - 1, this.pos);
    }
    if (
      c === '*' &&
      (this.pos + 1 >= this.text.length || isSpace(this.text[this.pos + 1]) || this.text[this.pos + 1] === ')')
    ) {
      this.pos++;
      return { type: 'present', field, start, end: this.pos };
    }
    if (c === '(') {
      const open = this.pos;
      this.pos++;
      const values: ValuePattern[] = [];
      for (;;) {
        this.skipSpace();
        if (this.pos >= this.text.length) throw new QuerySyntaxError('missing ")" to close this "("', open);
        if (this.text[this.pos] === ')') {
          if (values.length === 0) throw new QuerySyntaxError('empty value list', open, this.pos + 1);
          this.pos++;
          break;
        }
        if (values.length > 0) {
          if (!this.atKeyword('OR')) {
            throw new QuerySyntaxError('expected OR or ")" between values in a list', this.pos);
          }
          this.pos += 2;
          this.skipSpace();
          if (this.text[this.pos] === ')' || this.pos >= this.text.length) {
            throw new QuerySyntaxError('OR needs a value after it', this.pos - 2, this.pos);
          }
        }
        values.push(this.readValue());
      }
      return { type: 'match', field, values, start, end: this.pos };
    }
    const value = this.readValue();
    return { type: 'match', field, values: [value], start, end: this.pos };
  }

  private readValue(): ValuePattern {
    const start = this.pos;
    if (this.text[this.pos] === '"') {
      const text = this.readQuoted();
      return { text, start, end: this.pos };
    }
    let end = this.pos;
    while (end < this.text.length && !isSpace(this.text[end]) && this.text[end] !== ')') end++;
    if (end === start) throw new QuerySyntaxError('missing value', start);
    this.pos = end;
    return { text: this.text.slice(start, end), start, end };
  }

  private parseComparison(field: FieldRef, op: ComparisonOp, start: number): QueryNode {
    const opStart = this.pos - op.length;
    if (this.pos >= this.text.length || isSpace(this.text[this.pos])) {
      throw new QuerySyntaxError(`missing value after "${op}"`, opStart, this.pos);
    }
    const value = this.readValue();
    let parsed = NaN;
    if (field.kind === 'indexed') {
      const info = lookupField(field.name)!;
      if (info.kind === 'number') {
        parsed = /^-?\d+(\.\d+)?$/.test(value.text) ? Number(value.text) : NaN;
        if (Number.isNaN(parsed)) throw new QuerySyntaxError(`"${value.text}" is not a number`, value.start, value.end);
      } else if (info.kind === 'duration') {
        parsed = parseDuration(value.text);
        if (Number.isNaN(parsed)) {
          throw new QuerySyntaxError(
            `"${value.text}" is not a duration (examples: 500ms, 1.5s, 2m, 250us)`,
            value.start,
            value.end,
          );
        }
      } else if (info.kind === 'time') {
        parsed = parseUserTime(value.text);
        if (Number.isNaN(parsed)) {
          throw new QuerySyntaxError(
            `"${value.text}" is not a time (examples: 2026-01-02, 2026-01-02T15:04:05Z)`,
            value.start,
            value.end,
          );
        }
      } else {
        throw new QuerySyntaxError(
          `"${field.name}" is text: comparisons (${op}) need a number, duration or time field such as code, latency or time`,
          start,
          opStart + op.length,
        );
      }
    }
    return { type: 'compare', field, op, text: value.text, value: parsed, start, end: this.pos };
  }
}
