import type { PolicyPreset } from './preset.ts';

export const metadataBaseline: PolicyPreset = {
  id: 'metadata-baseline',
  name: 'Low-noise metadata baseline',
  description: 'Who did what and when, for every request, without the high-volume background chatter.',
  rationale:
    'Metadata level never records bodies, so nothing secret reaches the log and events stay small. Most volume in ' +
    'an idle cluster comes from a few sources with no audit value: lease renewals for node heartbeats and leader ' +
    'election, health and readiness probes, kube-proxy and control-plane components re-listing and watching, and ' +
    'Event objects (which are themselves a record). Dropping only those keeps every human and workload action. ' +
    'Requests that fail authentication still reach the catch-all, and ResponseStarted is kept because 401 ' +
    'failures are only logged at that stage.',
  yaml: `# Low-noise baseline: metadata for everything except known high-volume, low-risk traffic.
apiVersion: audit.k8s.io/v1
kind: Policy
# One event per request instead of two; ResponseComplete has everything RequestReceived has.
omitStages:
  - RequestReceived
# Metadata level logs no bodies; this also covers any rule raised to Request later.
omitManagedFields: true
rules:
  # Probes and version checks arrive every few seconds from kubelets and load balancers.
  - level: None
    nonResourceURLs:
      - /healthz*
      - /livez*
      - /readyz*
      - /version
  # Lease reads and renewals: node heartbeats and leader election, several per second per cluster.
  - level: None
    verbs: ["get", "update", "patch"]
    resources:
      - group: coordination.k8s.io
        resources: ["leases"]
  # kube-proxy keeps watching services and endpoints on every node.
  - level: None
    users: ["system:kube-proxy"]
    verbs: ["list", "watch"]
    resources:
      - group: ""
        resources: ["endpoints", "services", "nodes"]
      - group: discovery.k8s.io
        resources: ["endpointslices"]
  # Control-plane components re-list and watch everything they reconcile; their writes are still logged.
  - level: None
    users:
      - system:kube-controller-manager
      - system:kube-scheduler
      - system:apiserver
    verbs: ["get", "list", "watch"]
  # Events are a record of their own and the most frequent write in most clusters.
  - level: None
    resources:
      - group: ""
        resources: ["events"]
      - group: events.k8s.io
        resources: ["events"]
  # Catch-all: every other request, including ones that fail authentication, at Metadata.
  - level: Metadata
`,
};
