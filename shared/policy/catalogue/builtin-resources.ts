// Built-in API groups and resources served by kube-apiserver 1.28–1.36 (any version of the group, including
// alpha/beta versions that must be switched on with --runtime-config). Groups are listed without a version because
// audit policies match on the group name only. `since`/`until` are Kubernetes minors (inclusive) where the resource
// appeared or was last served; absent means "the whole supported range".

export type ApiStage = 'ga' | 'beta' | 'alpha';

export interface SubresourceSpec {
  name: string;
  verbs: readonly string[];
  since?: number;
}

export interface ResourceSpec {
  name: string;
  namespaced: boolean;
  verbs: readonly string[];
  subresources: readonly SubresourceSpec[];
  /** Maturity of the most mature version of this resource in the newest minor that serves it. */
  stage: ApiStage;
  since?: number;
  until?: number;
}

export interface GroupSpec {
  group: string;
  resources: readonly ResourceSpec[];
}

const CRUD = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] as const;
const GET_PATCH_UPDATE = ['get', 'patch', 'update'] as const;
const CREATE = ['create'] as const;
const CONNECT = ['create', 'get'] as const;
const PROXY = ['create', 'delete', 'get', 'patch', 'update'] as const;

const status: SubresourceSpec = { name: 'status', verbs: GET_PATCH_UPDATE };
const scale: SubresourceSpec = { name: 'scale', verbs: GET_PATCH_UPDATE };

type Extra = Partial<Pick<ResourceSpec, 'verbs' | 'subresources' | 'stage' | 'since' | 'until'>>;

function ns(name: string, extra: Extra = {}): ResourceSpec {
  return { name, namespaced: true, verbs: CRUD, subresources: [], stage: 'ga', ...extra };
}
function cluster(name: string, extra: Extra = {}): ResourceSpec {
  return { name, namespaced: false, verbs: CRUD, subresources: [], stage: 'ga', ...extra };
}

