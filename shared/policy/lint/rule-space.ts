// Turns policy rules into unions of boxes (see match-space.ts) and answers, exactly, which requests each rule
// actually receives under first-match-wins.
//
// Decision procedure (documented here because the linter's "unreachable" verdict rests on it):
//  1. The request space is the attribute tuple the checker reads: kind (resource or not), identity (no user, or a
//     user name with any finite set of groups), verb, namespace, apiGroup, resource, subresource, name, path.
//     Every string is free except that resource and subresource never contain "/" (RequestInfo splits the URL on
//     "/"). No other realism constraint is assumed (e.g. a non-resource request may have any path).
//  2. Each rule maps to a finite union of boxes by following checker.go: users / userGroups also require a user;
//     namespaces or resources make it a resource rule (nonResourceURLs are then ignored, as the checker does);
//     every (group entry × resource pattern) becomes one box, with resourceNames only on that entry's boxes; the
//     resource pattern forms `*`, `res`, `res/sub`, `*/sub`, `res/*` (and the odd `*/*`) are decoded into exact
//     (resource, subresource) sets; nonResourceURLs become exact / prefix path atoms.
//  3. What rule k receives = boxes(k) minus boxes(j) for every j < k, computed by exact box difference. Rule k is
//     unreachable iff nothing remains. Emptiness per attribute is exact (finite/cofinite strings, "shares a group
//     with each of S1..Sn and none of A", prefix/equality path constraints), so the verdict is exact, not a
//     heuristic. A size budget stops pathological policies; the verdict is then "unknown" and no warning is given.
import type { KubeVersion, PolicyRule, RequestAttributes } from '../types.ts';
import {
  groupsIntersecting,
  intersectBoxes,
  pathOfSpec,
  sampleString,
  strAll,
  strOf,
  subtractBox,
  universeBox,
  type Box,
  type PathTerm,
  type StrSet,
} from './match-space.ts';

/** Give up (verdict "unknown") when a remainder grows beyond this many boxes. */
export const BOX_BUDGET = 20000;

interface ResourcePart {
  resource: StrSet;
  subresource: StrSet;
}

/** The exact (resource, subresource) pairs a `resources` entry matches; resource and subresource contain no "/". */
export function decodeResourcePattern(pattern: string): ResourcePart[] {
  if (pattern === '*') return [{ resource: strAll, subresource: strAll }];
  const slash = pattern.indexOf('/');
  if (slash < 0) return [{ resource: strOf([pattern]), subresource: strOf(['']) }];
  if (pattern.indexOf('/', slash + 1) >= 0) return []; // two slashes can never equal "resource/subresource"
  const head = pattern.slice(0, slash);
  const tail = pattern.slice(slash + 1);
  const parts: ResourcePart[] = [];
  if (tail !== '') parts.push({ resource: strOf([head]), subresource: strOf([tail]) }); // literal res/sub
  if (head === '*' && tail !== '') parts.push({ resource: strAll, subresource: strOf([tail]) }); // */sub
  if (tail === '*') parts.push({ resource: strOf([head]), subresource: strAll }); // res/* (includes res itself)
  return parts;
}

export function groupWildcardActive(version: KubeVersion): boolean {
  return version.minor >= 36;
}

/** The requests a rule matches, as a union of boxes (possibly none). */
export function ruleBoxes(rule: PolicyRule, version: KubeVersion): Box[] {
  const base = universeBox();
  if (rule.users.length > 0) {
    base.auth = strOf(['user']);
    base.user = strOf(rule.users);
  }
  if (rule.userGroups.length > 0) {
    base.auth = strOf(['user']);
    base.groups = groupsIntersecting(rule.userGroups);
  }
  if (rule.verbs.length > 0) base.verb = strOf(rule.verbs);
  if (rule.namespaces.length > 0 || rule.resources.length > 0) {
    base.kind = strOf(['resource']);
    if (rule.namespaces.length > 0) base.namespace = strOf(rule.namespaces);
    if (rule.resources.length === 0) return [base];
    const boxes: Box[] = [];
    for (const entry of rule.resources) {
      const apiGroup = entry.group === '*' && groupWildcardActive(version) ? strAll : strOf([entry.group]);
      if (entry.resources.length === 0) {
        boxes.push({ ...base, apiGroup });
        continue;
      }
      const name = entry.resourceNames.length > 0 ? strOf(entry.resourceNames) : strAll;
      for (const pattern of entry.resources) {
        for (const part of decodeResourcePattern(pattern)) boxes.push({ ...base, apiGroup, name, ...part });
      }
    }
    return boxes;
  }
  if (rule.nonResourceURLs.length > 0) {
    base.kind = strOf(['nonresource']);
    base.path = { terms: rule.nonResourceURLs.map(pathOfSpec) };
  }
  return [base];
}

