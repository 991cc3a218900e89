import type { PolicyPreset } from './preset.ts';

export const kubernetesDocsExample: PolicyPreset = {
  id: 'kubernetes-docs-example',
  name: 'Kubernetes documentation example',
  description: 'The rule set shown in the Kubernetes "Auditing" task page, annotated.',
  rationale:
    'A teaching example rather than a production policy: it demonstrates every kind of rule (resource, subresource, ' +
    'resourceNames, users, userGroups, non-resource URLs, namespaces, a catch-all). It is kept as documented, so the ' +
    'linter still points out two of its choices: ConfigMap bodies in kube-system are logged at Request level, and ' +
    'serviceaccounts/token requests fall into the Request rule for the core group. The "extensions" group it names ' +
    'has not been served since Kubernetes 1.22. Start from the security or baseline presets for real clusters.',
  yaml: `# Annotated version of the example policy from the Kubernetes "Auditing" documentation.
apiVersion: audit.k8s.io/v1
kind: Policy
# No event at RequestReceived: the ResponseComplete event carries the same data plus the outcome.
omitStages:
  - RequestReceived
rules:
  # Pod objects themselves (not their subresources) with request and response bodies.
  - level: RequestResponse
    resources:
      - group: ""
        resources: ["pods"]
  # Pod logs and status updates: who and when is enough.
  - level: Metadata
    resources:
      - group: ""
        resources: ["pods/log", "pods/status"]
  # The leader-election ConfigMap is touched constantly; skip it.
  - level: None
    resources:
      - group: ""
        resources: ["configmaps"]
        resourceNames: ["controller-leader"]
  # kube-proxy watching endpoints and services is pure noise.
  - level: None
    users: ["system:kube-proxy"]
    verbs: ["watch"]
    resources:
      - group: ""
        resources: ["endpoints", "services"]
  # Authenticated discovery and version requests are not interesting.
  - level: None
    userGroups: ["system:authenticated"]
    nonResourceURLs:
      - "/api*"
      - "/version"
  # ConfigMap changes in kube-system with their request bodies.
  - level: Request
    resources:
      - group: ""
        resources: ["configmaps"]
    namespaces: ["kube-system"]
  # Secrets and the remaining ConfigMaps: metadata only, so their contents never reach the log.
  - level: Metadata
    resources:
      - group: ""
        resources: ["secrets", "configmaps"]
  # Everything else in the core and extensions groups with request bodies.
  - level: Request
    resources:
      - group: ""
      - group: "extensions"
  # Catch-all: every other request at Metadata.
  - level: Metadata
    omitStages:
      - RequestReceived
`,
};
