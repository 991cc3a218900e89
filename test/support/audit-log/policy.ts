// The audit policy the simulated cluster runs, which decides each request's level (a log only holds what its
// policy let through, and the same request is always logged at the same level):
//   1. non-resource URLs, credentials (secrets, token reviews, token requests), exec/attach/port-forward/logs and
//      the noisy objects (leases, events, endpoints) at Metadata;
//   2. kubelets' node and pod status updates at Request (as GKE's policy does), other status updates at Metadata;
//   3. reads at Request for workloads, RBAC and CRDs, Metadata for the rest;
//   4. people's and CI's writes of RBAC, CRDs, namespaces and Services at RequestResponse;
//   5. every other write at Request.
import type { Identity } from './cluster.ts';
import type { ApiResource } from './resources.ts';

export type Level = 'Metadata' | 'Request' | 'RequestResponse';

const METADATA_RESOURCES = new Set([
  'secrets',
  'tokenreviews',
  'subjectaccessreviews',
  'leases',
  'events',
  'endpoints',
  'endpointslices',
]);
const METADATA_SUBRESOURCES = new Set(['exec', 'attach', 'portforward', 'log', 'token']);
const READS = new Set(['get', 'list', 'watch']);
const READ_AT_REQUEST_GROUPS = new Set(['apps', 'batch', 'rbac.authorization.k8s.io', 'apiextensions.k8s.io']);
const FULL_BODY_RESOURCES = new Set([
  'roles',
  'rolebindings',
  'clusterroles',
  'clusterrolebindings',
  'customresourcedefinitions',
  'namespaces',
  'services',
]);

export function levelOf(identity: Identity, verb: string, r: ApiResource | undefined, subresource?: string): Level {
  if (!r) return 'Metadata';
  if (METADATA_RESOURCES.has(r.resource) || (subresource && METADATA_SUBRESOURCES.has(subresource))) return 'Metadata';
  if (subresource === 'status') return identity.kind === 'node' ? 'Request' : 'Metadata';
  if (READS.has(verb)) return READ_AT_REQUEST_GROUPS.has(r.group) ? 'Request' : 'Metadata';
  const person = identity.kind === 'human' || identity.kind === 'ci';
  if (person && !subresource && FULL_BODY_RESOURCES.has(r.resource)) return 'RequestResponse';
  return 'Request';
}
