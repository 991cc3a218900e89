// The legacy text format (`--audit-log-format=legacy`), one line per event:
//   <requestReceivedTimestamp> AUDIT: id="…" stage="…" ip="…" method="…" user="…" groups="\"a\",\"b\"" as="<self>"
//   asgroups="<lookup>" user-agent="…" namespace="…" uri="…" response="200|<deferred>"
// Before Kubernetes 1.7 a request wrote two lines: the request line (no stage/response) and `id="…" response="…"`.

import { parseTimestamp } from './timestamps.ts';

export interface LegacyEvent {
  time: number;
  auditID: string;
  stage?: string;
  sourceIP?: string;
  verb?: string;
  user?: string;
  groups?: string[];
  impersonated?: string;
  userAgent?: string;
  namespace?: string;
  uri?: string;
  code?: number;
  /** True for a pre-1.7 response line that carries only id and response. */
  responseOnly: boolean;
}

const MARKER = ' AUDIT: ';

/** Cheap test used on every non-JSON line. */
export function looksLikeLegacyLine(line: string): boolean {
  const marker = line.indexOf(MARKER);
  return marker >= 19 && marker <= 40 && line.charCodeAt(0) >= 48 && line.charCodeAt(0) <= 57;
}

/** Parses one legacy line, or returns an error message with the column (0-based) where it went wrong. */
export function parseLegacyLine(line: string): LegacyEvent | { error: string; column: number } {
  const marker = line.indexOf(MARKER);
  if (marker < 0) return { error: 'not a legacy audit line', column: 0 };
  const time = parseTimestamp(line.slice(0, marker));
  if (Number.isNaN(time)) return { error: 'invalid timestamp', column: 0 };
  const values = new Map<string, string>();
  let p = marker + MARKER.length;
  while (p < line.length) {
    while (line[p] === ' ') p++;
    if (p >= line.length) break;
    const equals = line.indexOf('="', p);
    if (equals < 0) return { error: 'expected key="value"', column: p };
    const key = line.slice(p, equals);
    let q = equals + 2;
    let value = '';
    for (;;) {
      if (q >= line.length) return { error: `unterminated value of ${key}`, column: equals + 1 };
      const c = line[q];
      if (c === '\\' && q + 1 < line.length) {
        const next = line[q + 1];
        value += next === 'n' ? '\n' : next === 't' ? '\t' : next;
        q += 2;
        continue;
      }
      if (c === '"') break;
      value += c;
      q++;
    }
    values.set(key, value);
    p = q + 1;
  }
  const auditID = values.get('id');
  if (auditID === undefined) return { error: 'missing id="…"', column: marker + MARKER.length };
  const present = (key: string): string | undefined => {
    const value = values.get(key);
    return value === undefined || value === '<none>' ? undefined : value;
  };
  const response = values.get('response');
  const code = response !== undefined && /^\d+$/.test(response) ? Number(response) : undefined;
  const as = present('as');
  const responseOnly = !values.has('method') && !values.has('stage') && response !== undefined;
  return {
    time,
    auditID,
    stage:
      present('stage') ?? (responseOnly ? 'ResponseComplete' : values.has('method') ? 'RequestReceived' : undefined),
    sourceIP: present('ip'),
    verb: present('method'),
    user: present('user'),
    groups: parseGroups(values.get('groups')),
    impersonated: as === '<self>' ? undefined : as,
    userAgent: present('user-agent'),
    namespace: present('namespace'),
    uri: present('uri'),
    code,
    responseOnly,
  };
}

/** `"a","b"` → ['a', 'b']; `<none>` → undefined. */
function parseGroups(value: string | undefined): string[] | undefined {
  if (value === undefined || value === '<none>' || value === '') return undefined;
  const groups: string[] = [];
  const pattern = /"((?:[^"\\]|\\.)*)"/g;
  for (let match = pattern.exec(value); match; match = pattern.exec(value))
    groups.push(match[1].replace(/\\(.)/g, '$1'));
  return groups.length > 0 ? groups : undefined;
}
