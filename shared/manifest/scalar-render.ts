// Writing a string as a YAML scalar in a given quoting style, falling back to a safe style when needed.
import { isScalar, parseDocument } from 'yaml';

export type ScalarStyle = 'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE';

/** True when `value` written bare reads back as the same string (not a number, bool, null, comment or collection). */
export function isSafePlain(value: string): boolean {
  if (value === '' || value !== value.trim() || /[\n\r\t\u0000-\u001f]/.test(value)) return false;
  const doc = parseDocument(value);
  return (
    doc.errors.length === 0 && isScalar(doc.contents) && doc.contents.type === 'PLAIN' && doc.contents.value === value
  );
}

/** `flow` is for values inside `[...]`/`{...}`, where `,[]{}` end a plain scalar. */
export function renderScalar(value: string, style: ScalarStyle = 'PLAIN', flow = false): string {
  if (style === 'PLAIN' && isSafePlain(value) && !(flow && /[,[\]{}]/.test(value))) return value;
  if (style === 'QUOTE_SINGLE' && !/[\n\r\u0000-\u001f]/.test(value)) return `'${value.replace(/'/g, "''")}'`;
  // A JSON string is a valid YAML double-quoted scalar.
  return JSON.stringify(value);
}

export function styleOf(node: unknown): ScalarStyle {
  const type = isScalar(node) ? node.type : undefined;
  return type === 'QUOTE_DOUBLE' || type === 'QUOTE_SINGLE' ? type : 'PLAIN';
}
