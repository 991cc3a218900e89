// Reads a request given as JSON (CLI --request / --requests, the policy lab) into RequestAttributes,
// rejecting wrong types with the field name instead of guessing.
import type { RequestAttributes } from './types.ts';

const STRING_FIELDS = ['verb', 'namespace', 'apiGroup', 'resource', 'subresource', 'name', 'path'] as const;
const KNOWN_FIELDS = new Set<string>(['user', 'groups', 'isResourceRequest', ...STRING_FIELDS]);

/** Missing string fields default to "", missing groups to [], missing isResourceRequest to false. */
export function parseRequestAttributes(value: unknown): RequestAttributes {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error('a request must be a JSON object');
  }
  const input = value as Record<string, unknown>;
  const unknown = Object.keys(input).filter((key) => !KNOWN_FIELDS.has(key));
  if (unknown.length > 0) {
    throw new Error(
      `unknown request field(s) ${unknown.map((k) => JSON.stringify(k)).join(', ')}; known: ${[...KNOWN_FIELDS].join(', ')}`,
    );
  }
  const user = input.user ?? null;
  if (user !== null && typeof user !== 'string') throw new Error('"user" must be a string or null');
  const groups = input.groups ?? [];
  if (!Array.isArray(groups) || groups.some((g) => typeof g !== 'string')) {
    throw new Error('"groups" must be a list of strings');
  }
  const isResourceRequest = input.isResourceRequest ?? false;
  if (typeof isResourceRequest !== 'boolean') throw new Error('"isResourceRequest" must be true or false');
  const request: RequestAttributes = {
    user,
    groups: groups as string[],
    verb: '',
    namespace: '',
    apiGroup: '',
    resource: '',
    subresource: '',
    name: '',
    path: '',
    isResourceRequest,
  };
  for (const field of STRING_FIELDS) {
    const fieldValue = input[field] ?? '';
    if (typeof fieldValue !== 'string') throw new Error(`"${field}" must be a string`);
    request[field] = fieldValue;
  }
  return request;
}
