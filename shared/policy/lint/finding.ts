// The shape lint checks produce before lint.ts turns paths into source ranges.
import type { PolicyPath } from '../parse.ts';
import type { GroupResources, Policy, PolicyRule, QuickFix, RequestAttributes, Severity } from '../types.ts';

export interface Finding {
  code: string;
  severity: Severity;
  message: string;
  /** Where the finding points (formatted into Diagnostic.path and resolved to a range). */
  path: PolicyPath;
  /** Point at the key of the last path segment rather than its value (e.g. a whole rule's `level:` line). */
  atKey?: boolean;
  /** Used for the range when `path` does not exist in the source (e.g. a policy without `omitStages`). */
  fallbackPath?: PolicyPath;
  rule?: number;
  fix?: QuickFix;
}

export const LINT_CODES = {
  unreachableRule: 'unreachable-rule',
  noCatchAll: 'no-catch-all',
  sensitiveBody: 'sensitive-body',
  responseStartedOmitted: 'response-started-omitted',
  requestReceivedNotOmitted: 'request-received-not-omitted',
  literalWildcard: 'literal-wildcard',
  starSlashStar: 'star-slash-star',
  coreOnlyWildcard: 'core-only-wildcard',
  resourceNamesWithCreate: 'resource-names-with-create',
  groupWithVersion: 'group-with-version',
  unknownResource: 'unknown-resource',
  unknownSubresource: 'unknown-subresource',
  removedGroup: 'removed-group',
} as const;

/** Where a rule-wide finding points: the rule's `level` value when present. */
export function rulePath(policy: Policy, index: number): PolicyPath {
  return policy.rules[index]!.level !== '' ? ['rules', index, 'level'] : ['rules', index];
}

export function cloneResources(rule: PolicyRule): GroupResources[] {
  return rule.resources.map((entry) => ({
    group: entry.group,
    resources: [...entry.resources],
    resourceNames: [...entry.resourceNames],
  }));
}

/** "rules 2, 5 and 7" — numbered from 1 like the builder's rule cards (paths such as rules[1] stay 0-based). */
export function listRules(indexes: readonly number[]): string {
  const numbers = indexes.map((index) => index + 1);
  if (numbers.length === 1) return `rule ${numbers[0]}`;
  return `rules ${numbers.slice(0, -1).join(', ')} and ${numbers[numbers.length - 1]}`;
}

/** "a, b and c". */
export function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** A one-line description of a request, for messages ("no user: GET /healthz"). */
export function describeRequest(request: RequestAttributes): string {
  const who = request.user === null ? 'a request without a user (failed authentication)' : `user "${request.user}"`;
  if (!request.isResourceRequest) return `${who}: ${request.verb || '(no verb)'} ${request.path}`;
  const group = request.apiGroup === '' ? 'core' : request.apiGroup;
  const resource = request.subresource === '' ? request.resource : `${request.resource}/${request.subresource}`;
  const where = request.namespace === '' ? 'cluster-wide' : `in namespace "${request.namespace}"`;
  return `${who}: ${request.verb || '(no verb)'} ${resource} (group ${group}) ${where}`;
}
