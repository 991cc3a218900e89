// SIMULATOR (test only): the background requests a control plane always has (controllers, kubelets, probes),
// turned into audit.k8s.io/v1 events according to a compiled policy.
import { randomUUID } from 'node:crypto';
import type { CompiledPolicy } from '../../shared/policy/compile.ts';
import type { RequestAttributes, Stage } from '../../shared/policy/types.ts';

export const BACKGROUND_REQUESTS: RequestAttributes[] = [
  {
    user: 'system:kube-controller-manager',
    groups: ['system:authenticated'],
    verb: 'update',
    namespace: 'kube-system',
    apiGroup: 'coordination.k8s.io',
    resource: 'leases',
    subresource: '',
    name: 'kube-controller-manager',
    path: '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-controller-manager',
    isResourceRequest: true,
  },
  {
    user: 'system:node:cp-1',
    groups: ['system:nodes', 'system:authenticated'],
    verb: 'list',
    namespace: '',
    apiGroup: '',
    resource: 'pods',
    subresource: '',
    name: '',
    path: '/api/v1/pods',
    isResourceRequest: true,
  },
  {
    user: 'system:serviceaccount:kube-system:replicaset-controller',
    groups: ['system:serviceaccounts', 'system:authenticated'],
    verb: 'get',
    namespace: 'kube-system',
    apiGroup: '',
    resource: 'secrets',
    subresource: '',
    name: 'bootstrap-token-abcdef',
    path: '/api/v1/namespaces/kube-system/secrets/bootstrap-token-abcdef',
    isResourceRequest: true,
  },
];

export const PROBE_REQUEST: RequestAttributes = {
  user: 'system:anonymous',
  groups: ['system:unauthenticated'],
  verb: 'get',
  namespace: '',
  apiGroup: '',
  resource: '',
  subresource: '',
  name: '',
  path: '/livez',
  isResourceRequest: false,
};

/** JSON lines for one request: one event per stage the policy does not omit (none at level None). */
export function auditEventLines(policy: CompiledPolicy, request: RequestAttributes, now: Date): string[] {
  const result = policy.evaluate(request);
  if (result.level === 'None') return [];
  const auditID = randomUUID();
  const stages: Stage[] = ['RequestReceived', 'ResponseComplete'];
  return stages
    .filter((stage) => !result.omitStages.includes(stage))
    .map((stage) =>
      JSON.stringify({
        kind: 'Event',
        apiVersion: 'audit.k8s.io/v1',
        level: result.level,
        auditID,
        stage,
        requestURI: request.path,
        verb: request.verb,
        user: { username: request.user, groups: request.groups },
        sourceIPs: ['127.0.0.1'],
        userAgent: 'auditscope-simulator',
        ...(request.isResourceRequest
          ? {
              objectRef: {
                resource: request.resource,
                namespace: request.namespace || undefined,
                name: request.name || undefined,
                apiGroup: request.apiGroup || undefined,
                apiVersion: 'v1',
              },
            }
          : {}),
        ...(stage === 'ResponseComplete' ? { responseStatus: { metadata: {}, code: 200 } } : {}),
        requestReceivedTimestamp: now.toISOString(),
        stageTimestamp: now.toISOString(),
        annotations: { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': '' },
      }),
    );
}
