// A small set algebra over the request attributes the policy checker looks at. A "box" is a Cartesian product with
// one set per attribute; a rule's match set is a union of boxes. Every set kind supports intersection, difference
// with a set a rule can produce, and an exact emptiness test, which is all the reachability analysis needs.
//
// Why a product of independent dimensions is exact here: the checker tests each attribute on its own (membership,
// prefix or "any of the groups"); the only coupling (resourceNames only apply to the resources of their own entry) is
// expressed by using several boxes, one per (group entry, resource pattern).

/** A set of strings: finite (`vals`) or cofinite (everything except `vals`). */
export interface StrSet {
  readonly neg: boolean;
  readonly vals: ReadonlySet<string>;
}

/**
 * Sets of *group lists* (a request has any finite set of groups): the lists that share at least one element with
 * every set in `must` and none with `avoid`.
 */
export interface GroupsSet {
  readonly must: readonly ReadonlySet<string>[];
  readonly avoid: ReadonlySet<string>;
}

/** One conjunction over paths: equal to `eq` (when not null), starting with `prefix`, and none of the negatives. */
export interface PathTerm {
  readonly eq: string | null;
  readonly prefix: string;
  readonly notPrefixes: readonly string[];
  readonly notEq: readonly string[];
}

/** A union of path terms. */
export interface PathSet {
  readonly terms: readonly PathTerm[];
}

interface DimOps<T> {
  readonly all: T;
  intersect(a: T, b: T): T;
  /** a \ b, where b is a set a single rule produces (so the result stays in the same representation). */
  subtract(a: T, b: T): T;
  isEmpty(a: T): boolean;
  isAll(a: T): boolean;
}

const EMPTY_STRINGS: ReadonlySet<string> = new Set();

export const strAll: StrSet = { neg: true, vals: EMPTY_STRINGS };
export function strOf(values: Iterable<string>): StrSet {
  return { neg: false, vals: new Set(values) };
}
function strIntersect(a: StrSet, b: StrSet): StrSet {
  if (!a.neg && !b.neg) return { neg: false, vals: new Set([...a.vals].filter((v) => b.vals.has(v))) };
  if (!a.neg) return { neg: false, vals: new Set([...a.vals].filter((v) => !b.vals.has(v))) };
  if (!b.neg) return { neg: false, vals: new Set([...b.vals].filter((v) => !a.vals.has(v))) };
  return { neg: true, vals: new Set([...a.vals, ...b.vals]) };
}

function strComplement(a: StrSet): StrSet {
  return { neg: !a.neg, vals: a.vals };
}

/** Strings over an infinite alphabet: a cofinite set is never empty. */
const stringOps: DimOps<StrSet> = {
  all: strAll,
  intersect: strIntersect,
  subtract: (a, b) => strIntersect(a, strComplement(b)),
  isEmpty: (a) => !a.neg && a.vals.size === 0,
  isAll: (a) => a.neg && a.vals.size === 0,
};

/** A dimension with a finite universe (resource/non-resource, authenticated or not): cofinite sets are resolved. */
function finiteOps(universe: readonly string[]): DimOps<StrSet> {
  const normalise = (a: StrSet): StrSet => (a.neg ? strOf(universe.filter((v) => !a.vals.has(v))) : a);
  return {
    all: strOf(universe),
    intersect: (a, b) => normalise(strIntersect(a, b)),
    subtract: (a, b) => normalise(strIntersect(a, strComplement(b))),
    isEmpty: (a) => normalise(a).vals.size === 0,
    isAll: (a) => normalise(a).vals.size === universe.length,
  };
}

export const groupsAll: GroupsSet = { must: [], avoid: EMPTY_STRINGS };
export function groupsIntersecting(values: Iterable<string>): GroupsSet {
  return { must: [new Set(values)], avoid: EMPTY_STRINGS };
}

const groupsOps: DimOps<GroupsSet> = {
  all: groupsAll,
  intersect: (a, b) => ({ must: [...a.must, ...b.must], avoid: new Set([...a.avoid, ...b.avoid]) }),
  subtract(a, b) {
    if (b.must.length === 0 && b.avoid.size === 0) return { must: [EMPTY_STRINGS], avoid: a.avoid };
    if (b.must.length !== 1 || b.avoid.size !== 0) throw new Error('groups: can only subtract a rule-produced set');
    // Not sharing an element with S = avoiding all of S.
    return { must: a.must, avoid: new Set([...a.avoid, ...b.must[0]!]) };
  },
  // Non-empty iff every required set keeps an element outside `avoid`: pick one from each.
  isEmpty: (a) => a.must.some((set) => [...set].every((g) => a.avoid.has(g))),
  isAll: (a) => a.must.length === 0 && a.avoid.size === 0,
};

const ANY_PATH: PathTerm = { eq: null, prefix: '', notPrefixes: [], notEq: [] };
export const pathAll: PathSet = { terms: [ANY_PATH] };

/** The paths one nonResourceURLs entry matches (checker.go pathMatches). */
export function pathOfSpec(spec: string): PathTerm {
  if (spec === '*') return ANY_PATH;
  if (spec.endsWith('*')) return { eq: null, prefix: spec.replace(/\*+$/, ''), notPrefixes: [], notEq: [] };
  return { eq: spec, prefix: '', notPrefixes: [], notEq: [] };
}

