// audit.k8s.io/v1 Policy types, mirroring k8s.io/apiserver pkg/apis/audit/v1/types.go.
// Lists are normalised: absent, null and [] all become [] (the apiserver treats them alike).

export const LEVELS = ['None', 'Metadata', 'Request', 'RequestResponse'] as const;
export type Level = (typeof LEVELS)[number];

export const STAGES = ['RequestReceived', 'ResponseStarted', 'ResponseComplete', 'Panic'] as const;
export type Stage = (typeof STAGES)[number];

export interface GroupResources {
  /** API group without version; "" is the core group. */
  group: string;
  resources: string[];
  resourceNames: string[];
}

export interface PolicyRule {
  /** Kept as written so validation can report unsupported values. */
  level: string;
  users: string[];
  userGroups: string[];
  verbs: string[];
  resources: GroupResources[];
  namespaces: string[];
  nonResourceURLs: string[];
  omitStages: string[];
  /** Tri-state: undefined means "inherit the policy's value". */
  omitManagedFields?: boolean;
}

export interface Policy {
  apiVersion: string;
  kind: string;
  rules: PolicyRule[];
  omitStages: string[];
  omitManagedFields: boolean;
}

/** Kubernetes minor version, e.g. { major: 1, minor: 36 }. */
export interface KubeVersion {
  major: 1;
  minor: number;
}
export const MIN_KUBE_MINOR = 24;
export const MAX_KUBE_MINOR = 36;
export const DEFAULT_KUBE_VERSION: KubeVersion = { major: 1, minor: MAX_KUBE_MINOR };

/** The authorizer attributes the policy checker sees (RequestInfo + user). */
export interface RequestAttributes {
  /** null = no user in the context (the request failed authentication). */
  user: string | null;
  groups: string[];
  verb: string;
  namespace: string;
  apiGroup: string;
  resource: string;
  subresource: string;
  name: string;
  path: string;
  isResourceRequest: boolean;
}

export interface EvaluationResult {
  level: Level;
  /** Sorted, de-duplicated. */
  omitStages: Stage[];
  omitManagedFields: boolean;
  /** Index of the matching rule, -1 when none matched. */
  rule: number;
}

/** 1-based source position. */
export interface SourcePosition {
  line: number;
  column: number;
}

export interface SourceRange {
  start: SourcePosition;
  end: SourcePosition;
}

export type Severity = 'error' | 'warning' | 'info';

/** One finding about a policy, from the loader, validator, strict decoder or linter. */
export interface Diagnostic {
  /** Stable code, e.g. "validation", "loader", "unknown-field", "unreachable-rule". */
  code: string;
  severity: Severity;
  message: string;
  /** JSON-path-like location, e.g. "rules[0].level". */
  path?: string;
  range?: SourceRange;
  /** Rule index the finding belongs to, when it belongs to one. */
  rule?: number;
  fix?: QuickFix;
}

/** A quick fix is expressed as model edits so the builder and the YAML stay in sync. */
export interface QuickFix {
  title: string;
  edits: PolicyEdit[];
}

export type PolicyEdit =
  | { op: 'addRule'; index: number; rule: Partial<PolicyRule> & { level: string } }
  | { op: 'removeRule'; index: number }
  | { op: 'moveRule'; from: number; to: number }
  | { op: 'setRuleField'; index: number; field: keyof PolicyRule; value: unknown }
  | { op: 'setPolicyField'; field: 'omitStages' | 'omitManagedFields'; value: unknown };
