import type { PolicyPreset } from './preset.ts';

export const securityProfile: PolicyPreset = {
  id: 'security',
  name: 'Security profile',
  description: 'Request bodies of every write, full bodies for RBAC changes, secrets and tokens at metadata only.',
  rationale:
    'For incident response you want to know what changed, not only who changed it: every write is logged with its ' +
    'request body, and permission changes (RBAC) with the response too, so the resulting object is on record. Reads ' +
    'stay at Metadata because responses of list and get are large and rarely needed. Secrets, ConfigMaps, ' +
    'TokenReviews and service-account token requests carry credentials in their bodies, so a rule near the top ' +
    'keeps them at Metadata before any body-logging rule can match them. Noise (probes, lease renewals, events) is ' +
    'dropped, and ResponseStarted is kept so failed authentication (401) is still logged.',
  yaml: `# Security profile: write bodies, RBAC request and response, credentials never in the log.
apiVersion: audit.k8s.io/v1
kind: Policy
# One event per request; ResponseComplete carries everything RequestReceived has.
omitStages:
  - RequestReceived
# managedFields are bookkeeping and double the size of logged objects.
omitManagedFields: true
rules:
  # Probes and version checks: constant and harmless.
  - level: None
    nonResourceURLs:
      - /healthz*
      - /livez*
      - /readyz*
      - /version
  # Lease heartbeats and leader election renewals.
  - level: None
    verbs: ["get", "update", "patch"]
    resources:
      - group: coordination.k8s.io
        resources: ["leases"]
  # Event objects: high volume, and a record of their own.
  - level: None
    resources:
      - group: ""
        resources: ["events"]
      - group: events.k8s.io
        resources: ["events"]
  # Credentials: metadata only, for every verb. This must stay above the body-logging rules below.
  - level: Metadata
    resources:
      - group: ""
        resources: ["secrets", "configmaps", "serviceaccounts/token"]
      - group: authentication.k8s.io
        resources: ["tokenreviews"]
  # Permission changes with request and response, so the resulting role or binding is on record.
  - level: RequestResponse
    verbs: ["create", "update", "patch", "delete", "deletecollection"]
    resources:
      - group: rbac.authorization.k8s.io
  # Every other write with its request body.
  - level: Request
    verbs: ["create", "update", "patch", "delete", "deletecollection"]
  # Catch-all: reads, connects (exec, attach, port-forward) and failed authentication at Metadata.
  - level: Metadata
`,
};
