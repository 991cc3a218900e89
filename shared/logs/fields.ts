// The catalogue of query fields: what each name means in an audit Event, its kind, and name suggestions.

/** How a field is stored and compared. `multi` = a list of strings that matches if any element matches. */
export type FieldKind = 'string' | 'multi' | 'number' | 'time' | 'duration';

export interface FieldInfo {
  name: string;
  kind: FieldKind;
  /** Where the value comes from, in jq syntax (also the help text). */
  source: string;
  description: string;
}

/** Fields kept in the columnar index, in the order the UI shows them. */
export const FIELDS: readonly FieldInfo[] = [
  { name: 'time', kind: 'time', source: '.stageTimestamp // .timestamp', description: 'when this stage happened' },
  {
    name: 'received',
    kind: 'time',
    source: '.requestReceivedTimestamp // .timestamp',
    description: 'when the API server received the request',
  },
  { name: 'latency', kind: 'duration', source: 'time - received', description: 'how long the request took so far' },
  {
    name: 'stage',
    kind: 'string',
    source: '.stage',
    description: 'RequestReceived, ResponseStarted, ResponseComplete, Panic',
  },
  { name: 'level', kind: 'string', source: '.level', description: 'Metadata, Request, RequestResponse' },
  { name: 'verb', kind: 'string', source: '.verb', description: 'get, list, watch, create, update, patch, delete, …' },
  { name: 'user', kind: 'string', source: '.user.username', description: 'the authenticated user' },
  { name: 'group', kind: 'multi', source: '.user.groups[]', description: "the user's groups (any matches)" },
  { name: 'ns', kind: 'string', source: '.objectRef.namespace', description: 'namespace of the object' },
  { name: 'resource', kind: 'string', source: '.objectRef.resource', description: 'resource, e.g. pods' },
  { name: 'subresource', kind: 'string', source: '.objectRef.subresource', description: 'subresource, e.g. exec' },
  { name: 'name', kind: 'string', source: '.objectRef.name', description: 'name of the object' },
  { name: 'apigroup', kind: 'string', source: '.objectRef.apiGroup', description: 'API group ("" is core)' },
  { name: 'apiversion', kind: 'string', source: '.objectRef.apiVersion', description: 'API version of the object' },
  { name: 'code', kind: 'number', source: '.responseStatus.code', description: 'HTTP status code' },
  { name: 'auditid', kind: 'string', source: '.auditID', description: 'request ID shared by all stages' },
  { name: 'sourceip', kind: 'multi', source: '.sourceIPs[]', description: 'client IPs (any matches)' },
  { name: 'useragent', kind: 'string', source: '.userAgent', description: 'client user agent' },
  {
    name: 'decision',
    kind: 'string',
    source: '.annotations["authorization.k8s.io/decision"]',
    description: 'authorization decision: allow or forbid',
  },
  {
    name: 'reason',
    kind: 'string',
    source: '.annotations["authorization.k8s.io/reason"]',
    description: 'authorization reason (RBAC explanation)',
  },
  {
    name: 'impersonated',
    kind: 'string',
    source: '.impersonatedUser.username',
    description: 'the impersonated user, if any',
  },
  { name: 'uri', kind: 'string', source: '.requestURI', description: 'request path and query string' },
  { name: 'node', kind: 'string', source: '(source tag)', description: 'control-plane node the log came from' },
  { name: 'cluster', kind: 'string', source: '(source tag)', description: 'cluster the log came from' },
  { name: 'file', kind: 'string', source: '(source tag)', description: 'file the event was read from' },
];

/** Accepted alternative spellings → canonical field name. */
export const FIELD_ALIASES: Readonly<Record<string, string>> = {
  groups: 'group',
  namespace: 'ns',
  sourceips: 'sourceip',
  ip: 'sourceip',
  status: 'code',
  auditID: 'auditid',
  username: 'user',
  stagetimestamp: 'time',
  requesturi: 'uri',
};

/** Top-level Event keys that are valid JSON paths on their own (not indexed under that name). */
export const EVENT_TOP_LEVEL_KEYS: readonly string[] = [
  'kind',
  'apiVersion',
  'level',
  'auditID',
  'stage',
  'requestURI',
  'verb',
  'user',
  'impersonatedUser',
  'authenticationMetadata',
  'sourceIPs',
  'userAgent',
  'objectRef',
  'responseStatus',
  'requestObject',
  'responseObject',
  'requestReceivedTimestamp',
  'stageTimestamp',
  'annotations',
  'timestamp',
  'metadata',
];

const BY_NAME = new Map(FIELDS.map((field) => [field.name, field]));

/** The indexed field for a name or alias, or undefined (then it may be a JSON path). */
export function lookupField(name: string): FieldInfo | undefined {
  return BY_NAME.get(name) ?? BY_NAME.get(FIELD_ALIASES[name] ?? FIELD_ALIASES[name.toLowerCase()] ?? '');
}

/** Field names for completion: indexed fields first, then Event keys usable as JSON paths. */
export function allFieldNames(): string[] {
  return [...FIELDS.map((field) => field.name), ...EVENT_TOP_LEVEL_KEYS];
}

/** The closest known field name to a misspelt one, or undefined when nothing is close. */
export function suggestField(name: string): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of [...allFieldNames(), ...Object.keys(FIELD_ALIASES)]) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      bestDistance = distance;
      best = candidate;
    }
  }
  const limit = Math.max(2, Math.floor(lower.length / 3));
  if (best === undefined || bestDistance > limit) return undefined;
  return FIELD_ALIASES[best] ?? best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
    }
    previous = current;
  }
  return previous[b.length];
}
