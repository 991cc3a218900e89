// The simulated cluster behind a generated log: nodes, namespaces with their workloads and pods, and everyone who
// talks to the API server (kubelets, controllers, add-ons, people, CI), with how each is authenticated and
// authorised. Built once per log from the seed.
import type { Random } from './random.ts';

export const KUBE_VERSION = 'v1.31.4';
const KUBE_COMMIT = 'a78aa47';
export const CONTROL_PLANE_IP = '10.20.0.2';

export interface ClusterNode {
  name: string;
  ip: string;
  uid: string;
}

export interface Workload {
  namespace: string;
  app: string;
  /** The pod-template hash of its current ReplicaSet. */
  hash: string;
  pods: string[];
  image: string;
  uid: string;
}

export type IdentityKind = 'node' | 'controller' | 'system' | 'addon' | 'human' | 'ci' | 'anonymous';

export interface Identity {
  kind: IdentityKind;
  username: string;
  groups: string[];
  userAgent: string;
  /** Where its requests come from; CI runners come from a pool, so they get an address per request. */
  sourceIP: (random: Random) => string;
  /** The `user` member of an event, serialised once. */
  userJson: string;
  /** The authorizer's reason for an allowed request in a namespace (RBAC's wording). */
  allowedReason: (namespace: string | undefined) => string;
  /** People only: what they may do. */
  role?: 'admin' | 'developer';
  namespaces?: string[];
}

export interface Cluster {
  nodes: ClusterNode[];
  namespaces: string[];
  workloads: Workload[];
  workloadsIn: Map<string, Workload[]>;
  /** Namespaces where applications (not cluster add-ons) run. */
  appNamespaces: string[];
  kubelets: Identity[];
  controllers: Identity[];
  scheduler: Identity;
  controllerManager: Identity;
  apiserver: Identity;
  kubeProxy: Identity[];
  addons: Map<string, Identity>;
  humans: Identity[];
  ci: Identity[];
  anonymous: Identity;
  /** Someone without valid credentials (a scanner, an expired token). */
  stranger: Identity;
}

const APPS: Record<string, string[]> = {
  'kube-system': ['coredns', 'metrics-server', 'csi-controller', 'cluster-autoscaler'],
  'kube-public': [],
  'kube-node-lease': [],
  default: [],
  prod: ['storefront', 'checkout', 'payments', 'catalog', 'cart', 'search', 'orders', 'notifications'],
  staging: ['storefront', 'checkout', 'payments', 'catalog'],
  dev: ['storefront', 'sandbox', 'experiments'],
  data: ['kafka', 'zookeeper', 'postgres', 'redis', 'clickhouse'],
  'team-ml': ['trainer', 'feature-store', 'model-server'],
  monitoring: ['prometheus', 'alertmanager', 'grafana', 'kube-state-metrics', 'node-exporter'],
  'ingress-nginx': ['ingress-nginx-controller'],
  'cert-manager': ['cert-manager', 'cert-manager-webhook', 'cert-manager-cainjector'],
  argocd: ['argocd-server', 'argocd-repo-server', 'argocd-application-controller'],
  ci: ['runner'],
};

/** kube-controller-manager's controllers, each with its own service account (--use-service-account-credentials). */
export const CONTROLLERS = [
  'replicaset-controller',
  'deployment-controller',
  'endpointslice-controller',
  'endpoint-controller',
  'generic-garbage-collector',
  'namespace-controller',
  'resourcequota-controller',
  'horizontal-pod-autoscaler',
  'job-controller',
  'cronjob-controller',
  'daemon-set-controller',
  'statefulset-controller',
  'node-controller',
  'disruption-controller',
  'pvc-protection-controller',
  'persistent-volume-binder',
  'service-account-controller',
  'root-ca-cert-publisher',
  'ttl-after-finished-controller',
] as const;

function quote(text: string): string {
  return JSON.stringify(text);
}

function userJson(username: string, groups: string[], uid?: string, extra?: Record<string, string[]>): string {
  let json = `{"username":${quote(username)}`;
  if (uid) json += `,"uid":"${uid}"`;
  json += `,"groups":${JSON.stringify(groups)}`;
  if (extra) json += `,"extra":${JSON.stringify(extra)}`;
  return json + '}';
}

