// Compiles a query tree against the columns of an index. Column terms run as tight loops over typed arrays and
// produce a three-valued result per row (0 no, 1 unknown, 2 yes); terms that need the raw event (text search,
// JSON paths) give "unknown", and only those rows are then checked one by one against their raw event.

import { lookupField } from './fields.ts';
import { pathValueText, valuesAtPath } from './json-path.ts';
import type { ComparisonOp, FieldRef, QueryNode } from './query-ast.ts';
import { parseDuration, parseTimestamp, parseUserTime } from './timestamps.ts';
import { compileValuePattern, type ValueMatcher } from './wildcard.ts';

export const NO = 0;
export const UNKNOWN = 1;
export const YES = 2;

export interface StringColumnView {
  codes: ArrayLike<number>;
  /** Number of codes (code 0 = absent). */
  size: number;
  value(code: number): string;
  /** Code of an exact value, or -1 when the index has no such value. */
  find(value: string): number;
  /** Whether a code counts as present (default: every code but 0). */
  present?(code: number): boolean;
}

export interface MultiColumnView {
  codes: ArrayLike<number>;
  size: number;
  /** The values of a set code (code 0 = no values). */
  values(code: number): string[];
}

/** What the compiler needs from an index. */
export interface IndexView {
  rows: number;
  string(name: string): StringColumnView;
  multi(name: string): MultiColumnView;
  /** HTTP code + 1, 0 when absent. */
  code: ArrayLike<number>;
  time: ArrayLike<number>;
  received: ArrayLike<number>;
}

/** Access to one event's raw text and parsed JSON, for the rows that need it. */
export interface RawEventAccess {
  /** Case-insensitive: does the event's text as written contain `needle` (already lower-cased)? */
  containsText(row: number, needleLower: string): boolean;
  /** The parsed event, or undefined when it cannot be parsed. */
  json(row: number): unknown;
}

export interface CompiledQuery {
  /** True when some rows may need their raw event. */
  needsRaw: boolean;
  /** Writes NO/UNKNOWN/YES for rows [from, to) into out[0 .. to-from). */
  evaluate(out: Uint8Array, from: number, to: number): void;
  /** Full evaluation of one row (used for UNKNOWN rows). */
  matchRow(row: number, raw: RawEventAccess): boolean;
}

interface Compiled {
  raw: boolean;
  evaluate(out: Uint8Array, from: number, to: number): void;
  row(row: number, raw: RawEventAccess): boolean;
}

export function compileQuery(ast: QueryNode, view: IndexView): CompiledQuery {
  const compiled = compileNode(ast, view);
  return { needsRaw: compiled.raw, evaluate: compiled.evaluate, matchRow: compiled.row };
}

function compileNode(node: QueryNode, view: IndexView): Compiled {
  switch (node.type) {
    case 'all':
      return { raw: false, evaluate: (out, from, to) => out.fill(YES, 0, to - from), row: () => true };
    case 'and':
    case 'or':
      return combine(
        node.type,
        node.children.map((child) => compileNode(child, view)),
      );
    case 'not': {
      const child = compileNode(node.child, view);
      return {
        raw: child.raw,
        evaluate(out, from, to) {
          child.evaluate(out, from, to);
          for (let i = 0, n = to - from; i < n; i++) out[i] = 2 - out[i];
        },
        row: (row, raw) => !child.row(row, raw),
      };
    }
    case 'text': {
      const needle = node.text.toLowerCase();
      return {
        raw: true,
        evaluate: (out, from, to) => out.fill(UNKNOWN, 0, to - from),
        row: (row, raw) => raw.containsText(row, needle),
      };
    }
    case 'present':
    case 'match':
    case 'compare':
      return node.field.kind === 'path'
        ? compilePathTerm(node, node.field)
        : compileIndexedTerm(node, node.field.name, view);
  }
}

function combine(kind: 'and' | 'or', children: Compiled[]): Compiled {
  let scratch = new Uint8Array(0);
  return {
    raw: children.some((child) => child.raw),
    evaluate(out, from, to) {
      const n = to - from;
      children[0].evaluate(out, from, to);
      if (scratch.length < n) scratch = new Uint8Array(n);
      for (let c = 1; c < children.length; c++) {
        children[c].evaluate(scratch, from, to);
        if (kind === 'and') for (let i = 0; i < n; i++) out[i] = out[i] < scratch[i] ? out[i] : scratch[i];
        else for (let i = 0; i < n; i++) out[i] = out[i] > scratch[i] ? out[i] : scratch[i];
      }
    },
    row:
      kind === 'and'
        ? (row, raw) => children.every((child) => child.row(row, raw))
        : (row, raw) => children.some((child) => child.row(row, raw)),
  };
}

/** A leaf over a column: `table[codes[row]]` for dictionary columns, a test per row for numeric ones. */
function tableLeaf(codes: ArrayLike<number>, table: Uint8Array): Compiled {
  return {
    raw: false,
    evaluate(out, from, to) {
      for (let r = from; r < to; r++) out[r - from] = table[codes[r]];
    },
    row: (row) => table[codes[row]] === YES,
  };
}

function rowLeaf(test: (row: number) => boolean): Compiled {
  return {
    raw: false,
    evaluate(out, from, to) {
      for (let r = from; r < to; r++) out[r - from] = test(r) ? YES : NO;
    },
    row: test,
  };
}

