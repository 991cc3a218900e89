// The syntax tree of a log query. Positions are 0-based character offsets into the query text (end exclusive).

export type FieldRef =
  | { kind: 'indexed'; name: string }
  /** A JSON path into the raw event, evaluated on demand; segments are already unquoted. */
  | { kind: 'path'; segments: string[]; text: string };

export interface ValuePattern {
  /** The value as typed, without quotes; `*` is a wildcard and `\*` a literal star. */
  text: string;
  start: number;
  end: number;
}

export type ComparisonOp = '>' | '>=' | '<' | '<=';

export type QueryNode =
  | { type: 'all' }
  | { type: 'and' | 'or'; children: QueryNode[]; start: number; end: number }
  | { type: 'not'; child: QueryNode; start: number; end: number }
  /** field:value or field:(a OR b): matches when the field equals any of the patterns. */
  | { type: 'match'; field: FieldRef; values: ValuePattern[]; start: number; end: number }
  /** field:* */
  | { type: 'present'; field: FieldRef; start: number; end: number }
  /** field>value etc.; `value` holds the parsed number (µs for durations and times) for indexed fields. */
  | { type: 'compare'; field: FieldRef; op: ComparisonOp; text: string; value: number; start: number; end: number }
  /** A bare word or "quoted phrase": case-insensitive substring of the raw event. */
  | { type: 'text'; text: string; start: number; end: number };

export class QuerySyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
    readonly end: number = position + 1,
  ) {
    super(message);
    this.name = 'QuerySyntaxError';
  }
}
