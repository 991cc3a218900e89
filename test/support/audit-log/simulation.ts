// The state a generated log's requests share: the seeded randomness, the cluster, the clock, resource versions and
// object UIDs; and what every request maker needs: picking workloads and object names, and reads the way client-go
// sends them. A request maker returns a Draft; recorded-request.ts turns it into what the API server logs.
import type { Cluster, Identity, Workload } from './cluster.ts';
import type * as bodies from './bodies.ts';
import type { Random } from './random.ts';
import type { ApiResource, ObjectRefParts } from './resources.ts';

/** What a request maker decides; the recorder derives the rest (level, status, annotations, bodies). */
export interface Draft {
  identity: Identity;
  verb: string;
  r?: ApiResource;
  namespace?: string;
  name?: string;
  subresource?: string;
  /** The URI when it is not the object's or collection's path, or the query string to append. */
  uri?: string;
  query?: string;
  refParts?: ObjectRefParts;
  code?: number;
  latencyMs: number;
  longRunning?: boolean;
  requestBody?: () => Record<string, unknown>;
  responseBody?: () => Record<string, unknown>;
  annotations?: [string, string][];
  impersonated?: string;
  forbidReason?: string;
  sourceIP?: string;
}

/** Shared by the request makers of one log. */
export class Simulation {
  resourceVersion: number;
  /** The current request's time, whole seconds (enough for the times inside bodies). */
  nowIso = '';
  private nowSecond = -1;
  private readonly uids = new Map<string, string>();

  constructor(
    readonly random: Random,
    readonly cluster: Cluster,
  ) {
    this.resourceVersion = 30_000_000 + random.int(0, 9_999_999);
  }

  setTime(timeUs: number): void {
    const second = Math.floor(timeUs / 1e6);
    if (second !== this.nowSecond) {
      this.nowSecond = second;
      this.nowIso = new Date(second * 1000).toISOString().slice(0, 19) + 'Z';
    }
  }

  nextResourceVersion = (): string => String((this.resourceVersion += this.random.int(1, 37)));

  uidOf(key: string): string {
    let uid = this.uids.get(key);
    if (!uid) this.uids.set(key, (uid = this.random.uuid()));
    return uid;
  }

  bodyContext(): bodies.BodyContext {
    const past = new Date(Date.parse(this.nowIso) - this.random.int(3600, 200 * 86400) * 1000);
    return {
      random: this.random,
      now: this.nowIso,
      past: past.toISOString().slice(0, 19) + 'Z',
      nextResourceVersion: this.nextResourceVersion,
    };
  }

  workloadIn(namespace: string): Workload | undefined {
    const list = this.cluster.workloadsIn.get(namespace);
    return list && list.length > 0 ? this.random.pick(list) : undefined;
  }

  anyWorkload(): Workload {
    return this.random.pick(this.cluster.workloads);
  }

  appWorkload(): Workload {
    return this.workloadIn(this.random.pick(this.cluster.appNamespaces))!;
  }

  /** A plausible name of an object of this resource in this namespace. */
  nameOf(r: ApiResource, namespace: string | undefined): string {
    const random = this.random;
    const w = namespace ? this.workloadIn(namespace) : undefined;
    switch (r.resource) {
      case 'pods':
        return w ? random.pick(w.pods) : `debug-${random.suffix(5)}`;
      case 'nodes':
      case 'csinodes':
        return random.pick(this.cluster.nodes).name;
      case 'namespaces':
        return random.pick(this.cluster.namespaces);
      case 'configmaps':
        return w
          ? random.pick([`${w.app}-config`, `${w.app}-config`, `${w.app}-env`, 'kube-root-ca.crt'])
          : 'kube-root-ca.crt';
      case 'secrets':
        return w
          ? random.pick([
              `${w.app}-tls`,
              `${w.app}-db`,
              `${w.app}-api-keys`,
              `sh.helm.release.v1.${w.app}.v${random.int(1, 40)}`,
            ])
          : 'bootstrap-token-7f3kq2';
      case 'replicasets':
        return w ? `${w.app}-${w.hash}` : `unknown-${random.suffix(9)}`;
      case 'endpointslices':
        return w ? `${w.app}-${random.suffix(5)}` : 'kubernetes';
      case 'events':
        return `${w ? random.pick(w.pods) : 'node'}.${random.hex(16)}`;
      case 'customresourcedefinitions':
        return random.pick([
          'certificates.cert-manager.io',
          'applications.argoproj.io',
          'servicemonitors.monitoring.coreos.com',
          'prometheusrules.monitoring.coreos.com',
          'kafkatopics.data.example.com',
        ]);
      case 'clusterroles':
      case 'clusterrolebindings':
        return random.pick(['cluster-admin', 'view', 'edit', 'platform-admins', 'sre', 'system:coredns']);
      case 'roles':
      case 'rolebindings':
        return random.pick(['developers', 'deployer', 'read-only', 'leader-election']);
      case 'jobs':
        return w ? `${w.app}-migrate-${random.int(28_000_000, 28_999_999)}` : `backup-${random.int(1, 999)}`;
      default:
        return w ? w.app : `${r.resource.replace(/s$/, '')}-${random.suffix(4)}`;
    }
  }

  /** A get, list or watch the way client-go sends them. */
  read(
    identity: Identity,
    r: ApiResource,
    verb: string,
    namespace: string | undefined,
    options: { name?: string; query?: string; fieldSelector?: string; notFound?: number } = {},
  ): Draft {
    const random = this.random;
    if (verb === 'get') {
      if (r.namespaced && !namespace) namespace = this.anyWorkload().namespace;
      const name = options.name ?? this.nameOf(r, namespace);
      return {
        identity,
        verb,
        r,
        namespace,
        name,
        query: options.query,
        code: random.chance(options.notFound ?? 0.025) ? 404 : this.rareFailure(),
        latencyMs: random.logNormal(1.6, 0.8),
      };
    }
    if (verb === 'list') {
      const query = options.query ?? (random.chance(0.6) ? '?limit=500&resourceVersion=0' : '?resourceVersion=0');
      const latencyMs = random.logNormal(namespace ? 4 : 22, 0.9);
      return { identity, verb, r, namespace, query, code: this.rareFailure(), latencyMs };
    }
    const seconds = random.int(300, 599);
    const selector = options.fieldSelector ? `&fieldSelector=${encodeURIComponent(options.fieldSelector)}` : '';
    const query =
      `?allowWatchBookmarks=true${selector}&resourceVersion=${this.resourceVersion - random.int(0, 80_000)}` +
      `&timeout=${Math.floor(seconds / 60)}m${seconds % 60}s&timeoutSeconds=${seconds}&watch=true`;
    return {
      identity,
      verb,
      r,
      namespace,
      query,
      latencyMs: seconds * 1000 + random.int(0, 800),
      longRunning: true,
    };
  }

  /** Overload and a slow etcd: a few requests in ten thousand. */
  rareFailure(): number | undefined {
    return this.random.chance(0.0004) ? this.random.pick([429, 500, 504]) : undefined;
  }
}
