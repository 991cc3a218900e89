// Turns a logged audit Event back into the attributes the policy checker saw (kubernetes-audit.md §1d):
// the URL is re-parsed because objectRef.name/namespace can be filled from the request body; objectRef only
// supplies the API group; `user: {}` (failed authentication) means no user.
import { requestAttributesFromHttp } from './request-info.ts';
import type { RequestAttributes } from './types.ts';

/** The Event fields this needs; other fields are ignored. */
export interface AuditEventLike {
  verb?: unknown;
  requestURI?: unknown;
  user?: unknown;
  objectRef?: unknown;
}

export class EventAttributesError extends Error {}

export function requestAttributesFromEvent(event: AuditEventLike): RequestAttributes {
  if (typeof event !== 'object' || event === null) throw new EventAttributesError('the event is not a JSON object');
  if (typeof event.requestURI !== 'string') throw new EventAttributesError('the event has no requestURI');
  if (typeof event.verb !== 'string') throw new EventAttributesError('the event has no verb');
  const user = event.user as { username?: unknown; groups?: unknown } | undefined;
  const username = user && typeof user.username === 'string' && user.username !== '' ? user.username : null;
  const groups = Array.isArray(user?.groups) ? user.groups.filter((g): g is string => typeof g === 'string') : [];
  const attributes = requestAttributesFromHttp({ verb: event.verb, url: event.requestURI, user: username, groups });
  const objectRef = event.objectRef as { apiGroup?: unknown } | undefined;
  if (attributes.isResourceRequest && objectRef && typeof objectRef.apiGroup === 'string') {
    attributes.apiGroup = objectRef.apiGroup;
  }
  return attributes;
}