function compare(op: ComparisonOp, a: number, b: number): boolean {
  switch (op) {
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
  }
}

function compileIndexedTerm(
  node: Extract<QueryNode, { type: 'present' | 'match' | 'compare' }>,
  name: string,
  view: IndexView,
): Compiled {
  const info = lookupField(name)!;
  const matchers = node.type === 'match' ? node.values.map((value) => compileValuePattern(value.text)) : [];
  const anyMatch = (value: string): boolean => matchers.some((matcher) => matcher.test(value));

  if (info.kind === 'string') {
    const column = view.string(name);
    const table = new Uint8Array(column.size + 1);
    if (node.type === 'present') {
      const present = column.present;
      if (present) for (let code = 0; code < column.size; code++) table[code] = present(code) ? YES : NO;
      else table.fill(YES, 1, column.size);
    } else if (node.type === 'match') {
      fillStringTable(table, column, matchers);
    }
    return tableLeaf(column.codes, table);
  }
  if (info.kind === 'multi') {
    const column = view.multi(name);
    const table = new Uint8Array(column.size + 1);
    for (let code = 1; code < column.size; code++) {
      const values = column.values(code);
      if (node.type === 'present') table[code] = values.length > 0 ? YES : NO;
      else if (node.type === 'match') table[code] = values.some(anyMatch) ? YES : NO;
    }
    return tableLeaf(column.codes, table);
  }
  if (info.kind === 'number') {
    const codes = view.code;
    const table = new Uint8Array(65536);
    for (let stored = 1; stored < 65536; stored++) {
      const value = stored - 1;
      if (node.type === 'present') table[stored] = YES;
      else if (node.type === 'match') table[stored] = anyMatch(String(value)) ? YES : NO;
      else table[stored] = compare(node.op, value, node.value) ? YES : NO;
    }
    return tableLeaf(codes, table);
  }
  // time and duration columns
  const time = view.time;
  const received = view.received;
  const valueOf: (row: number) => number =
    info.kind === 'duration'
      ? (row) => time[row] - received[row]
      : name === 'received'
        ? (row) => received[row]
        : (row) => time[row];
  if (node.type === 'present') return rowLeaf((row) => !Number.isNaN(valueOf(row)));
  if (node.type === 'compare') {
    const bound = node.value;
    switch (node.op) {
      case '>':
        return rowLeaf((row) => valueOf(row) > bound);
      case '>=':
        return rowLeaf((row) => valueOf(row) >= bound);
      case '<':
        return rowLeaf((row) => valueOf(row) < bound);
      case '<=':
        return rowLeaf((row) => valueOf(row) <= bound);
    }
  }
  const instants = node.values.map((value) =>
    info.kind === 'duration' ? parseDuration(value.text) : parseUserTime(value.text),
  );
  return rowLeaf((row) => instants.includes(valueOf(row)));
}

function fillStringTable(table: Uint8Array, column: StringColumnView, matchers: ValueMatcher[]): void {
  const wildcards: ValueMatcher[] = [];
  for (const matcher of matchers) {
    // Views with their own presence rule (source tags) can hold one value under several codes: test them all.
    if (matcher.exact !== undefined && !column.present) {
      const code = column.find(matcher.exact);
      if (code >= 0) table[code] = YES;
    } else {
      wildcards.push(matcher);
    }
  }
  if (wildcards.length === 0) return;
  const present = column.present;
  for (let code = present ? 0 : 1; code < column.size; code++) {
    if (table[code] === YES || (present && !present(code))) continue;
    const value = column.value(code);
    if (wildcards.some((matcher) => matcher.test(value))) table[code] = YES;
  }
}

/** JSON-path terms always need the raw event. */
function compilePathTerm(
  node: Extract<QueryNode, { type: 'present' | 'match' | 'compare' }>,
  field: Extract<FieldRef, { kind: 'path' }>,
): Compiled {
  const segments = field.segments;
  let test: (values: unknown[]) => boolean;
  if (node.type === 'present') {
    test = (values) => values.length > 0;
  } else if (node.type === 'match') {
    const matchers = node.values.map((value) => compileValuePattern(value.text));
    test = (values) => values.some((value) => matchers.some((matcher) => matcher.test(pathValueText(value))));
  } else {
    const asNumber = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(node.text) ? Number(node.text) : NaN;
    const asTime = parseTimestamp(node.text);
    const op = node.op;
    test = (values) =>
      values.some((value) => {
        if (typeof value === 'number' && !Number.isNaN(asNumber)) return compare(op, value, asNumber);
        if (typeof value === 'string') {
          const instant = parseTimestamp(value);
          if (!Number.isNaN(instant) && !Number.isNaN(asTime)) return compare(op, instant, asTime);
          const numeric = Number(value);
          if (value !== '' && !Number.isNaN(numeric) && !Number.isNaN(asNumber)) return compare(op, numeric, asNumber);
        }
        return false;
      });
  }
  return {
    raw: true,
    evaluate: (out, from, to) => out.fill(UNKNOWN, 0, to - from),
    row(row, raw) {
      const event = raw.json(row);
      return event !== undefined && test(valuesAtPath(event, segments));
    },
  };
}
