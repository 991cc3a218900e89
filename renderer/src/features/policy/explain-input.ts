// Turns what the user typed in the Explain panel into the checker's request attributes.
import { requestAttributesFromEvent, type AuditEventLike } from '../../../../shared/policy/event-attributes.ts';
import { requestAttributesFromHttp } from '../../../../shared/policy/request-info.ts';
import type { RequestAttributes } from '../../../../shared/policy/types.ts';

export interface ExplainForm {
  user: string;
  noUser: boolean;
  groups: string;
  verb: string;
  namespace: string;
  apiGroup: string;
  resource: string;
  subresource: string;
  name: string;
  nonResource: boolean;
  path: string;
}

export const EMPTY_FORM: ExplainForm = {
  user: '',
  noUser: false,
  groups: 'system:authenticated',
  verb: 'get',
  namespace: '',
  apiGroup: '',
  resource: '',
  subresource: '',
  name: '',
  nonResource: false,
  path: '',
};

const splitGroups = (text: string) =>
  text
    .split(',')
    .map((group) => group.trim())
    .filter(Boolean);

export function attributesFromForm(form: ExplainForm): RequestAttributes {
  return {
    user: form.noUser ? null : form.user,
    groups: form.noUser ? [] : splitGroups(form.groups),
    verb: form.verb.trim(),
    namespace: form.nonResource ? '' : form.namespace.trim(),
    apiGroup: form.nonResource ? '' : form.apiGroup.trim(),
    resource: form.nonResource ? '' : form.resource.trim(),
    subresource: form.nonResource ? '' : form.subresource.trim(),
    name: form.nonResource ? '' : form.name.trim(),
    path: form.nonResource ? form.path.trim() : '',
    isResourceRequest: !form.nonResource,
  };
}

/** "GET /api/v1/namespaces/prod/secrets/db" (method optional, defaults to GET). */
export function attributesFromUrlLine(line: string, user: string, groups: string): RequestAttributes {
  const match = /^\s*(?:([A-Za-z]+)\s+)?(\S+)\s*$/.exec(line);
  if (!match) throw new Error('write a request as "METHOD /path", e.g. GET /api/v1/namespaces/default/secrets/x');
  const url = match[2]!;
  if (!url.startsWith('/')) throw new Error(`the path must start with "/": ${url}`);
  return requestAttributesFromHttp({
    method: (match[1] ?? 'GET').toUpperCase(),
    url,
    user: user.trim() === '' ? null : user.trim(),
    groups: splitGroups(groups),
  });
}

export function attributesFromEventText(text: string): RequestAttributes {
  let event: unknown;
  try {
    event = JSON.parse(text.trim());
  } catch (error) {
    throw new Error(`not a JSON audit event: ${(error as Error).message}`, { cause: error });
  }
  if (!event || typeof event !== 'object' || Array.isArray(event))
    throw new Error('paste one audit event (a JSON object)');
  return requestAttributesFromEvent(event as AuditEventLike);
}