export const BUILTIN_GROUPS: readonly GroupSpec[] = [
  {
    group: '',
    resources: [
      ns('bindings', { verbs: CREATE }),
      cluster('componentstatuses', { verbs: ['get', 'list'] }),
      ns('configmaps'),
      ns('endpoints'),
      ns('events'),
      ns('limitranges'),
      cluster('namespaces', {
        verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
        subresources: [{ name: 'finalize', verbs: ['update'] }, status],
      }),
      cluster('nodes', { subresources: [{ name: 'proxy', verbs: PROXY }, status] }),
      ns('persistentvolumeclaims', { subresources: [status] }),
      cluster('persistentvolumes', { subresources: [status] }),
      ns('pods', {
        subresources: [
          { name: 'attach', verbs: CONNECT },
          { name: 'binding', verbs: CREATE },
          { name: 'ephemeralcontainers', verbs: GET_PATCH_UPDATE },
          { name: 'eviction', verbs: CREATE },
          { name: 'exec', verbs: CONNECT },
          { name: 'log', verbs: ['get'] },
          { name: 'portforward', verbs: CONNECT },
          { name: 'proxy', verbs: PROXY },
          { name: 'resize', verbs: GET_PATCH_UPDATE, since: 32 },
          status,
        ],
      }),
      ns('podtemplates'),
      ns('replicationcontrollers', { subresources: [scale, status] }),
      ns('resourcequotas', { subresources: [status] }),
      ns('secrets'),
      ns('serviceaccounts', { subresources: [{ name: 'token', verbs: CREATE }] }),
      ns('services', { subresources: [{ name: 'proxy', verbs: PROXY }, status] }),
    ],
  },
  {
    group: 'admissionregistration.k8s.io',
    resources: [
      cluster('mutatingwebhookconfigurations'),
      cluster('validatingwebhookconfigurations'),
      cluster('validatingadmissionpolicies', { subresources: [status] }),
      cluster('validatingadmissionpolicybindings'),
      cluster('mutatingadmissionpolicies', { stage: 'beta', since: 32 }),
      cluster('mutatingadmissionpolicybindings', { stage: 'beta', since: 32 }),
    ],
  },
  {
    group: 'apiextensions.k8s.io',
    resources: [cluster('customresourcedefinitions', { subresources: [status] })],
  },
  {
    group: 'apiregistration.k8s.io',
    resources: [cluster('apiservices', { subresources: [status] })],
  },
  {
    group: 'apps',
    resources: [
      ns('controllerrevisions'),
      ns('daemonsets', { subresources: [status] }),
      ns('deployments', { subresources: [scale, status] }),
      ns('replicasets', { subresources: [scale, status] }),
      ns('statefulsets', { subresources: [scale, status] }),
    ],
  },
  {
    group: 'authentication.k8s.io',
    resources: [cluster('selfsubjectreviews', { verbs: CREATE }), cluster('tokenreviews', { verbs: CREATE })],
  },
  {
    group: 'authorization.k8s.io',
    resources: [
      ns('localsubjectaccessreviews', { verbs: CREATE }),
      cluster('selfsubjectaccessreviews', { verbs: CREATE }),
      cluster('selfsubjectrulesreviews', { verbs: CREATE }),
      cluster('subjectaccessreviews', { verbs: CREATE }),
    ],
  },
  {
    group: 'autoscaling',
    resources: [ns('horizontalpodautoscalers', { subresources: [status] })],
  },
  {
    group: 'batch',
    resources: [ns('cronjobs', { subresources: [status] }), ns('jobs', { subresources: [status] })],
  },
  {
    group: 'certificates.k8s.io',
    resources: [
      cluster('certificatesigningrequests', {
        subresources: [{ name: 'approval', verbs: GET_PATCH_UPDATE }, status],
      }),
      cluster('clustertrustbundles', { stage: 'beta' }),
      ns('podcertificaterequests', { stage: 'beta', since: 34, subresources: [status] }),
    ],
  },
  {
    group: 'coordination.k8s.io',
    resources: [ns('leases'), ns('leasecandidates', { stage: 'beta', since: 31 })],
  },
  {
    group: 'discovery.k8s.io',
    resources: [ns('endpointslices')],
  },
  {
    group: 'events.k8s.io',
    resources: [ns('events')],
  },
  {
    group: 'flowcontrol.apiserver.k8s.io',
    resources: [
      cluster('flowschemas', { subresources: [status] }),
      cluster('prioritylevelconfigurations', { subresources: [status] }),
    ],
  },
  {
    group: 'internal.apiserver.k8s.io',
    resources: [cluster('storageversions', { stage: 'alpha', subresources: [status] })],
  },
  {
    group: 'networking.k8s.io',
    resources: [
      cluster('clustercidrs', { stage: 'alpha', until: 28 }),
      cluster('ingressclasses'),
      ns('ingresses', { subresources: [status] }),
      cluster('ipaddresses'),
      ns('networkpolicies'),
      cluster('servicecidrs', { since: 29, subresources: [status] }),
    ],
  },
  {
    group: 'node.k8s.io',
    resources: [cluster('runtimeclasses')],
  },
  {
    group: 'policy',
    resources: [ns('poddisruptionbudgets', { subresources: [status] })],
  },
  {
    group: 'rbac.authorization.k8s.io',
    resources: [cluster('clusterrolebindings'), cluster('clusterroles'), ns('rolebindings'), ns('roles')],
  },
  {
    group: 'resource.k8s.io',
    resources: [
      // Classic DRA (v1alpha2, removed in 1.32) ...
      cluster('resourceclasses', { stage: 'alpha', until: 30 }),
      ns('podschedulingcontexts', { stage: 'alpha', until: 31, subresources: [status] }),
      ns('resourceclaimparameters', { stage: 'alpha', since: 30, until: 30 }),
      cluster('resourceclassparameters', { stage: 'alpha', since: 30, until: 30 }),
      // ... and structured parameters (v1alpha3 in 1.31, v1beta1 1.32, v1 1.34).
      cluster('deviceclasses', { since: 31 }),
      ns('resourceclaims', { subresources: [status] }),
      ns('resourceclaimtemplates'),
      cluster('resourceslices', { since: 30 }),
      cluster('devicetaintrules', { stage: 'alpha', since: 33 }),
    ],
  },
  {
    group: 'scheduling.k8s.io',
    resources: [
      cluster('priorityclasses'),
      ns('workloads', { stage: 'alpha', since: 35 }),
      ns('podgroups', { stage: 'alpha', since: 36, subresources: [status] }),
    ],
  },
  {
    group: 'storage.k8s.io',
    resources: [
      cluster('csidrivers'),
      cluster('csinodes'),
      ns('csistoragecapacities'),
      cluster('storageclasses'),
      cluster('volumeattachments', { subresources: [status] }),
      cluster('volumeattributesclasses', { since: 29 }),
    ],
  },
  {
    group: 'storagemigration.k8s.io',
    resources: [cluster('storageversionmigrations', { stage: 'beta', since: 30, subresources: [status] })],
  },
];

/** Groups that used to be built in and are no longer served in 1.28+ (their resources moved). */
export const REMOVED_GROUPS: Readonly<Record<string, string>> = {
  extensions: 'extensions/v1beta1 was removed in Kubernetes 1.22 (ingresses moved to networking.k8s.io)',
};