function termIsEmpty(t: PathTerm): boolean {
  if (t.eq !== null) {
    return !t.eq.startsWith(t.prefix) || t.notPrefixes.some((p) => t.eq!.startsWith(p)) || t.notEq.includes(t.eq);
  }
  // Infinitely many strings start with `prefix`; a negative prefix removes them all only if it is a prefix of it.
  // (A longer negative prefix leaves the strings that continue with another character; finitely many notEq
  // exclusions cannot exhaust an infinite set.)
  return t.notPrefixes.some((p) => t.prefix.startsWith(p));
}

function termIntersect(a: PathTerm, b: PathTerm): PathTerm | null {
  if (a.eq !== null && b.eq !== null && a.eq !== b.eq) return null;
  let prefix: string;
  if (a.prefix.startsWith(b.prefix)) prefix = a.prefix;
  else if (b.prefix.startsWith(a.prefix)) prefix = b.prefix;
  else return null;
  const term: PathTerm = {
    eq: a.eq ?? b.eq,
    prefix,
    notPrefixes: [...a.notPrefixes, ...b.notPrefixes],
    notEq: [...a.notEq, ...b.notEq],
  };
  return termIsEmpty(term) ? null : term;
}

const pathOps: DimOps<PathSet> = {
  all: pathAll,
  intersect(a, b) {
    const terms: PathTerm[] = [];
    for (const x of a.terms)
      for (const y of b.terms) {
        const t = termIntersect(x, y);
        if (t) terms.push(t);
      }
    return { terms };
  },
  subtract(a, b) {
    // b is a union of positive atoms; a \ b adds every atom as a negative to every term of a.
    if (b.terms.some((t) => t.eq === null && t.prefix === '')) return { terms: [] };
    const notPrefixes = b.terms.filter((t) => t.eq === null).map((t) => t.prefix);
    const notEq = b.terms.filter((t) => t.eq !== null).map((t) => t.eq!);
    const terms = a.terms
      .map((t) => ({ ...t, notPrefixes: [...t.notPrefixes, ...notPrefixes], notEq: [...t.notEq, ...notEq] }))
      .filter((t) => !termIsEmpty(t));
    return { terms };
  },
  isEmpty: (a) => a.terms.every(termIsEmpty),
  isAll: (a) =>
    a.terms.some((t) => t.eq === null && t.prefix === '' && t.notPrefixes.length === 0 && t.notEq.length === 0),
};

/** Attributes in a fixed order. Identity (auth) comes before user and groups, kind before the attributes it gates. */
export interface Box {
  kind: StrSet; // 'resource' | 'nonresource'
  auth: StrSet; // 'user' (authenticated) | 'none' (no user: failed authentication)
  user: StrSet;
  groups: GroupsSet;
  verb: StrSet;
  namespace: StrSet;
  apiGroup: StrSet;
  resource: StrSet;
  subresource: StrSet;
  name: StrSet;
  path: PathSet;
}

export const KINDS = ['resource', 'nonresource'] as const;
export const AUTHS = ['user', 'none'] as const;

type Dims = { [K in keyof Box]: DimOps<Box[K]> };
const DIMS: Dims = {
  kind: finiteOps(KINDS),
  auth: finiteOps(AUTHS),
  user: stringOps,
  groups: groupsOps,
  verb: stringOps,
  namespace: stringOps,
  apiGroup: stringOps,
  resource: stringOps,
  subresource: stringOps,
  name: stringOps,
  path: pathOps,
};
const DIM_KEYS = Object.keys(DIMS) as (keyof Box)[];

export function universeBox(): Box {
  const box = {} as Record<keyof Box, unknown>;
  for (const key of DIM_KEYS) box[key] = DIMS[key].all;
  return box as unknown as Box;
}

function op<K extends keyof Box>(key: K): DimOps<Box[K]> {
  return DIMS[key];
}

export function intersectBoxes(a: Box, b: Box): Box | null {
  const out = { ...a };
  for (const key of DIM_KEYS) {
    const value = op(key).intersect(a[key] as never, b[key] as never);
    if (op(key).isEmpty(value as never)) return null;
    (out as Record<keyof Box, unknown>)[key] = value;
  }
  return out;
}

/**
 * a \ c as disjoint boxes (c must be a rule-produced box). Standard product difference: for each attribute i that c
 * constrains, one piece that agrees with c on the attributes before i and lies outside c on attribute i.
 */
export function subtractBox(a: Box, c: Box): Box[] {
  if (!intersectBoxes(a, c)) return [a];
  const pieces: Box[] = [];
  const current = { ...a } as Record<keyof Box, unknown>;
  for (const key of DIM_KEYS) {
    const ops = op(key);
    if (ops.isAll(c[key] as never)) continue;
    const outside = ops.subtract(current[key] as never, c[key] as never);
    if (!ops.isEmpty(outside as never)) pieces.push({ ...(current as unknown as Box), [key]: outside });
    current[key] = ops.intersect(current[key] as never, c[key] as never);
  }
  return pieces;
}

/** A single representative request attribute value in a non-empty string set (used to show examples). */
export function sampleString(set: StrSet, hint = 'x'): string {
  if (!set.neg) return [...set.vals][0]!;
  let candidate = hint;
  for (let i = 0; set.vals.has(candidate); i++) candidate = `${hint}${i}`;
  return candidate;
}