const clusterRoleBinding = (binding: string, role: string, subject: string) =>
  `RBAC: allowed by ClusterRoleBinding ${quote(binding)} of ClusterRole ${quote(role)} to ${subject}`;
const roleBinding = (binding: string, namespace: string, role: string, subject: string) =>
  `RBAC: allowed by RoleBinding ${quote(`${binding}/${namespace}`)} of ClusterRole ${quote(role)} to ${subject}`;
const serviceAccountSubject = (namespace: string, name: string) => `ServiceAccount ${quote(`${name}/${namespace}`)}`;

export function buildCluster(random: Random, nodeCount: number): Cluster {
  const nodes: ClusterNode[] = [];
  for (let i = 0; i < nodeCount; i++) {
    const ip = `10.20.${1 + (i >> 7)}.${10 + (i & 127)}`;
    nodes.push({ name: `worker-${String(i + 1).padStart(2, '0')}.k8s.example.internal`, ip, uid: random.uuid() });
  }
  const workloads: Workload[] = [];
  const workloadsIn = new Map<string, Workload[]>();
  for (const [namespace, apps] of Object.entries(APPS)) {
    const list = apps.map((app) => {
      const hash = random.suffix(random.int(9, 10));
      const pods = Array.from({ length: random.int(1, 4) }, () => `${app}-${hash}-${random.suffix(5)}`);
      const registry = namespace === 'kube-system' ? 'registry.k8s.io' : 'registry.example.com/shop';
      const image = `${registry}/${app}:v${random.int(1, 4)}.${random.int(0, 30)}.${random.int(0, 12)}`;
      return { namespace, app, hash, pods, image, uid: random.uuid() };
    });
    workloads.push(...list);
    workloadsIn.set(namespace, list);
  }

  const at = (ip: string) => () => ip;
  /** Users of client certificates rotated by kubeadm and kubelets carry the fingerprint in extra (1.31+). */
  const certificate = () => ({ 'authentication.kubernetes.io/credential-id': [`X509SHA256=${random.hex(64)}`] });
  const podIP = () => `10.64.${random.int(0, 63)}.${random.int(2, 250)}`;
  const component = (name: string) => `${name}/${KUBE_VERSION} (linux/amd64) kubernetes/${KUBE_COMMIT}`;

  /** A service account whose token is bound to one of its pods (1.30+ adds the pod and node to `extra`). */
  const podServiceAccount = (namespace: string, name: string, userAgent: string, app = name): Identity => {
    const workload = workloadsIn.get(namespace)?.find((w) => w.app === app);
    const pod = workload ? workload.pods[0]! : `${app}-0`;
    const node = random.pick(nodes);
    const ip = podIP();
    const username = `system:serviceaccount:${namespace}:${name}`;
    const groups = ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'];
    const extra = {
      'authentication.kubernetes.io/credential-id': [`JTI=${random.uuid()}`],
      'authentication.kubernetes.io/node-name': [node.name],
      'authentication.kubernetes.io/node-uid': [node.uid],
      'authentication.kubernetes.io/pod-name': [pod],
      'authentication.kubernetes.io/pod-uid': [random.uuid()],
    };
    const reason = clusterRoleBinding(name, name, serviceAccountSubject(namespace, name));
    return {
      kind: 'addon',
      username,
      groups,
      userAgent,
      sourceIP: at(ip),
      userJson: userJson(username, groups, random.uuid(), extra),
      allowedReason: () => reason,
    };
  };

  const kubelets = nodes.map((node): Identity => {
    const username = `system:node:${node.name}`;
    const groups = ['system:nodes', 'system:authenticated'];
    return {
      kind: 'node',
      username,
      groups,
      userAgent: component('kubelet'),
      sourceIP: at(node.ip),
      userJson: userJson(username, groups, undefined, certificate()),
      // The Node authorizer allows without a reason.
      allowedReason: () => '',
    };
  });
  const kubeProxy = nodes.map((node): Identity => {
    const groups = ['system:authenticated'];
    return {
      kind: 'system',
      username: 'system:kube-proxy',
      groups,
      userAgent: component('kube-proxy'),
      sourceIP: at(node.ip),
      userJson: userJson('system:kube-proxy', groups),
      allowedReason: () =>
        clusterRoleBinding('kubeadm:node-proxier', 'system:node-proxier', 'User "system:kube-proxy"'),
    };
  });
  const controllers = CONTROLLERS.map((name): Identity => {
    const username = `system:serviceaccount:kube-system:${name}`;
    const groups = ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'];
    const role = `system:controller:${name}`;
    const reason = clusterRoleBinding(role, role, serviceAccountSubject('kube-system', name));
    return {
      kind: 'controller',
      username,
      groups,
      userAgent: `${component('kube-controller-manager')}/system:serviceaccount:kube-system:${name}`,
      sourceIP: at(CONTROL_PLANE_IP),
      userJson: userJson(username, groups, random.uuid()),
      allowedReason: () => reason,
    };
  });
  const systemUser = (username: string, agent: string, role: string, groups = ['system:authenticated']): Identity => ({
    kind: 'system',
    username,
    groups,
    userAgent: agent,
    sourceIP: at(CONTROL_PLANE_IP),
    userJson: userJson(username, groups),
    allowedReason: () => clusterRoleBinding(role, role, `User ${quote(username)}`),
  });
  const scheduler = systemUser(
    'system:kube-scheduler',
    `${component('kube-scheduler')}/scheduler`,
    'system:kube-scheduler',
  );
  const controllerManager = systemUser(
    'system:kube-controller-manager',
    `${component('kube-controller-manager')}/leader-election`,
    'system:kube-controller-manager',
  );
  const apiserverGroups = ['system:authenticated', 'system:masters'];
  const apiserver: Identity = {
    kind: 'system',
    username: 'system:apiserver',
    groups: apiserverGroups,
    userAgent: component('kube-apiserver'),
    sourceIP: at('::1'),
    userJson: userJson('system:apiserver', apiserverGroups, random.uuid()),
    // system:masters is allowed before RBAC is asked.
    allowedReason: () => '',
  };

  const addons = new Map<string, Identity>([
    ['coredns', podServiceAccount('kube-system', 'coredns', 'coredns/v1.11.3 (linux/amd64) kubernetes/$Format')],
    [
      'metrics-server',
      podServiceAccount('kube-system', 'metrics-server', 'metrics-server/v0.7.2 (linux/amd64) kubernetes/$Format'),
    ],
    ['prometheus', podServiceAccount('monitoring', 'prometheus', 'Prometheus/2.54.1')],
    [
      'kube-state-metrics',
      podServiceAccount('monitoring', 'kube-state-metrics', 'kube-state-metrics/v2.13.0 (linux/amd64) $Format'),
    ],
    [
      'ingress-nginx',
      podServiceAccount(
        'ingress-nginx',
        'ingress-nginx',
        'nginx-ingress-controller/v1.11.2 (linux/amd64) ingress-nginx/46e76e5916813cfca2a9b0bfdc34b69a0000f6b9',
        'ingress-nginx-controller',
      ),
    ],
    [
      'cert-manager',
      podServiceAccount('cert-manager', 'cert-manager', 'cert-manager-controller/v1.15.3 (linux/amd64) cert-manager'),
    ],
    [
      'argocd',
      podServiceAccount(
        'argocd',
        'argocd-application-controller',
        'argocd-application-controller/v2.12.4 (linux/amd64) kubernetes/$Format',
      ),
    ],
  ]);

  const person = (
    username: string,
    groups: string[],
    userAgent: string,
    ip: string,
    role: 'admin' | 'developer',
    namespaces: string[],
  ): Identity => {
    const group = groups[0]!;
    // People sign in through OIDC; the kubeadm admin uses the client certificate of admin.conf.
    const extra = username === 'kubernetes-admin' ? certificate() : undefined;
    return {
      kind: 'human',
      username,
      groups,
      userAgent,
      sourceIP: at(ip),
      userJson: userJson(username, groups, undefined, extra),
      allowedReason: (namespace) =>
        role === 'admin'
          ? clusterRoleBinding(group.replace(/^(oidc|kubeadm):/, ''), 'cluster-admin', `Group ${quote(group)}`)
          : roleBinding('developers', namespace ?? namespaces[0]!, 'edit', `Group ${quote(group)}`),
      role,
      namespaces,
    };
  };
  const humans = [
    person(
      'alice@example.com',
      ['oidc:platform-admins', 'system:authenticated'],
      'kubectl/v1.31.2 (darwin/arm64) kubernetes/5864a46',
      '203.0.113.24',
      'admin',
      ['prod', 'staging', 'data', 'monitoring', 'kube-system'],
    ),
    person(
      'bob@example.com',
      ['oidc:developers', 'system:authenticated'],
      'kubectl/v1.30.5 (linux/amd64) kubernetes/74e84a9',
      '198.51.100.77',
      'developer',
      ['dev', 'staging'],
    ),
    person(
      'carol@example.com',
      ['oidc:developers', 'oidc:team-ml', 'system:authenticated'],
      'Lens/2024.9.300059 (darwin/arm64)',
      '198.51.100.12',
      'developer',
      ['team-ml', 'dev'],
    ),
    person(
      'dave@example.com',
      ['oidc:sre', 'system:authenticated'],
      'k9s/v0.32.5 (linux/amd64) kubernetes/$Format',
      '203.0.113.90',
      'admin',
      ['prod', 'data', 'ingress-nginx', 'cert-manager'],
    ),
    person(
      'erin@example.com',
      ['oidc:data-eng', 'system:authenticated'],
      'kubectl/v1.31.1 (windows/amd64) kubernetes/948afe5',
      '192.0.2.45',
      'developer',
      ['data', 'dev'],
    ),
    person(
      'kubernetes-admin',
      ['kubeadm:cluster-admins', 'system:authenticated'],
      `kubectl/${KUBE_VERSION} (linux/amd64) kubernetes/${KUBE_COMMIT}`,
      CONTROL_PLANE_IP,
      'admin',
      ['kube-system', 'prod'],
    ),
  ];

  const ciAccount = (namespace: string, name: string, userAgent: string, pool: string): Identity => {
    const username = `system:serviceaccount:${namespace}:${name}`;
    const groups = ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'];
    return {
      kind: 'ci',
      username,
      groups,
      userAgent,
      sourceIP: (r) => `${pool}.${r.int(1, 254)}`,
      userJson: userJson(username, groups, random.uuid()),
      allowedReason: (ns) => roleBinding('deployer', ns ?? 'prod', 'deployer', serviceAccountSubject(namespace, name)),
    };
  };
  const ci = [
    ciAccount('ci', 'github-actions', 'kubectl/v1.31.0 (linux/amd64) kubernetes/9edcffc', '20.55.14'),
    ciAccount('ci', 'helm-deployer', 'Helm/3.16.1', '20.55.14'),
    ciAccount('ci', 'gitlab-runner', 'kubectl/v1.29.8 (linux/amd64) kubernetes/2f6c4f5', '35.231.145'),
    { ...addons.get('argocd')!, kind: 'ci' as const },
  ];

  const anonymousGroups = ['system:unauthenticated'];
  const anonymous: Identity = {
    kind: 'anonymous',
    username: 'system:anonymous',
    groups: anonymousGroups,
    userAgent: 'kube-probe/1.31',
    sourceIP: (r) => r.pick([CONTROL_PLANE_IP, '10.20.0.3', '10.20.0.4', '127.0.0.1']),
    userJson: userJson('system:anonymous', anonymousGroups),
    allowedReason: () =>
      clusterRoleBinding('system:public-info-viewer', 'system:public-info-viewer', 'Group "system:unauthenticated"'),
  };

  const stranger: Identity = { ...anonymous, userAgent: 'python-requests/2.32.3' };

  return {
    nodes,
    namespaces: Object.keys(APPS),
    workloads,
    workloadsIn,
    appNamespaces: ['prod', 'prod', 'prod', 'staging', 'staging', 'dev', 'data', 'data', 'team-ml', 'monitoring'],
    kubelets,
    controllers,
    scheduler,
    controllerManager,
    apiserver,
    kubeProxy,
    addons,
    humans,
    ci,
    anonymous,
    stranger,
  };
}
