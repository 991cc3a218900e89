// The API resources the simulated cluster serves, and how requests for them are addressed: request paths, and the
// objectRef member of an event in the API server's field order.

export interface ApiResource {
  group: string;
  version: string;
  resource: string;
  namespaced: boolean;
}

const api = (group: string, version: string, resource: string, namespaced: boolean): ApiResource => ({
  group,
  version,
  resource,
  namespaced,
});

export const R = {
  pods: api('', 'v1', 'pods', true),
  nodes: api('', 'v1', 'nodes', false),
  namespaces: api('', 'v1', 'namespaces', false),
  services: api('', 'v1', 'services', true),
  endpoints: api('', 'v1', 'endpoints', true),
  configmaps: api('', 'v1', 'configmaps', true),
  secrets: api('', 'v1', 'secrets', true),
  serviceaccounts: api('', 'v1', 'serviceaccounts', true),
  events: api('', 'v1', 'events', true),
  persistentvolumeclaims: api('', 'v1', 'persistentvolumeclaims', true),
  persistentvolumes: api('', 'v1', 'persistentvolumes', false),
  resourcequotas: api('', 'v1', 'resourcequotas', true),
  limitranges: api('', 'v1', 'limitranges', true),
  deployments: api('apps', 'v1', 'deployments', true),
  replicasets: api('apps', 'v1', 'replicasets', true),
  statefulsets: api('apps', 'v1', 'statefulsets', true),
  daemonsets: api('apps', 'v1', 'daemonsets', true),
  controllerrevisions: api('apps', 'v1', 'controllerrevisions', true),
  jobs: api('batch', 'v1', 'jobs', true),
  cronjobs: api('batch', 'v1', 'cronjobs', true),
  horizontalpodautoscalers: api('autoscaling', 'v2', 'horizontalpodautoscalers', true),
  poddisruptionbudgets: api('policy', 'v1', 'poddisruptionbudgets', true),
  endpointslices: api('discovery.k8s.io', 'v1', 'endpointslices', true),
  ingresses: api('networking.k8s.io', 'v1', 'ingresses', true),
  ingressclasses: api('networking.k8s.io', 'v1', 'ingressclasses', false),
  networkpolicies: api('networking.k8s.io', 'v1', 'networkpolicies', true),
  leases: api('coordination.k8s.io', 'v1', 'leases', true),
  eventsV1: api('events.k8s.io', 'v1', 'events', true),
  roles: api('rbac.authorization.k8s.io', 'v1', 'roles', true),
  rolebindings: api('rbac.authorization.k8s.io', 'v1', 'rolebindings', true),
  clusterroles: api('rbac.authorization.k8s.io', 'v1', 'clusterroles', false),
  clusterrolebindings: api('rbac.authorization.k8s.io', 'v1', 'clusterrolebindings', false),
  storageclasses: api('storage.k8s.io', 'v1', 'storageclasses', false),
  csinodes: api('storage.k8s.io', 'v1', 'csinodes', false),
  csidrivers: api('storage.k8s.io', 'v1', 'csidrivers', false),
  volumeattachments: api('storage.k8s.io', 'v1', 'volumeattachments', false),
  runtimeclasses: api('node.k8s.io', 'v1', 'runtimeclasses', false),
  priorityclasses: api('scheduling.k8s.io', 'v1', 'priorityclasses', false),
  customresourcedefinitions: api('apiextensions.k8s.io', 'v1', 'customresourcedefinitions', false),
  apiservices: api('apiregistration.k8s.io', 'v1', 'apiservices', false),
  flowschemas: api('flowcontrol.apiserver.k8s.io', 'v1', 'flowschemas', false),
  prioritylevelconfigurations: api('flowcontrol.apiserver.k8s.io', 'v1', 'prioritylevelconfigurations', false),
  mutatingwebhookconfigurations: api('admissionregistration.k8s.io', 'v1', 'mutatingwebhookconfigurations', false),
  validatingwebhookconfigurations: api('admissionregistration.k8s.io', 'v1', 'validatingwebhookconfigurations', false),
  certificatesigningrequests: api('certificates.k8s.io', 'v1', 'certificatesigningrequests', false),
  tokenreviews: api('authentication.k8s.io', 'v1', 'tokenreviews', false),
  subjectaccessreviews: api('authorization.k8s.io', 'v1', 'subjectaccessreviews', false),
  podMetrics: api('metrics.k8s.io', 'v1beta1', 'pods', true),
  nodeMetrics: api('metrics.k8s.io', 'v1beta1', 'nodes', false),
  certificates: api('cert-manager.io', 'v1', 'certificates', true),
  certificaterequests: api('cert-manager.io', 'v1', 'certificaterequests', true),
  clusterissuers: api('cert-manager.io', 'v1', 'clusterissuers', false),
  applications: api('argoproj.io', 'v1alpha1', 'applications', true),
  servicemonitors: api('monitoring.coreos.com', 'v1', 'servicemonitors', true),
  prometheusrules: api('monitoring.coreos.com', 'v1', 'prometheusrules', true),
} as const;

export const ALL_RESOURCES: readonly ApiResource[] = Object.values(R);

function groupPath(r: ApiResource): string {
  return r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
}

export function collectionPath(r: ApiResource, namespace?: string): string {
  return groupPath(r) + (r.namespaced && namespace ? `/namespaces/${namespace}` : '') + '/' + r.resource;
}

export function objectPath(r: ApiResource, namespace: string | undefined, name: string, subresource?: string): string {
  return collectionPath(r, namespace) + '/' + name + (subresource ? '/' + subresource : '');
}

export interface ObjectRefParts {
  namespace?: string;
  name?: string;
  uid?: string;
  resourceVersion?: string;
  subresource?: string;
}

/** The objectRef member, fields in the order the API server writes them; names here never need escaping. */
export function objectRefJson(r: ApiResource, parts: ObjectRefParts): string {
  let json = `{"resource":"${r.resource}"`;
  if (r.namespaced && parts.namespace) json += `,"namespace":"${parts.namespace}"`;
  if (parts.name) json += `,"name":"${parts.name}"`;
  if (parts.uid) json += `,"uid":"${parts.uid}"`;
  if (r.group) json += `,"apiGroup":"${r.group}"`;
  json += `,"apiVersion":"${r.version}"`;
  if (parts.resourceVersion) json += `,"resourceVersion":"${parts.resourceVersion}"`;
  if (parts.subresource) json += `,"subresource":"${parts.subresource}"`;
  return json + '}';
}
