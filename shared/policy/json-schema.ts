// JSON Schema (draft-07) for audit.k8s.io/v1 Policy, for monaco-yaml: completion (enums and suggestions from the
// catalogue), hover documentation (descriptions) and unknown-field squiggles (additionalProperties: false).
// Values the apiserver does not validate (verbs, users, groups, resources) are suggested, never rejected.
import {
  catalogueFor,
  COMMON_NON_RESOURCE_URLS,
  COMMON_USER_GROUPS,
  COMMON_USERS,
  NON_RESOURCE_VERBS,
  RESOURCE_VERBS,
} from './catalogue.ts';
import { DEFAULT_KUBE_VERSION, LEVELS, STAGES, type KubeVersion } from './types.ts';

export const POLICY_SCHEMA_ID = 'https://auditscope.local/schemas/audit.k8s.io-v1-policy.json';

type Schema = Record<string, unknown>;

const LEVEL_DOCS: Record<(typeof LEVELS)[number], string> = {
  None: 'Do not log requests that match this rule.',
  Metadata: 'Log request metadata (user, time, resource, verb, response status) but no bodies.',
  Request: 'Log metadata and the request body (no response body). Reads have no request body.',
  RequestResponse: 'Log metadata, the request body and the response body.',
};

const STAGE_DOCS: Record<(typeof STAGES)[number], string> = {
  RequestReceived: 'As soon as the handler receives the request. Omitting it halves volume with almost no loss.',
  ResponseStarted:
    'When the response headers are sent, for long-running requests (watch, exec, logs...). Failed authentication (401) is ONLY logged at this stage: do not omit it if you care about those.',
  ResponseComplete: 'When the response body has been sent completely.',
  Panic: 'When the handler panicked.',
};

function suggestions(values: readonly string[], docs: readonly string[] = []): Schema {
  // anyOf with a free string: monaco-yaml offers the enum values but accepts anything.
  return {
    anyOf: [{ enum: [...values], ...(docs.length ? { markdownEnumDescriptions: [...docs] } : {}) }, { type: 'string' }],
  };
}

function stringList(description: string, items: Schema = { type: 'string' }): Schema {
  return { type: ['array', 'null'], description, items };
}

function stagesSchema(description: string): Schema {
  return stringList(description, {
    type: 'string',
    enum: [...STAGES],
    markdownEnumDescriptions: STAGES.map((stage) => STAGE_DOCS[stage]),
  });
}

export function policyJsonSchema(version: KubeVersion = DEFAULT_KUBE_VERSION): Schema {
  const catalogue = catalogueFor(version);
  const groups = catalogue.groups.map((group) => group.name);
  const resources = new Set<string>();
  for (const group of catalogue.groups) {
    for (const resource of group.resources) {
      resources.add(resource.name);
      for (const sub of resource.subresources) resources.add(`${resource.name}/${sub.name}`);
    }
  }
  const verbs = [...new Set([...RESOURCE_VERBS, ...NON_RESOURCE_VERBS])];
  const groupWildcard = version.minor >= 36;

  const groupResources: Schema = {
    type: 'object',
    description: 'Resources of one API group. Any entry of the list may match.',
    additionalProperties: false,
    properties: {
      group: {
        ...suggestions(groupWildcard ? [...groups, '*'] : groups),
        description:
          'API group name **without version** (`apps`, not `apps/v1`). `""` or absent is the core group.' +
          (groupWildcard
            ? ' `"*"` matches every group (Kubernetes 1.36+).'
            : ' `"*"` is invalid before Kubernetes 1.36.'),
      },
      resources: stringList(
        'Resources to match. Empty = every resource and subresource of the group. `pods` matches pods only (not `pods/log`); `pods/log` one subresource; `pods/*` pods and all its subresources; `*/status` that subresource of every resource; `*` everything in this group (core only when the group is empty). `*/*` matches nothing.',
        { ...suggestions([...resources].sort()) },
      ),
      resourceNames: stringList(
        'Object names to match (exact). Needs `resources`. Never matches `create` (the URL of a create has no name).',
      ),
    },
  };

  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: POLICY_SCHEMA_ID,
    title: 'Kubernetes audit policy (audit.k8s.io/v1)',
    type: 'object',
    additionalProperties: false,
    required: ['apiVersion', 'kind', 'rules'],
    properties: {
      apiVersion: {
        const: 'audit.k8s.io/v1',
        description: 'Must be `audit.k8s.io/v1` (v1beta1/v1alpha1 are refused since 1.24).',
      },
      kind: { const: 'Policy', description: 'Must be `Policy`.' },
      metadata: { type: 'object', description: 'Accepted and ignored by kube-apiserver.' },
      omitStages: stagesSchema(
        "Stages for which no event is generated, for every request (merged with each rule's `omitStages`).",
      ),
      omitManagedFields: {
        type: 'boolean',
        description: 'Drop `metadata.managedFields` from logged request and response bodies (default false).',
      },
      rules: {
        type: 'array',
        minItems: 1,
        description:
          'Ordered rules: the **first** matching rule decides the level. Requests that match no rule are not logged. Put exclusions (`None`) before broader rules and a catch-all last.',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['level'],
          description: 'All criteria that are set must match. An empty or absent list matches anything.',
          properties: {
            level: {
              type: 'string',
              enum: [...LEVELS],
              markdownEnumDescriptions: LEVELS.map((level) => LEVEL_DOCS[level]),
              description: 'How much of a matching request is logged.',
            },
            users: stringList(
              'User names (exact, case-sensitive). `"*"` is literal, not a wildcard. Rules with users never match requests that failed authentication.',
              suggestions(
                COMMON_USERS.filter((u) => !u.template).map((u) => u.value),
                COMMON_USERS.filter((u) => !u.template).map((u) => u.description),
              ),
            ),
            userGroups: stringList(
              'Matches when **any** of the user\'s groups is listed. `"*"` is literal.',
              suggestions(
                COMMON_USER_GROUPS.filter((g) => !g.template).map((g) => g.value),
                COMMON_USER_GROUPS.filter((g) => !g.template).map((g) => g.description),
              ),
            ),
            verbs: stringList(
              'Request verbs (exact): get, list, watch, create, update, patch, delete, deletecollection, proxy; non-resource requests use the lower-case HTTP method. `"*"` is literal.',
              suggestions(verbs),
            ),
            resources: stringList('Resource rule: API groups and resources to match.', groupResources),
            namespaces: stringList(
              'Namespaces (exact). `""` matches cluster-scoped requests and all-namespace list/watch. `"*"` is literal. Makes this a resource rule.',
              suggestions(['', 'default', 'kube-system', 'kube-public', 'kube-node-lease']),
            ),
            nonResourceURLs: stringList(
              'Non-resource paths: exact, or a prefix when ending in `*` (`/healthz*`). `*` alone matches all. Cannot be combined with resources or namespaces.',
              suggestions(
                COMMON_NON_RESOURCE_URLS.map((u) => u.value),
                COMMON_NON_RESOURCE_URLS.map((u) => u.description),
              ),
            ),
            omitStages: stagesSchema("Extra stages to omit for requests this rule matches (added to the policy's)."),
            omitManagedFields: {
              type: 'boolean',
              description: 'Overrides the policy-level `omitManagedFields` for this rule; unset = inherit.',
            },
          },
        },
      },
    },
  };
}
