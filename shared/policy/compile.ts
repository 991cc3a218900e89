// Compiles a policy once into a fast matcher that returns exactly what evaluate.ts returns.
// Lists become Sets, resource patterns are sorted by form, per-rule results (with the omitStages union) are
// precomputed and shared, so an evaluation allocates nothing.
import { stageSet } from './evaluate.ts';
import {
  DEFAULT_KUBE_VERSION,
  type EvaluationResult,
  type KubeVersion,
  type Level,
  type Policy,
  type PolicyRule,
  type RequestAttributes,
} from './types.ts';

/** The patterns of one GroupResources entry, split by form. */
interface ResourceMatcher {
  /** No resources listed: every resource and subresource of the group (names are not looked at). */
  everything: boolean;
  /** resourceNames, or null for any name. */
  names: Set<string> | null;
  /** "*": every resource of the group. */
  star: boolean;
  /** Literal "res" or "res/sub" values compared with the combined resource. */
  exact: Set<string>;
  /** "*\/sub" → "sub". */
  anyResourceWithSub: Set<string>;
  /** "res/*" → "res" (matches res itself and all its subresources). */
  resourceAndSubs: Set<string>;
}

interface CompiledRule {
  users: Set<string> | null;
  userGroups: Set<string> | null;
  verbs: Set<string> | null;
  /** 0 = applies to any request, 1 = resource rule, 2 = non-resource rule. */
  kind: 0 | 1 | 2;
  namespaces: Set<string> | null;
  /** Resource matchers by API group; null = any resource (namespaces only). */
  byGroup: Map<string, ResourceMatcher[]> | null;
  /** Entries with group "*" (1.36+), tried for every group. */
  anyGroup: ResourceMatcher[];
  allPaths: boolean;
  exactPaths: Set<string>;
  pathPrefixes: string[];
  result: Readonly<EvaluationResult>;
}

export interface CompiledPolicy {
  evaluate(request: RequestAttributes): Readonly<EvaluationResult>;
}

const asSet = (values: readonly string[]): Set<string> | null => (values.length > 0 ? new Set(values) : null);

export function compilePolicy(policy: Policy, version: KubeVersion = DEFAULT_KUBE_VERSION): CompiledPolicy {
  const rules = policy.rules.map((rule, index) => compileRule(policy, rule, index, version));
  const noMatch: Readonly<EvaluationResult> = Object.freeze({
    level: 'None',
    omitStages: Object.freeze(stageSet(policy.omitStages, [])) as EvaluationResult['omitStages'],
    omitManagedFields: policy.omitManagedFields,
    rule: -1,
  });
  const count = rules.length;
  return {
    evaluate(request) {
      for (let i = 0; i < count; i++) {
        const rule = rules[i]!;
        if (matches(rule, request)) return rule.result;
      }
      return noMatch;
    },
  };
}

function compileRule(policy: Policy, rule: PolicyRule, index: number, version: KubeVersion): CompiledRule {
  const resourceRule = rule.namespaces.length > 0 || rule.resources.length > 0;
  let byGroup: Map<string, ResourceMatcher[]> | null = null;
  const anyGroup: ResourceMatcher[] = [];
  if (rule.resources.length > 0) {
    byGroup = new Map();
    for (const entry of rule.resources) {
      const matcher = compileResources(entry.resources, entry.resourceNames);
      if (entry.group === '*' && version.minor >= 36) {
        anyGroup.push(matcher);
        continue;
      }
      const list = byGroup.get(entry.group);
      if (list) list.push(matcher);
      else byGroup.set(entry.group, [matcher]);
    }
  }
  const prefixes = rule.nonResourceURLs.filter((spec) => spec.endsWith('*')).map((spec) => spec.replace(/\*+$/, ''));
  return {
    users: asSet(rule.users),
    userGroups: asSet(rule.userGroups),
    verbs: asSet(rule.verbs),
    kind: resourceRule ? 1 : rule.nonResourceURLs.length > 0 ? 2 : 0,
    namespaces: asSet(rule.namespaces),
    byGroup,
    anyGroup,
    allPaths: rule.nonResourceURLs.includes('*'),
    exactPaths: new Set(rule.nonResourceURLs),
    pathPrefixes: [...new Set(prefixes)],
    result: Object.freeze({
      level: rule.level as Level,
      omitStages: Object.freeze(stageSet(policy.omitStages, rule.omitStages)) as EvaluationResult['omitStages'],
      omitManagedFields: rule.omitManagedFields ?? policy.omitManagedFields,
      rule: index,
    }),
  };
}

function compileResources(resources: readonly string[], names: readonly string[]): ResourceMatcher {
  const matcher: ResourceMatcher = {
    everything: resources.length === 0,
    names: asSet(names),
    star: false,
    exact: new Set(),
    anyResourceWithSub: new Set(),
    resourceAndSubs: new Set(),
  };
  // One pattern can belong to several forms ("*/*" is literal, "*/<sub>" and "<res>/*" at once), as in checker.go.
  for (const pattern of resources) {
    if (pattern === '*') matcher.star = true;
    matcher.exact.add(pattern);
    if (pattern.startsWith('*/')) matcher.anyResourceWithSub.add(pattern.slice(2));
    if (pattern.endsWith('/*')) matcher.resourceAndSubs.add(pattern.slice(0, -2));
  }
  return matcher;
}

function matches(rule: CompiledRule, request: RequestAttributes): boolean {
  if (rule.users !== null && (request.user === null || !rule.users.has(request.user))) return false;
  if (rule.userGroups !== null) {
    if (request.user === null) return false;
    const groups = request.groups;
    let found = false;
    for (let i = 0; i < groups.length; i++) {
      if (rule.userGroups.has(groups[i]!)) {
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  if (rule.verbs !== null && !rule.verbs.has(request.verb)) return false;
  if (rule.kind === 1) return matchesResource(rule, request);
  if (rule.kind === 2) return !request.isResourceRequest && matchesPath(rule, request.path);
  return true;
}

function matchesResource(rule: CompiledRule, request: RequestAttributes): boolean {
  if (!request.isResourceRequest) return false;
  if (rule.namespaces !== null && !rule.namespaces.has(request.namespace)) return false;
  if (rule.byGroup === null) return true;
  const own = rule.byGroup.get(request.apiGroup);
  if (own !== undefined && anyResourceMatches(own, request)) return true;
  return rule.anyGroup.length > 0 && anyResourceMatches(rule.anyGroup, request);
}

function anyResourceMatches(matchers: readonly ResourceMatcher[], request: RequestAttributes): boolean {
  const { resource, subresource } = request;
  for (let i = 0; i < matchers.length; i++) {
    const m = matchers[i]!;
    if (m.everything) return true;
    if (m.names !== null && !m.names.has(request.name)) continue;
    if (m.star || m.resourceAndSubs.has(resource)) return true;
    if (subresource === '') {
      if (m.exact.has(resource)) return true;
    } else if (m.anyResourceWithSub.has(subresource) || m.exact.has(`${resource}/${subresource}`)) {
      return true;
    }
  }
  return false;
}

function matchesPath(rule: CompiledRule, path: string): boolean {
  if (rule.allPaths || rule.exactPaths.has(path)) return true;
  const prefixes = rule.pathPrefixes;
  for (let i = 0; i < prefixes.length; i++) if (path.startsWith(prefixes[i]!)) return true;
  return false;
}
