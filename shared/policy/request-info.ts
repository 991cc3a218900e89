// Derives the attributes the policy checker sees from an HTTP request, following
// k8s.io/apiserver pkg/endpoints/request/requestinfo.go (RequestInfoFactory.NewRequestInfo).
import type { RequestAttributes } from './types.ts';

export interface HttpRequestInput {
  /** HTTP method (GET, POST, ...). Used to derive the verb unless `verb` is given. */
  method?: string;
  /** The Kubernetes verb as already decided (e.g. from an audit event); wins over `method`. */
  verb?: string;
  /** Request URI: path plus optional query string (as in an event's requestURI). */
  url: string;
  /** Authenticated user name; null or absent = no user (failed authentication). */
  user?: string | null;
  groups?: string[];
}

/** What the URL alone says (RequestInfo without the verb). */
export interface ParsedRequestUrl {
  path: string;
  query: Map<string, string[]>;
  isResourceRequest: boolean;
  apiGroup: string;
  apiVersion: string;
  namespace: string;
  resource: string;
  subresource: string;
  name: string;
  /** "watch" or "proxy" from the deprecated /watch/ and /proxy/ path prefixes. */
  specialVerb: string;
  /** Everything from the resource on (resource/name/subresource/...). */
  parts: string[];
}

const API_PREFIXES = new Set(['api', 'apis']);
const GROUPLESS_PREFIXES = new Set(['api']);
const SPECIAL_VERBS = new Set(['proxy', 'watch']);
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);
const METHOD_VERBS: Record<string, string> = {
  POST: 'create',
  GET: 'get',
  HEAD: 'get',
  PUT: 'update',
  PATCH: 'patch',
  DELETE: 'delete',
};

export class RequestInfoError extends Error {}

export function parseRequestUrl(url: string): ParsedRequestUrl {
  const { path, query } = splitUrl(url);
  const info: ParsedRequestUrl = {
    path,
    query,
    isResourceRequest: false,
    apiGroup: '',
    apiVersion: '',
    namespace: '',
    resource: '',
    subresource: '',
    name: '',
    specialVerb: '',
    parts: [],
  };
  const trimmed = path.replace(/^\/+|\/+$/g, '');
  let parts = trimmed === '' ? [] : trimmed.split('/');
  if (parts.length < 3 || !API_PREFIXES.has(parts[0]!)) return info;
  const prefix = parts[0]!;
  parts = parts.slice(1);
  if (!GROUPLESS_PREFIXES.has(prefix)) {
    if (parts.length < 3) return info;
    info.apiGroup = parts[0]!;
    parts = parts.slice(1);
  }
  info.isResourceRequest = true;
  info.apiVersion = parts[0]!;
  parts = parts.slice(1);
  if (SPECIAL_VERBS.has(parts[0]!)) {
    if (parts.length < 2) throw new RequestInfoError(`unable to determine kind and namespace from url, ${url}`);
    info.specialVerb = parts[0]!;
    parts = parts.slice(1);
  }
  if (parts[0] === 'namespaces') {
    if (parts.length > 1) {
      info.namespace = parts[1]!;
      // /namespaces/<ns>/<resource>/...; but status and finalize are subresources of the Namespace itself.
      if (parts.length > 2 && !NAMESPACE_SUBRESOURCES.has(parts[2]!)) parts = parts.slice(2);
    }
  }
  info.parts = parts;
  info.resource = parts[0] ?? '';
  info.name = parts[1] ?? '';
  // "proxy" keeps everything after the name as the proxied path, not a subresource.
  if (parts.length >= 3 && info.specialVerb !== 'proxy') info.subresource = parts[2]!;
  return info;
}

export function requestAttributesFromHttp(input: HttpRequestInput): RequestAttributes {
  const info = parseRequestUrl(input.url);
  const method = (input.method ?? '').toUpperCase();
  let name = info.name;
  let verb: string;
  let subresource = info.subresource;
  if (!info.isResourceRequest) {
    verb = input.verb ?? method.toLowerCase();
  } else if (input.verb !== undefined) {
    verb = input.verb;
    if (verb === 'proxy') subresource = '';
    if (name === '' && (verb === 'list' || verb === 'watch')) name = nameFromFieldSelector(info.query);
  } else {
    verb = info.specialVerb || (METHOD_VERBS[method] ?? '');
    if (name === '' && verb === 'get') {
      verb = isWatch(info.query) ? 'watch' : 'list';
      name = nameFromFieldSelector(info.query);
    }
    if (name === '' && verb === 'delete') verb = 'deletecollection';
  }
  const user = input.user ?? null;
  return {
    user,
    groups: user === null ? [] : (input.groups ?? []),
    verb,
    namespace: info.namespace,
    apiGroup: info.apiGroup,
    resource: info.resource,
    subresource,
    name,
    path: info.path,
    isResourceRequest: info.isResourceRequest,
  };
}

/** metav1 Convert_Slice_string_To_bool: "", "0" and "false" (any case) are false; anything else true. */
function isWatch(query: Map<string, string[]>): boolean {
  const value = query.get('watch')?.[0];
  if (value === undefined) return false;
  return !(value === '' || value === '0' || value.toLowerCase() === 'false');
}

/** fields.Selector.RequiresExactMatch("metadata.name"), kept only when it is a valid path segment name. */
export function nameFromFieldSelector(query: Map<string, string[]>): string {
  const selector = query.get('fieldSelector')?.[0];
  if (!selector) return '';
  for (const term of splitUnescaped(selector, ',')) {
    const match = /^(.*?)(==|=|!=)(.*)$/s.exec(term);
    if (!match) continue;
    const [, field, operator, value] = match;
    if (unescapeSelector(field!.trim()) !== 'metadata.name' || operator === '!=') continue;
    const name = unescapeSelector(value!.trim());
    return name === '.' || name === '..' || name.includes('/') || name.includes('%') ? '' : name;
  }
  return '';
}

function splitUnescaped(text: string, separator: string): string[] {
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '\\' && i + 1 < text.length) {
      current += char + text[i + 1];
      i++;
    } else if (char === separator) {
      out.push(current);
      current = '';
    } else current += char;
  }
  out.push(current);
  return out;
}

function unescapeSelector(text: string): string {
  return text.replace(/\\(.)/g, '$1');
}

function splitUrl(url: string): { path: string; query: Map<string, string[]> } {
  const hash = url.indexOf('#');
  const withoutHash = hash >= 0 ? url.slice(0, hash) : url;
  const questionMark = withoutHash.indexOf('?');
  const rawPath = questionMark >= 0 ? withoutHash.slice(0, questionMark) : withoutHash;
  const rawQuery = questionMark >= 0 ? withoutHash.slice(questionMark + 1) : '';
  const query = new Map<string, string[]>();
  for (const piece of rawQuery.split('&')) {
    if (piece === '') continue;
    const equals = piece.indexOf('=');
    const key = decodeQuery(equals >= 0 ? piece.slice(0, equals) : piece);
    const value = decodeQuery(equals >= 0 ? piece.slice(equals + 1) : '');
    const values = query.get(key);
    if (values) values.push(value);
    else query.set(key, [value]);
  }
  return { path: decodePath(rawPath), query };
}

/** Go's URL.Path is the unescaped path. */
function decodePath(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new RequestInfoError(`invalid URL escape in path "${raw}"`);
  }
}

function decodeQuery(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}
