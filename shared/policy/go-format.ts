// Go value formatting as apimachinery prints it inside field errors (strconv.Quote, %#v, encoding/json).

/** Go's unicode.IsPrint is false for control, format, separator (except ASCII space) and unassigned runes. */
const NOT_PRINTABLE = /[\p{C}\p{Z}]/u;

const SHORT_ESCAPES: Record<string, string> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
};

/** strconv.Quote / fmt %q. */
export function goQuote(value: string): string {
  let out = '"';
  for (const char of value) {
    if (char === '"' || char === '\\') out += '\\' + char;
    else if (SHORT_ESCAPES[char]) out += SHORT_ESCAPES[char];
    else if (char !== ' ' && NOT_PRINTABLE.test(char)) out += goEscapeRune(char.codePointAt(0)!);
    else out += char;
  }
  return out + '"';
}

function goEscapeRune(code: number): string {
  const hex = code.toString(16);
  if (code < 0x80) return '\\x' + hex.padStart(2, '0');
  if (code < 0x10000) return '\\u' + hex.padStart(4, '0');
  return '\\U' + hex.padStart(8, '0');
}

/** fmt %#v of a []string: `[]string{"a", "b"}`. */
export function goSyntaxStringSlice(values: readonly string[]): string {
  return `[]string{${values.map(goQuote).join(', ')}}`;
}

/** encoding/json.Marshal of a []string (HTML-safe escaping of <, > and &, like Go's default encoder). */
export function goJsonStringSlice(values: readonly string[]): string {
  return JSON.stringify(values).replace(
    /[<>&\u2028\u2029]/g,
    (char) => '\\u' + char.charCodeAt(0).toString(16).padStart(4, '0'),
  );
}
