// Well-known user names and groups that appear in audit policies. `template` entries contain a placeholder in angle
// brackets that the builder asks the user to fill in.

export interface KnownIdentity {
  value: string;
  description: string;
  template?: boolean;
}

export const COMMON_USER_GROUPS: readonly KnownIdentity[] = [
  { value: 'system:authenticated', description: 'Every authenticated user (including service accounts).' },
  {
    value: 'system:unauthenticated',
    description:
      'Anonymous requests (system:anonymous) when anonymous auth is on. Not requests that failed authentication: those have no user at all.',
  },
  { value: 'system:serviceaccounts', description: 'Every service account in every namespace.' },
  {
    value: 'system:serviceaccounts:<namespace>',
    description: 'Every service account of one namespace.',
    template: true,
  },
  { value: 'system:nodes', description: 'Kubelets authenticated with a node certificate (system:node:<name>).' },
  { value: 'system:masters', description: 'Break-glass superuser group; bypasses RBAC.' },
  { value: 'kubeadm:cluster-admins', description: 'kubeadm admin.conf users (kubeadm 1.29+), bound to cluster-admin.' },
  { value: 'system:bootstrappers', description: 'Bootstrap-token users joining nodes.' },
  {
    value: 'system:bootstrappers:kubeadm:default-node-token',
    description: 'kubeadm bootstrap tokens used by `kubeadm join`.',
  },
  { value: 'system:monitoring', description: 'Read access to /metrics, /healthz, /livez, /readyz.' },
];

export const COMMON_USERS: readonly KnownIdentity[] = [
  { value: 'system:anonymous', description: 'Anonymous requests (when --anonymous-auth is on).' },
  { value: 'system:apiserver', description: 'kube-apiserver talking to itself (loopback client).' },
  { value: 'system:kube-controller-manager', description: 'kube-controller-manager.' },
  { value: 'system:kube-scheduler', description: 'kube-scheduler.' },
  { value: 'system:kube-proxy', description: 'kube-proxy (watches services and endpoints: high volume).' },
  { value: 'system:cloud-controller-manager', description: 'cloud-controller-manager (when run separately).' },
  { value: 'system:node:<nodeName>', description: 'The kubelet of one node (group system:nodes).', template: true },
  {
    value: 'system:serviceaccount:<namespace>:<name>',
    description: 'One service account.',
    template: true,
  },
  {
    value: 'system:serviceaccount:kube-system:generic-garbage-collector',
    description: 'The garbage collector controller (frequent list/watch).',
  },
  {
    value: 'system:serviceaccount:kube-system:namespace-controller',
    description: 'The namespace controller (deletecollection on namespace deletion).',
  },
  { value: 'system:serviceaccount:kube-system:endpoint-controller', description: 'The endpoints controller.' },
  { value: 'kubernetes-admin', description: 'The admin user of kubeadm clusters before 1.29 (group system:masters).' },
];
