// Version-aware catalogue of the built-in Kubernetes API (1.28–1.36): groups, resources, subresources, verbs, plus
// well-known users, groups and non-resource URLs. The builder's pickers and the linter read from here.
import type { KubeVersion } from './types.ts';
import { BUILTIN_GROUPS, REMOVED_GROUPS, type ApiStage, type ResourceSpec } from './catalogue/builtin-resources.ts';

export { COMMON_USERS, COMMON_USER_GROUPS, type KnownIdentity } from './catalogue/identities.ts';
export type { ApiStage } from './catalogue/builtin-resources.ts';

export const CATALOGUE_MIN_MINOR = 28;
export const CATALOGUE_MAX_MINOR = 36;

/** The verbs RequestInfo gives resource requests (see kubernetes-audit.md §1b). */
export const STANDARD_VERBS = [
  'get',
  'list',
  'watch',
  'create',
  'update',
  'patch',
  'delete',
  'deletecollection',
] as const;
/** Every verb a resource request can have: the standard ones plus the deprecated /proxy/ path prefix. */
export const RESOURCE_VERBS = [...STANDARD_VERBS, 'proxy'] as const;
/** Verbs of non-resource requests: the lower-case HTTP method. */
export const NON_RESOURCE_VERBS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'] as const;
/** Verbs that only read. */
export const READ_VERBS = ['get', 'list', 'watch'] as const;
/** Verbs that change state and carry a request body worth logging. */
export const WRITE_VERBS = ['create', 'update', 'patch', 'delete', 'deletecollection'] as const;

export interface NonResourceUrlHint {
  value: string;
  description: string;
}

export const COMMON_NON_RESOURCE_URLS: readonly NonResourceUrlHint[] = [
  { value: '/healthz*', description: 'Legacy health checks (probes hit these constantly).' },
  { value: '/livez*', description: 'Liveness checks.' },
  { value: '/readyz*', description: 'Readiness checks.' },
  { value: '/version', description: 'Server version.' },
  { value: '/metrics', description: 'Prometheus metrics scrape.' },
  { value: '/openapi*', description: 'OpenAPI v2/v3 documents (kubectl downloads them).' },
  { value: '/api', description: 'Core discovery root.' },
  { value: '/apis*', description: 'Group discovery.' },
  { value: '/api*', description: 'All discovery (matches /api and /apis and everything below).' },
  { value: '/logs*', description: 'Node log files served by the apiserver.' },
  { value: '/debug/*', description: 'Profiling and debug handlers.' },
  { value: '/.well-known/*', description: 'OIDC discovery for service-account issuers.' },
];

export interface CatalogueSubresource {
  name: string;
  verbs: readonly string[];
}

export interface CatalogueResource {
  group: string;
  name: string;
  namespaced: boolean;
  verbs: readonly string[];
  subresources: readonly CatalogueSubresource[];
  stage: ApiStage;
}

export interface CatalogueGroup {
  name: string;
  resources: readonly CatalogueResource[];
}

export interface Catalogue {
  /** The minor the data describes (clamped into 1.28–1.36). */
  minor: number;
  groups: readonly CatalogueGroup[];
}

/** True when the catalogue has data for this exact version (outside the range it answers for the nearest one). */
export function catalogueCovers(version: KubeVersion): boolean {
  return version.minor >= CATALOGUE_MIN_MINOR && version.minor <= CATALOGUE_MAX_MINOR;
}

const cache = new Map<number, Catalogue>();

function servedIn(spec: { since?: number; until?: number }, minor: number): boolean {
  return (spec.since === undefined || minor >= spec.since) && (spec.until === undefined || minor <= spec.until);
}

function resourceFor(group: string, spec: ResourceSpec, minor: number): CatalogueResource {
  return {
    group,
    name: spec.name,
    namespaced: spec.namespaced,
    verbs: spec.verbs,
    subresources: spec.subresources.filter((sub) => servedIn(sub, minor)).map(({ name, verbs }) => ({ name, verbs })),
    stage: spec.stage,
  };
}

export function catalogueFor(version: KubeVersion): Catalogue {
  const minor = Math.min(CATALOGUE_MAX_MINOR, Math.max(CATALOGUE_MIN_MINOR, version.minor));
  let catalogue = cache.get(minor);
  if (!catalogue) {
    const groups = BUILTIN_GROUPS.map((g) => ({
      name: g.group,
      resources: g.resources.filter((r) => servedIn(r, minor)).map((r) => resourceFor(g.group, r, minor)),
    })).filter((g) => g.resources.length > 0);
    catalogue = { minor, groups };
    cache.set(minor, catalogue);
  }
  return catalogue;
}

export function findGroup(group: string, version: KubeVersion): CatalogueGroup | undefined {
  return catalogueFor(version).groups.find((g) => g.name === group);
}

export function isBuiltinGroup(group: string, version: KubeVersion): boolean {
  return findGroup(group, version) !== undefined;
}

/** Why a group that once was built in is not served any more, or undefined. */
export function removedGroupNote(group: string): string | undefined {
  return Object.hasOwn(REMOVED_GROUPS, group) ? REMOVED_GROUPS[group] : undefined;
}

/** The resource `resource` (plural, no subresource) of `group`, or undefined when the version does not serve it. */
export function findResource(group: string, resource: string, version: KubeVersion): CatalogueResource | undefined {
  return findGroup(group, version)?.resources.find((r) => r.name === resource);
}

/** Groups that serve a resource of this name, e.g. "deployments" → ["apps"]; "events" → ["", "events.k8s.io"]. */
export function groupsContaining(resource: string, version: KubeVersion): string[] {
  return catalogueFor(version)
    .groups.filter((g) => g.resources.some((r) => r.name === resource))
    .map((g) => g.name);
}

/** Every subresource name served by any resource of the group (for `*\/sub` patterns). */
export function subresourcesOfGroup(group: string, version: KubeVersion): string[] {
  const names = new Set<string>();
  for (const r of findGroup(group, version)?.resources ?? []) for (const s of r.subresources) names.add(s.name);
  return [...names].sort();
}
