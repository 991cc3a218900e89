// Three profiles modelled on OpenShift's audit profiles (Default, WriteRequestBodies, AllRequestBodies), adapted to
// plain Kubernetes: the OpenShift-only API groups are left out and ConfigMaps are treated as sensitive too.
import type { PolicyPreset } from './preset.ts';

const HEADER = `apiVersion: audit.k8s.io/v1
kind: Policy
# managedFields are bookkeeping; dropping them keeps logged bodies small.
omitManagedFields: true
# One event per request; ResponseComplete carries everything RequestReceived has.
omitStages:
  - RequestReceived
rules:
  # Discovery, version and health requests from logged-in or anonymous clients are constant and harmless.
  # Requests that fail authentication have no user, so they are not matched here and reach the catch-all.
  - level: None
    userGroups: ["system:authenticated", "system:unauthenticated"]
    nonResourceURLs:
      - /api*
      - /version
      - /healthz
      - /livez
      - /readyz
`;

const SENSITIVE = `  # Bodies of these carry credentials or tokens: metadata only, above any body-logging rule.
  - level: Metadata
    resources:
      - group: ""
        resources: ["secrets", "configmaps", "serviceaccounts/token"]
      - group: authentication.k8s.io
        resources: ["tokenreviews"]
`;

export const openshiftDefault: PolicyPreset = {
  id: 'openshift-default',
  name: 'Default (OpenShift-style)',
  description: 'Metadata for every request except discovery and health checks.',
  rationale:
    'Modelled on the OpenShift "Default" audit profile: a record of who did what for every request, with no bodies ' +
    'at all, so nothing sensitive is logged and volume stays predictable. Discovery and health checks by clients ' +
    'that have a user are dropped; failed authentication is still logged by the catch-all.',
  yaml: `# Modelled on OpenShift's "Default" audit profile.
${HEADER}  # Catch-all: everything else at Metadata.
  - level: Metadata
`,
};

export const openshiftWriteRequestBodies: PolicyPreset = {
  id: 'openshift-write-request-bodies',
  name: 'WriteRequestBodies (OpenShift-style)',
  description: 'Like Default, plus request and response bodies of every write, except for credentials.',
  rationale:
    'Modelled on the OpenShift "WriteRequestBodies" profile: writes are logged with request and response so every ' +
    'change can be reconstructed, while reads stay at Metadata. Secrets, ConfigMaps, TokenReviews and token ' +
    'requests stay at Metadata so credentials never reach the log. Expect noticeably more volume than Default.',
  yaml: `# Modelled on OpenShift's "WriteRequestBodies" audit profile.
${HEADER}${SENSITIVE}  # Writes with request and response bodies.
  - level: RequestResponse
    verbs: ["create", "update", "patch", "delete", "deletecollection"]
  # Catch-all: reads and everything else at Metadata.
  - level: Metadata
`,
};

export const openshiftAllRequestBodies: PolicyPreset = {
  id: 'openshift-all-request-bodies',
  name: 'AllRequestBodies (OpenShift-style)',
  description: 'Request and response bodies of every request, except for credentials.',
  rationale:
    'Modelled on the OpenShift "AllRequestBodies" profile: the most complete record, including the responses of ' +
    'get and list, for debugging or strict compliance regimes. Credentials stay at Metadata. This is by far the ' +
    'largest profile; size the log rotation (or webhook backend) for it.',
  yaml: `# Modelled on OpenShift's "AllRequestBodies" audit profile.
${HEADER}${SENSITIVE}  # Catch-all: every other request with request and response bodies.
  - level: RequestResponse
`,
};
