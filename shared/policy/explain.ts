// Explains an evaluation: which rule matched, and for each earlier rule the first criterion (in checker.go's
// order) that did not match, in words.
import { evaluatePolicy, pathMatches, ruleMatchesResource } from './evaluate.ts';
import {
  DEFAULT_KUBE_VERSION,
  type EvaluationResult,
  type KubeVersion,
  type Policy,
  type PolicyRule,
  type RequestAttributes,
} from './types.ts';

export type Criterion =
  | 'users'
  | 'userGroups'
  | 'verbs'
  | 'resourceRequest'
  | 'namespaces'
  | 'resources'
  | 'nonResourceRequest'
  | 'nonResourceURLs';

export interface RuleExplanation {
  rule: number;
  matched: boolean;
  /** The first criterion that failed (absent for the matching rule). */
  criterion?: Criterion;
  /** Human-readable: why it did not match, or why it matched. */
  reason: string;
}

export interface Explanation {
  result: EvaluationResult;
  /** One entry per rule up to and including the matching one (all rules when none matched). */
  rules: RuleExplanation[];
  summary: string;
}

const list = (values: readonly string[]) => `[${values.map((v) => JSON.stringify(v)).join(', ')}]`;

export function explainEvaluation(
  policy: Policy,
  request: RequestAttributes,
  version: KubeVersion = DEFAULT_KUBE_VERSION,
): Explanation {
  const result = evaluatePolicy(policy, request, version);
  const last = result.rule === -1 ? policy.rules.length - 1 : result.rule;
  const rules: RuleExplanation[] = [];
  for (let index = 0; index <= last; index++) {
    const failure = firstFailure(policy.rules[index]!, request, version);
    rules.push(
      failure
        ? { rule: index, matched: false, ...failure }
        : { rule: index, matched: true, reason: describeMatch(policy.rules[index]!) },
    );
  }
  const summary =
    result.rule === -1
      ? `no rule matched: level None (nothing is logged)`
      : `rule ${result.rule} matched: level ${result.level}` +
        (result.omitStages.length > 0 ? `, omitting stages ${result.omitStages.join(', ')}` : '');
  return { result, rules, summary };
}

/** The first criterion of `rule` that rejects `request`, in the order checker.go tests them. */
export function firstFailure(
  rule: PolicyRule,
  request: RequestAttributes,
  version: KubeVersion,
): { criterion: Criterion; reason: string } | undefined {
  if (rule.users.length > 0) {
    if (request.user === null) return { criterion: 'users', reason: 'users: the request has no authenticated user' };
    if (!rule.users.includes(request.user)) {
      return { criterion: 'users', reason: `users: ${JSON.stringify(request.user)} is not in ${list(rule.users)}` };
    }
  }
  if (rule.userGroups.length > 0) {
    if (request.user === null) {
      return { criterion: 'userGroups', reason: 'userGroups: the request has no authenticated user' };
    }
    if (!request.groups.some((group) => rule.userGroups.includes(group))) {
      return {
        criterion: 'userGroups',
        reason: `userGroups: none of the user's groups ${list(request.groups)} is in ${list(rule.userGroups)}`,
      };
    }
  }
  if (rule.verbs.length > 0 && !rule.verbs.includes(request.verb)) {
    return { criterion: 'verbs', reason: `verbs: ${JSON.stringify(request.verb)} is not in ${list(rule.verbs)}` };
  }
  if (rule.namespaces.length > 0 || rule.resources.length > 0) {
    if (!request.isResourceRequest) {
      return {
        criterion: 'resourceRequest',
        reason: `resource rule: ${JSON.stringify(request.path)} is a non-resource request`,
      };
    }
    if (rule.namespaces.length > 0 && !rule.namespaces.includes(request.namespace)) {
      return {
        criterion: 'namespaces',
        reason: `namespaces: ${JSON.stringify(request.namespace)} is not in ${list(rule.namespaces)}`,
      };
    }
    if (!ruleMatchesResource(rule, request, version)) {
      const combined = request.subresource ? `${request.resource}/${request.subresource}` : request.resource;
      const named = request.name ? ` named ${JSON.stringify(request.name)}` : ' without a name';
      return {
        criterion: 'resources',
        reason: `resources: ${JSON.stringify(combined)}${named} in group ${JSON.stringify(request.apiGroup)} matches no entry`,
      };
    }
    return undefined;
  }
  if (rule.nonResourceURLs.length > 0) {
    if (request.isResourceRequest) {
      return {
        criterion: 'nonResourceRequest',
        reason: `nonResourceURLs: ${JSON.stringify(request.path)} is a resource request`,
      };
    }
    if (!rule.nonResourceURLs.some((spec) => pathMatches(request.path, spec))) {
      return {
        criterion: 'nonResourceURLs',
        reason: `nonResourceURLs: ${JSON.stringify(request.path)} matches none of ${list(rule.nonResourceURLs)}`,
      };
    }
  }
  return undefined;
}

function describeMatch(rule: PolicyRule): string {
  const set = (['users', 'userGroups', 'verbs', 'namespaces', 'resources', 'nonResourceURLs'] as const).filter(
    (field) => rule[field].length > 0,
  );
  return set.length === 0 ? 'matched: the rule has no criteria (catch-all)' : `matched: ${set.join(', ')} all match`;
}
