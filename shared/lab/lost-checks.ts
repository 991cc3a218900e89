// "What would be lost": questions people ask an audit log after an incident, each with the level it needs to be
// answered. A request the sample recorded at that level or above, but that the draft would log below it, is lost.
// These mirror the log explorer's built-in investigations as attribute checks, so they run per distinct request.
import type { Level, RequestAttributes } from '../policy/types.ts';

export interface LostCheck {
  id: string;
  title: string;
  description: string;
  needs: Level;
  matches(request: RequestAttributes): boolean;
}

const WRITE_VERBS = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);
const DELETE_VERBS = new Set(['delete', 'deletecollection']);
const INTERACTIVE = new Set(['exec', 'attach', 'portforward']);

const core = (request: RequestAttributes, resource: string) =>
  request.isResourceRequest && request.apiGroup === '' && request.resource === resource;

export const LOST_CHECKS: readonly LostCheck[] = [
  {
    id: 'secret-access',
    title: 'Secret access',
    description: 'who read, changed or deleted a Secret',
    needs: 'Metadata',
    matches: (r) => core(r, 'secrets'),
  },
  {
    id: 'deletions',
    title: 'Deletions',
    description: 'who deleted an object',
    needs: 'Metadata',
    matches: (r) => r.isResourceRequest && DELETE_VERBS.has(r.verb),
  },
  {
    id: 'pod-exec',
    title: 'Exec, attach and port-forward',
    description: 'who opened a shell or tunnel into a pod',
    needs: 'Metadata',
    matches: (r) => core(r, 'pods') && INTERACTIVE.has(r.subresource),
  },
  {
    id: 'rbac-changes',
    title: 'RBAC changes',
    description: 'which permissions were granted or removed (needs the request body)',
    needs: 'Request',
    matches: (r) => r.isResourceRequest && r.apiGroup === 'rbac.authorization.k8s.io' && WRITE_VERBS.has(r.verb),
  },
  {
    id: 'token-requests',
    title: 'Service account tokens',
    description: 'who minted a service account token',
    needs: 'Metadata',
    matches: (r) => core(r, 'serviceaccounts') && r.subresource === 'token' && r.verb === 'create',
  },
  {
    id: 'anonymous',
    title: 'Anonymous requests',
    description: 'what unauthenticated clients did',
    needs: 'Metadata',
    matches: (r) => r.user === 'system:anonymous' || r.groups.includes('system:unauthenticated'),
  },
  {
    id: 'pod-specs',
    title: 'Pod specs on create',
    description: 'whether a created pod was privileged or mounted the host (needs the request body)',
    needs: 'Request',
    matches: (r) => core(r, 'pods') && r.subresource === '' && r.verb === 'create',
  },
];

/** One line describing a request, for warnings. */
export function describeRequest(request: RequestAttributes): string {
  const who = request.user ?? '(unauthenticated)';
  if (!request.isResourceRequest) return `${who} ${request.verb} ${request.path}`;
  const resource = request.subresource ? `${request.resource}/${request.subresource}` : request.resource;
  const group = request.apiGroup ? `${request.apiGroup}/` : '';
  const where = request.namespace ? ` in ${request.namespace}` : '';
  const name = request.name ? ` ${request.name}` : '';
  return `${who} ${request.verb} ${group}${resource}${name}${where}`;
}