export interface Remainder {
  /** null when the budget was exceeded (verdict unknown). */
  boxes: Box[] | null;
  /** Indexes of the subtracted rules that took part of the set away (in order). */
  takers: number[];
}

/** `boxes` minus every rule in `rules` (in order), tracking which rules overlap what is left. */
export function subtractRules(boxes: Box[], rules: readonly Box[][], indexes: readonly number[]): Remainder {
  let remaining = boxes;
  const takers: number[] = [];
  for (const index of indexes) {
    if (remaining.length === 0) break;
    let took = false;
    for (const c of rules[index]!) {
      const next: Box[] = [];
      for (const b of remaining) {
        const pieces = subtractBox(b, c);
        if (pieces.length !== 1 || pieces[0] !== b) took = true;
        next.push(...pieces);
      }
      remaining = next;
      if (remaining.length > BOX_BUDGET) return { boxes: null, takers };
    }
    if (took) takers.push(index);
  }
  return { boxes: remaining, takers };
}

export interface RuleReach {
  /** The requests this rule decides (its matches minus earlier rules' matches); null = unknown (budget). */
  boxes: Box[] | null;
  /** Earlier rules that take some of this rule's matches. */
  shadowedBy: number[];
}

export interface PolicySpace {
  ruleBoxes: Box[][];
  reach: RuleReach[];
  /** Requests that match no rule (level None); null = unknown. */
  unmatched: Box[] | null;
}

export function analysePolicy(rules: readonly PolicyRule[], version: KubeVersion): PolicySpace {
  const boxes = rules.map((rule) => ruleBoxes(rule, version));
  const reach = boxes.map((own, k) => {
    const earlier = Array.from({ length: k }, (_, j) => j);
    const { boxes: remaining, takers } = subtractRules(own, boxes, earlier);
    return { boxes: remaining, shadowedBy: takers };
  });
  const all = Array.from({ length: rules.length }, (_, j) => j);
  const unmatched = subtractRules([universeBox()], boxes, all).boxes;
  return { ruleBoxes: boxes, reach, unmatched };
}

/** The smallest m such that rules 0..m together cover `boxes` (so moving a rule above m makes it reachable). */
export function firstCoveringPrefix(boxes: Box[], rules: readonly Box[][], before: number): number | null {
  let remaining = boxes;
  for (let m = 0; m < before; m++) {
    const result = subtractRules(remaining, rules, [m]);
    if (!result.boxes) return null;
    remaining = result.boxes;
    if (remaining.length === 0) return m;
  }
  return null;
}

/** The part of `a` that lies in `b`. */
export function intersectAll(a: readonly Box[], b: readonly Box[]): Box[] {
  const out: Box[] = [];
  for (const x of a)
    for (const y of b) {
      const z = intersectBoxes(x, y);
      if (z) out.push(z);
    }
  return out;
}

function samplePath(term: PathTerm): string {
  if (term.eq !== null) return term.eq;
  // Continue the prefix with a character no negative prefix continues with, then avoid the excluded exact paths.
  const blocked = new Set(
    term.notPrefixes
      .filter((p) => p.length > term.prefix.length && p.startsWith(term.prefix))
      .map((p) => p[term.prefix.length]),
  );
  const next =
    [...(term.prefix === '' ? '/' : ''), ...'x_abcdefghijklmnopqrstuvwyz0123456789'].find((c) => !blocked.has(c)) ??
    '~';
  let path = term.prefix + next;
  while (term.notEq.includes(path)) path += next;
  return path;
}

/** One concrete request inside a non-empty box (a witness shown in messages and used by tests). */
export function sampleRequest(box: Box): RequestAttributes {
  const authenticated = box.auth.vals.has('user') || (box.auth.neg && !box.auth.vals.has('user'));
  const groups: string[] = [];
  for (const set of box.groups.must) {
    if (groups.some((g) => set.has(g))) continue;
    groups.push([...set].find((g) => !box.groups.avoid.has(g))!);
  }
  const isResourceRequest = box.kind.neg ? !box.kind.vals.has('resource') : box.kind.vals.has('resource');
  const term = box.path.terms[0];
  return {
    user: authenticated ? sampleString(box.user, 'alice') : null,
    groups: authenticated ? groups : [],
    verb: sampleString(box.verb, 'get'),
    namespace: sampleString(box.namespace, 'default'),
    apiGroup: sampleString(box.apiGroup, 'example.com'),
    resource: sampleString(box.resource, 'widgets'),
    subresource: sampleString(box.subresource, ''),
    name: sampleString(box.name, 'obj'),
    path: term ? samplePath(term) : '/',
    isResourceRequest,
  };
}
