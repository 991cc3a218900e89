// Splits a query into coloured pieces for the query field (fields, operators, quoted text, negation).
export type TokenKind = 'field' | 'operator' | 'keyword' | 'string' | 'paren' | 'negation' | 'text' | 'space';

export interface Token {
  kind: TokenKind;
  text: string;
  start: number;
}

const PATTERNS: [TokenKind, RegExp][] = [
  ['space', /\s+/y],
  ['string', /"(?:[^"\\]|\\.)*"?/y],
  ['paren', /[()]/y],
  ['keyword', /(?:AND|OR|NOT)(?=[\s()]|$)/y],
  ['field', /-?[A-Za-z_][A-Za-z0-9_.-]*(?=:|>=|<=|>|<)/y],
  ['operator', /(?:>=|<=|>|<|:)/y],
  ['text', /[^\s()":<>]+/y],
];

export function tokenizeQuery(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < text.length) {
    let matched = false;
    for (const [kind, pattern] of PATTERNS) {
      pattern.lastIndex = at;
      const match = pattern.exec(text);
      if (match && match[0].length > 0) {
        if (kind === 'field' && match[0].startsWith('-')) {
          tokens.push({ kind: 'negation', text: '-', start: at });
          tokens.push({ kind, text: match[0].slice(1), start: at + 1 });
        } else tokens.push({ kind, text: match[0], start: at });
        at += match[0].length;
        matched = true;
        break;
      }
    }
    if (!matched) {
      tokens.push({ kind: 'text', text: text[at], start: at });
      at++;
    }
  }
  return tokens;
}
