// The reference evaluator: a direct reading of k8s.io/apiserver pkg/audit/policy/checker.go, rule by rule.
// It favours obviousness over speed; compile.ts is the fast path and must agree with it.
import {
  DEFAULT_KUBE_VERSION,
  type EvaluationResult,
  type KubeVersion,
  type Level,
  type Policy,
  type PolicyRule,
  type RequestAttributes,
  type Stage,
} from './types.ts';

export function evaluatePolicy(
  policy: Policy,
  request: RequestAttributes,
  version: KubeVersion = DEFAULT_KUBE_VERSION,
): EvaluationResult {
  for (let index = 0; index < policy.rules.length; index++) {
    const rule = policy.rules[index]!;
    if (ruleMatches(rule, request, version)) {
      return {
        level: rule.level as Level,
        omitStages: stageSet(policy.omitStages, rule.omitStages),
        omitManagedFields: rule.omitManagedFields ?? policy.omitManagedFields,
        rule: index,
      };
    }
  }
  return {
    level: 'None',
    omitStages: stageSet(policy.omitStages, []),
    omitManagedFields: policy.omitManagedFields,
    rule: -1,
  };
}

/** Policy omitStages ∪ rule omitStages, sorted (the apiserver's set has no order). */
export function stageSet(policyStages: readonly string[], ruleStages: readonly string[]): Stage[] {
  return [...new Set([...policyStages, ...ruleStages])].sort() as Stage[];
}

export function ruleMatches(rule: PolicyRule, request: RequestAttributes, version: KubeVersion): boolean {
  if (rule.users.length > 0) {
    if (request.user === null || !rule.users.includes(request.user)) return false;
  }
  if (rule.userGroups.length > 0) {
    if (request.user === null) return false;
    if (!request.groups.some((group) => rule.userGroups.includes(group))) return false;
  }
  if (rule.verbs.length > 0 && !rule.verbs.includes(request.verb)) return false;
  if (rule.namespaces.length > 0 || rule.resources.length > 0) return ruleMatchesResource(rule, request, version);
  if (rule.nonResourceURLs.length > 0) return ruleMatchesNonResource(rule, request);
  return true;
}

export function ruleMatchesResource(rule: PolicyRule, request: RequestAttributes, version: KubeVersion): boolean {
  if (!request.isResourceRequest) return false;
  if (rule.namespaces.length > 0 && !rule.namespaces.includes(request.namespace)) return false;
  if (rule.resources.length === 0) return true;
  const { apiGroup, resource, subresource, name } = request;
  const combined = subresource === '' ? resource : `${resource}/${subresource}`;
  const groupWildcard = version.minor >= 36;
  for (const entry of rule.resources) {
    if (entry.group !== apiGroup && !(groupWildcard && entry.group === '*')) continue;
    if (entry.resources.length === 0) return true;
    for (const pattern of entry.resources) {
      if (entry.resourceNames.length > 0 && !entry.resourceNames.includes(name)) continue;
      if (pattern === combined || pattern === '*') return true;
      if (subresource !== '' && pattern.startsWith('*/') && pattern.slice(2) === subresource) return true;
      if (pattern.endsWith('/*') && pattern.slice(0, -2) === resource) return true;
    }
  }
  return false;
}

export function ruleMatchesNonResource(rule: PolicyRule, request: RequestAttributes): boolean {
  if (request.isResourceRequest) return false;
  return rule.nonResourceURLs.some((spec) => pathMatches(request.path, spec));
}

/** Go: spec == "*" || spec == path || (HasSuffix(spec, "*") && HasPrefix(path, TrimRight(spec, "*"))). */
export function pathMatches(path: string, spec: string): boolean {
  if (spec === '*' || spec === path) return true;
  return spec.endsWith('*') && path.startsWith(spec.replace(/\*+$/, ''));
}
