// What the simulated cluster's API server sees, one request at a time: the mix of kubelets, controllers, add-ons,
// people, CI and probes, each request with its verb, URI, object, outcome, latency, level and bodies.
//
// Share of requests (distinct audit IDs): system reads 58 % (get/list/watch by kubelets, controllers, the
// scheduler, DNS, kube-proxy, monitoring, ingress, cert-manager, Argo CD, the API server itself), node lease renewals
// 10 %, leader election 4 %, system writes 9 % (pod and node status, endpoint slices, events, bindings, tokens,
// reviews), people's and CI's writes 10 %, their reads 4 %, non-resource URLs 5 %, failed logins now and then.
import { CONTROLLERS, type Cluster, type ClusterNode, type Identity, type Workload } from './cluster.ts';
import * as bodies from './bodies.ts';
import { levelOf, type Level } from './policy.ts';
import { type Random, Weighted } from './random.ts';
import {
  ALL_RESOURCES,
  collectionPath,
  objectPath,
  objectRefJson,
  R,
  type ApiResource,
  type ObjectRefParts,
} from './resources.ts';

export interface AuditRequest {
  identity: Identity;
  sourceIP: string;
  /** The impersonatedUser member, serialised, when someone acted as someone else. */
  impersonated?: string;
  verb: string;
  uri: string;
  /** The objectRef member, serialised; none for non-resource URLs. */
  objectRef?: string;
  level: Level;
  code: number;
  /** The responseStatus member of the final event, serialised. */
  status: string;
  requestObject?: string;
  responseObject?: string;
  latencyMs: number;
  /** Watches, exec, attach, port-forward and followed logs also log ResponseStarted. */
  longRunning: boolean;
  /** Annotations of the events after RequestReceived, sorted by key as Go writes a map. */
  annotations: string;
  /** Authentication failed: one ResponseStarted event, with an empty user. */
  unauthenticated: boolean;
}

/** What a request maker decides; the rest (level, status, annotations) follows from it. */
interface Draft {
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

/** Relative weights of the kinds of traffic (share of requests). */
export interface TrafficMix {
  systemReads: number;
  nodeLeases: number;
  leaderElection: number;
  systemWrites: number;
  peopleWrites: number;
  peopleReads: number;
  nonResource: number;
  failedLogins: number;
}

/** A busy production cluster, where the control plane's own traffic dwarfs what people do. */
export const CLUSTER_MIX: TrafficMix = {
  systemReads: 58,
  nodeLeases: 10,
  leaderElection: 4,
  systemWrites: 9,
  peopleWrites: 10,
  peopleReads: 4,
  nonResource: 5,
  failedLogins: 0.05,
};

export interface TrafficOptions {
  mix: TrafficMix;
  /** CRDs and dashboard ConfigMaps of 100 KB and more, as real clusters have now and then. */
  bigBodies: boolean;
}

const WRITES = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);
const GO_MS = 1e6;

/** Go's time.Duration text for a duration in milliseconds ("734.120511ms", "1.403227661s"). */
function goDuration(ms: number): string {
  const ns = Math.round(ms * GO_MS);
  if (ns >= 1e9) return `${(ns / 1e9).toFixed(9).replace(/\.?0+$/, '')}s`;
  return `${(ns / 1e6).toFixed(6).replace(/\.?0+$/, '')}ms`;
}

export class Traffic {
  private readonly random: Random;
  private readonly cluster: Cluster;
  private resourceVersion: number;
  private leaseTurn = 0;
  private nowIso = '';
  private readonly uids = new Map<string, string>();
  private readonly jsonCache = new Map<string, string>();
  private nowSecond = -1;
  private readonly mix: Weighted<(timeUs: number) => Draft>;
  private readonly systemReaders: Weighted<() => Draft>;

  private readonly bigBodies: boolean;

  constructor(random: Random, cluster: Cluster, options: TrafficOptions) {
    this.random = random;
    this.cluster = cluster;
    this.bigBodies = options.bigBodies;
    this.resourceVersion = 30_000_000 + random.int(0, 9_999_999);
    const mix = options.mix;
    this.mix = new Weighted<(timeUs: number) => Draft>([
      [mix.systemReads, () => this.systemReaders.pick(this.random)()],
      [mix.nodeLeases, () => this.nodeLease()],
      [mix.leaderElection, () => this.leaderElection()],
      [mix.systemWrites, () => this.systemWrite()],
      [mix.peopleWrites, () => this.personWrite()],
      [mix.peopleReads, () => this.personRead()],
      [mix.nonResource, () => this.nonResource()],
      [mix.failedLogins, () => this.failedLogin()],
    ]);
    this.systemReaders = new Weighted<() => Draft>([
      [24, () => this.kubeletRead()],
      [26, () => this.controllerRead()],
      [8, () => this.schedulerRead()],
      [5, () => this.addonRead('coredns', [R.endpointslices, R.services, R.namespaces], ['list', 'watch'])],
      [6, () => this.kubeProxyRead()],
      [4, () => this.addonRead('metrics-server', [R.nodes, R.pods, R.configmaps], ['get', 'list', 'watch'])],
      [6, () => this.addonRead('prometheus', [R.endpoints, R.pods, R.services, R.endpointslices], ['list', 'watch'])],
      [
        5,
        () =>
          this.addonRead(
            'kube-state-metrics',
            [R.pods, R.deployments, R.nodes, R.secrets, R.configmaps, R.jobs, R.cronjobs, R.namespaces, R.ingresses],
            ['list', 'watch'],
          ),
      ],
      [
        4,
        () =>
          this.addonRead(
            'ingress-nginx',
            [R.ingresses, R.services, R.endpointslices, R.secrets, R.configmaps, R.ingressclasses],
            ['get', 'list', 'watch'],
          ),
      ],
      [
        4,
        () =>
          this.addonRead(
            'cert-manager',
            [R.certificates, R.certificaterequests, R.clusterissuers, R.secrets, R.ingresses],
            ['get', 'list', 'watch'],
          ),
      ],
      [5, () => this.addonRead('argocd', ALL_RESOURCES.filter(isListable), ['list', 'watch'])],
      [3, () => this.apiserverRead()],
    ]);
  }

  /** The next request, arriving at timeUs (microseconds since the epoch). */
  next(timeUs: number): AuditRequest {
    // Whole seconds are enough for the times inside bodies.
    const second = Math.floor(timeUs / 1e6);
    if (second !== this.nowSecond) {
      this.nowSecond = second;
      this.nowIso = new Date(second * 1000).toISOString().slice(0, 19) + 'Z';
    }
    return this.finish(this.mix.pick(this.random)(timeUs));
  }

  // ---------------------------------------------------------------- shared helpers

  /** JSON text of a string, cached: the same reasons and annotations come back all the time. */
  private json(text: string): string {
    let json = this.jsonCache.get(text);
    if (json === undefined) {
      json = JSON.stringify(text);
      if (this.jsonCache.size < 10_000) this.jsonCache.set(text, json);
    }
    return json;
  }

  private nextResourceVersion = (): string => String((this.resourceVersion += this.random.int(1, 37)));

  private uidOf(key: string): string {
    let uid = this.uids.get(key);
    if (!uid) this.uids.set(key, (uid = this.random.uuid()));
    return uid;
  }

  private bodyContext(): bodies.BodyContext {
    const past = new Date(Date.parse(this.nowIso) - this.random.int(3600, 200 * 86400) * 1000);
    return {
      random: this.random,
      now: this.nowIso,
      past: past.toISOString().slice(0, 19) + 'Z',
      nextResourceVersion: this.nextResourceVersion,
    };
  }

  private workloadIn(namespace: string): Workload | undefined {
    const list = this.cluster.workloadsIn.get(namespace);
    return list && list.length > 0 ? this.random.pick(list) : undefined;
  }

  private anyWorkload(): Workload {
    return this.random.pick(this.cluster.workloads);
  }

  private appWorkload(): Workload {
    return this.workloadIn(this.random.pick(this.cluster.appNamespaces))!;
  }

  /** A plausible name of an object of this resource in this namespace. */
  private nameOf(r: ApiResource, namespace: string | undefined): string {
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

  // ---------------------------------------------------------------- reads

  /** A get, list or watch the way client-go sends them. */
  private read(
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
  private rareFailure(): number | undefined {
    return this.random.chance(0.0004) ? this.random.pick([429, 500, 504]) : undefined;
  }

  private kubeletRead(): Draft {
    const random = this.random;
    const index = random.int(0, this.cluster.nodes.length - 1);
    const node = this.cluster.nodes[index]!;
    const kubelet = this.cluster.kubelets[index]!;
    const namespace = this.anyWorkload().namespace;
    switch (random.int(0, 9)) {
      case 0:
      case 1:
      case 2:
        return this.read(kubelet, R.pods, 'get', namespace);
      case 3:
        return this.read(kubelet, R.nodes, 'get', undefined, {
          name: node.name,
          query: '?resourceVersion=0&timeout=10s',
          notFound: 0,
        });
      case 4:
        return this.read(kubelet, R.configmaps, 'watch', namespace, {
          fieldSelector: 'metadata.name=kube-root-ca.crt',
        });
      case 5: {
        const secret = this.nameOf(R.secrets, namespace);
        // The Node authorizer only lets a kubelet read secrets of pods bound to it.
        const draft = this.read(kubelet, R.secrets, 'watch', namespace, { fieldSelector: `metadata.name=${secret}` });
        if (random.chance(0.01)) {
          draft.code = 403;
          draft.forbidReason = `no relationship found between node '${node.name}' and this object`;
        }
        return draft;
      }
      case 6:
        return this.read(kubelet, R.pods, 'watch', undefined, { fieldSelector: `spec.nodeName=${node.name}` });
      case 7:
        return this.read(kubelet, random.pick([R.services, R.csidrivers, R.runtimeclasses]), 'watch', undefined);
      case 8:
        return this.read(kubelet, R.configmaps, 'get', namespace, { notFound: 0.01 });
      default:
        return this.read(kubelet, R.csinodes, 'get', undefined, { name: node.name, notFound: 0 });
    }
  }

  private static readonly CONTROLLER_RESOURCES: Record<(typeof CONTROLLERS)[number], ApiResource[]> = {
    'replicaset-controller': [R.replicasets, R.pods],
    'deployment-controller': [R.deployments, R.replicasets],
    'endpointslice-controller': [R.endpointslices, R.services, R.pods],
    'endpoint-controller': [R.endpoints, R.services],
    'generic-garbage-collector': [R.replicasets, R.pods, R.configmaps, R.secrets, R.jobs, R.leases, R.applications],
    'namespace-controller': [R.namespaces, R.serviceaccounts, R.rolebindings],
    'resourcequota-controller': [R.resourcequotas, R.pods, R.services, R.persistentvolumeclaims],
    'horizontal-pod-autoscaler': [R.horizontalpodautoscalers, R.podMetrics, R.deployments],
    'job-controller': [R.jobs, R.pods],
    'cronjob-controller': [R.cronjobs, R.jobs],
    'daemon-set-controller': [R.daemonsets, R.pods, R.controllerrevisions, R.nodes],
    'statefulset-controller': [R.statefulsets, R.pods, R.persistentvolumeclaims, R.controllerrevisions],
    'node-controller': [R.nodes, R.pods, R.leases],
    'disruption-controller': [R.poddisruptionbudgets, R.pods],
    'pvc-protection-controller': [R.persistentvolumeclaims, R.pods],
    'persistent-volume-binder': [R.persistentvolumes, R.persistentvolumeclaims, R.storageclasses],
    'service-account-controller': [R.serviceaccounts, R.namespaces],
    'root-ca-cert-publisher': [R.configmaps, R.namespaces],
    'ttl-after-finished-controller': [R.jobs],
  };

  private controllerRead(): Draft {
    const random = this.random;
    const index = random.int(0, CONTROLLERS.length - 1);
    const r = random.pick(Traffic.CONTROLLER_RESOURCES[CONTROLLERS[index]!]);
    const verb = random.pick(['get', 'get', 'get', 'list', 'list', 'watch', 'watch']);
    const namespace = r.namespaced && (verb === 'get' || random.chance(0.5)) ? this.anyWorkload().namespace : undefined;
    return this.read(this.cluster.controllers[index]!, r, verb, namespace);
  }

  private schedulerRead(): Draft {
    const random = this.random;
    const r = random.pick([
      R.pods,
      R.nodes,
      R.persistentvolumeclaims,
      R.persistentvolumes,
      R.storageclasses,
      R.csinodes,
      R.csidrivers,
      R.poddisruptionbudgets,
      R.services,
      R.namespaces,
      R.replicasets,
      R.statefulsets,
    ]);
    const verb = random.pick(['get', 'list', 'list', 'watch', 'watch', 'watch']);
    return this.read(this.cluster.scheduler, r, verb, undefined, {
      fieldSelector: r === R.pods && verb === 'watch' ? 'status.phase!=Succeeded,status.phase!=Failed' : undefined,
    });
  }

  private kubeProxyRead(): Draft {
    const random = this.random;
    const identity = random.pick(this.cluster.kubeProxy);
    const r = random.pick([R.endpointslices, R.services, R.nodes]);
    const query =
      '?labelSelector=%21service.kubernetes.io%2Fheadless%2C%21service.kubernetes.io%2Fservice-proxy-name&limit=500&resourceVersion=0';
    return random.chance(0.5)
      ? this.read(identity, r, 'list', undefined, { query })
      : this.read(identity, r, 'watch', undefined);
  }

  private addonRead(addon: string, resources: readonly ApiResource[], verbs: readonly string[]): Draft {
    const random = this.random;
    const r = random.pick(resources);
    const verb = random.pick(verbs);
    const namespace = r.namespaced && (verb === 'get' || random.chance(0.3)) ? this.anyWorkload().namespace : undefined;
    return this.read(this.cluster.addons.get(addon)!, r, verb, namespace);
  }

  private apiserverRead(): Draft {
    const random = this.random;
    const r = random.pick([
      R.apiservices,
      R.flowschemas,
      R.prioritylevelconfigurations,
      R.priorityclasses,
      R.namespaces,
      R.resourcequotas,
      R.limitranges,
      R.mutatingwebhookconfigurations,
      R.validatingwebhookconfigurations,
      R.clusterroles,
      R.clusterrolebindings,
      R.customresourcedefinitions,
    ]);
    const verb = random.pick(['get', 'list', 'watch']);
    return this.read(this.cluster.apiserver, r, verb, r.namespaced ? 'kube-system' : undefined);
  }

  // ---------------------------------------------------------------- leases

  private nodeLease(): Draft {
    // Kubelets take turns, so each renews its lease at a steady interval.
    const index = this.leaseTurn++ % this.cluster.nodes.length;
    const node = this.cluster.nodes[index]!;
    return {
      identity: this.cluster.kubelets[index]!,
      verb: 'update',
      r: R.leases,
      namespace: 'kube-node-lease',
      name: node.name,
      query: '?timeout=10s',
      refParts: { uid: this.uidOf(`lease:${node.name}`), resourceVersion: this.nextResourceVersion() },
      code: this.random.chance(0.002) ? 409 : 200,
      latencyMs: this.random.logNormal(3, 0.6),
    };
  }

  private leaderElection(): Draft {
    const random = this.random;
    const addons = this.cluster.addons;
    const [identity, name, namespace] = random.pick([
      [this.cluster.controllerManager, 'kube-controller-manager', 'kube-system'],
      [this.cluster.scheduler, 'kube-scheduler', 'kube-system'],
      [addons.get('cert-manager')!, 'cert-manager-controller', 'kube-system'],
      [addons.get('ingress-nginx')!, 'ingress-nginx-leader', 'ingress-nginx'],
      [addons.get('argocd')!, 'argocd-application-controller', 'argocd'],
    ] as const);
    const update = random.chance(0.5);
    return {
      identity,
      verb: update ? 'update' : 'get',
      r: R.leases,
      namespace,
      name,
      query: '?timeout=5s',
      refParts: update
        ? { uid: this.uidOf(`lease:${namespace}/${name}`), resourceVersion: this.nextResourceVersion() }
        : {},
      latencyMs: random.logNormal(2.5, 0.6),
    };
  }

  // ---------------------------------------------------------------- system writes

  private systemWrite(): Draft {
    const random = this.random;
    const cluster = this.cluster;
    const nodeIndex = random.int(0, cluster.nodes.length - 1);
    const node: ClusterNode = cluster.nodes[nodeIndex]!;
    const kubelet = cluster.kubelets[nodeIndex]!;
    const w = this.anyWorkload();
    const pod = random.pick(w.pods);
    switch (random.int(0, 19)) {
      case 0:
      case 1:
      case 2:
      case 3:
      case 4: {
        const uid = this.uidOf(`pod:${pod}`);
        return {
          identity: kubelet,
          verb: 'patch',
          r: R.pods,
          namespace: w.namespace,
          name: pod,
          subresource: 'status',
          code: random.chance(0.01) ? 404 : 200,
          latencyMs: random.logNormal(6, 0.6),
          requestBody: () => bodies.podStatusPatch(this.bodyContext(), w, uid),
        };
      }
      case 5:
      case 6:
        return {
          identity: kubelet,
          verb: 'patch',
          r: R.nodes,
          name: node.name,
          subresource: 'status',
          query: '?timeout=10s',
          latencyMs: random.logNormal(7, 0.5),
          requestBody: () => bodies.nodeStatusPatch(this.bodyContext()),
        };
      case 7:
      case 8:
      case 9: {
        const name = `${w.app}-${random.suffix(5)}`;
        return {
          identity: cluster.controllers[CONTROLLERS.indexOf('endpointslice-controller')]!,
          verb: 'update',
          r: R.endpointslices,
          namespace: w.namespace,
          name,
          refParts: { uid: this.uidOf(`slice:${name}`), resourceVersion: this.nextResourceVersion() },
          code: random.chance(0.03) ? 409 : 200,
          latencyMs: random.logNormal(5, 0.6),
        };
      }
      case 10:
      case 11:
      case 12:
      case 13: {
        const name = `${pod}.${random.hex(16)}`;
        const create = random.chance(0.65);
        return {
          identity: random.chance(0.6) ? kubelet : random.pick(cluster.controllers.slice(0, 4)),
          verb: create ? 'create' : 'patch',
          r: R.eventsV1,
          namespace: w.namespace,
          name,
          uri: create ? collectionPath(R.eventsV1, w.namespace) : undefined,
          code: create ? 201 : 200,
          latencyMs: random.logNormal(4, 0.5),
          requestBody: () => bodies.kubeEvent(this.bodyContext(), w, pod, name, node.name),
        };
      }
      case 14: {
        const name = `${w.app}-${w.hash}-${random.suffix(5)}`;
        return {
          identity: cluster.scheduler,
          verb: 'create',
          r: R.pods,
          namespace: w.namespace,
          name,
          subresource: 'binding',
          code: 201,
          latencyMs: random.logNormal(8, 0.5),
          requestBody: () => ({
            kind: 'Binding',
            apiVersion: 'v1',
            metadata: { name, namespace: w.namespace, uid: this.uidOf(`pod:${name}`) },
            target: { kind: 'Node', name: node.name },
          }),
        };
      }
      case 15:
      case 16:
        return {
          identity: kubelet,
          verb: 'create',
          r: R.serviceaccounts,
          namespace: w.namespace,
          name: w.app,
          subresource: 'token',
          code: 201,
          latencyMs: random.logNormal(6, 0.5),
        };
      case 17: {
        const replicaSet = random.chance(0.5);
        const index = CONTROLLERS.indexOf(replicaSet ? 'replicaset-controller' : 'deployment-controller');
        return {
          identity: cluster.controllers[index]!,
          verb: 'update',
          r: replicaSet ? R.replicasets : R.deployments,
          namespace: w.namespace,
          name: replicaSet ? `${w.app}-${w.hash}` : w.app,
          subresource: 'status',
          refParts: { uid: w.uid, resourceVersion: this.nextResourceVersion() },
          code: random.chance(0.05) ? 409 : 200,
          latencyMs: random.logNormal(6, 0.6),
        };
      }
      case 18:
        return {
          identity: cluster.controllerManager,
          verb: 'create',
          r: R.tokenreviews,
          code: 201,
          latencyMs: random.logNormal(2, 0.5),
        };
      default:
        return {
          identity: cluster.addons.get('metrics-server')!,
          verb: 'create',
          r: R.subjectaccessreviews,
          code: 201,
          latencyMs: random.logNormal(1.5, 0.5),
        };
    }
  }

  // ---------------------------------------------------------------- people and CI

  private person(ciShare: number): Identity {
    return this.random.chance(ciShare) ? this.random.pick(this.cluster.ci) : this.random.pick(this.cluster.humans);
  }

  /** Namespace a person works in: developers mostly their own, now and then one they may not write to. */
  private namespaceFor(identity: Identity): string {
    const random = this.random;
    if (identity.role === 'developer' && random.chance(0.85)) return random.pick(identity.namespaces!);
    return random.pick(this.cluster.appNamespaces);
  }

  private mayWrite(identity: Identity, namespace: string | undefined): boolean {
    if (identity.role !== 'developer') return true;
    return namespace !== undefined && identity.namespaces!.includes(namespace);
  }

  private static readonly WRITE_KINDS = new Weighted<string>([
    [20, 'deployments'],
    [15, 'configmaps'],
    [12, 'secrets'],
    [9, 'pods'],
    [7, 'services'],
    [6, 'ingresses'],
    [6, 'rolebindings'],
    [4, 'roles'],
    [4, 'jobs'],
    [4, 'exec'],
    [1, 'portforward'],
    [3, 'scale'],
    [2, 'certificates'],
    [1.5, 'namespaces'],
    [0.4, 'customresourcedefinitions'],
  ]);

  private static readonly WRITE_VERBS = new Weighted<string>([
    [25, 'create'],
    [18, 'update'],
    [42, 'patch'],
    [15, 'delete'],
  ]);

  private personWrite(): Draft {
    const random = this.random;
    let kind = Traffic.WRITE_KINDS.pick(random);
    if (kind === 'customresourcedefinitions' && !this.bigBodies) kind = 'deployments';
    // Pipelines deploy; people open shells and tunnels into pods.
    const identity = kind === 'exec' || kind === 'portforward' ? random.pick(this.cluster.humans) : this.person(0.5);
    const namespace = this.namespaceFor(identity);
    const w = this.workloadIn(namespace) ?? this.appWorkload();
    let verb = Traffic.WRITE_VERBS.pick(random);
    const draft: Draft = { identity, verb, namespace: w.namespace, latencyMs: random.logNormal(11, 0.7) };
    const ctx = () => this.bodyContext();
    const manager = identity.kind === 'ci' ? 'helm' : 'kubectl-client-side-apply';

    switch (kind) {
      case 'exec':
      case 'portforward': {
        const sub = kind === 'exec' ? random.pick(['exec', 'exec', 'exec', 'attach']) : 'portforward';
        Object.assign(draft, {
          verb: 'create',
          r: R.pods,
          name: random.pick(w.pods),
          subresource: sub,
          query:
            sub === 'exec'
              ? `?command=${random.pick(['sh', 'bash', '%2Fbin%2Fsh'])}&container=app&stdin=true&stdout=true&tty=true`
              : sub === 'attach'
                ? '?container=app&stdin=true&stdout=true&tty=true'
                : '',
          code: 101,
          latencyMs: random.int(4, 1800) * 1000,
          longRunning: true,
        });
        break;
      }
      case 'scale':
        Object.assign(draft, {
          verb: 'patch',
          r: R.deployments,
          name: w.app,
          subresource: 'scale',
          requestBody: () => ({ spec: { replicas: random.int(0, 12) } }),
        });
        break;
      case 'namespaces': {
        const name = random.pick([`preview-pr-${random.int(100, 4999)}`, `feature-${random.suffix(4)}`, 'sandbox-tmp']);
        verb = random.chance(0.6) ? 'create' : 'delete';
        Object.assign(draft, { verb, r: R.namespaces, namespace: undefined, name });
        if (verb === 'create') draft.requestBody = () => bodies.namespace(name);
        break;
      }
      case 'customresourcedefinitions': {
        const name = this.nameOf(R.customresourcedefinitions, undefined);
        verb = random.chance(0.7) ? 'update' : 'create';
        Object.assign(draft, { verb, r: R.customresourcedefinitions, namespace: undefined, name });
        draft.requestBody = () => bodies.customResourceDefinition(ctx(), name);
        draft.latencyMs = random.logNormal(140, 0.8);
        break;
      }
      default: {
        const r = R[kind as keyof typeof R];
        draft.r = r;
        if (kind === 'pods' && verb === 'update') draft.verb = verb = 'delete';
        if (kind === 'secrets' && verb === 'patch') draft.verb = verb = 'update';
        const name =
          kind === 'deployments' || kind === 'services' || kind === 'ingresses'
            ? w.app
            : kind === 'pods' && verb === 'create'
              ? `${w.app}-debug-${random.suffix(5)}`
              : this.nameOf(r, w.namespace);
        draft.name = name;
        const big =
          kind === 'configmaps' && (verb === 'create' || verb === 'update') && this.bigBodies && random.chance(0.02);
        if (big) draft.latencyMs = random.logNormal(90, 0.8);
        const object = (): Record<string, unknown> => {
          switch (kind) {
            case 'deployments':
              return bodies.deployment(ctx(), w, false);
            case 'configmaps':
              return bodies.configMap(ctx(), w, big ? `${w.app}-dashboard` : name, big);
            case 'pods':
              return bodies.pod(ctx(), w, name);
            case 'services':
              return bodies.service(w);
            case 'ingresses':
              return bodies.ingress(w);
            case 'roles':
              return bodies.role(ctx(), w.namespace, name);
            case 'rolebindings':
              return bodies.roleBinding(ctx(), w.namespace, name);
            case 'jobs':
              return bodies.job(ctx(), w, name);
            case 'certificates':
              return bodies.certificate(w);
            default:
              return { kind: 'Secret', apiVersion: 'v1', metadata: { name, namespace: w.namespace } };
          }
        };
        if (big) draft.name = `${w.app}-dashboard`;
        if (verb === 'create' || verb === 'update') {
          draft.requestBody = object;
          if (verb === 'update') draft.refParts = { uid: this.uidOf(`${kind}:${w.namespace}/${draft.name}`) };
        } else if (verb === 'patch') {
          if (kind === 'deployments' && random.chance(0.4)) {
            draft.requestBody = () => bodies.restartPatch(this.nowIso);
          } else if (random.chance(0.5)) {
            // Server-side apply: the whole object, PATCHed with a field manager.
            draft.query = `?fieldManager=${manager === 'helm' ? 'helm' : 'kubectl'}&force=true`;
            draft.requestBody = object;
          } else {
            draft.query = '?fieldManager=kubectl-client-side-apply&fieldValidation=Strict';
            draft.requestBody = () => ({
              metadata: { labels: { 'app.kubernetes.io/version': `v${random.int(1, 9)}.${random.int(0, 40)}.0` } },
            });
          }
        } else {
          draft.requestBody = () => bodies.deleteOptions(random);
        }
        if (kind === 'pods' && verb === 'create') {
          draft.annotations = [
            ['pod-security.kubernetes.io/enforce-policy', `${random.pick(['baseline', 'restricted'])}:latest`],
          ];
        }
        if (kind === 'certificates' || kind === 'ingresses') {
          draft.annotations = [
            [
              'mutation.webhook.admission.k8s.io/round_0_index_0',
              '{"configuration":"cert-manager-webhook","webhook":"webhook.cert-manager.io","mutated":false}',
            ],
          ];
        }
        if (verb !== 'delete') {
          const uid = this.uidOf(`${kind}:${w.namespace}/${draft.name}`);
          draft.responseBody = () => bodies.stored(ctx(), object(), manager, uid);
        }
      }
    }

    draft.code ??= verb === 'create' ? 201 : 200;
    const roll = random.float();
    if (!this.mayWrite(identity, draft.r?.namespaced ? draft.namespace : undefined)) {
      if (roll < 0.8) draft.code = 403;
    } else if (roll < 0.015) draft.code = 403;
    else if (roll < 0.03) draft.code = verb === 'create' ? 409 : verb === 'update' ? 409 : 404;
    else if (roll < 0.034) draft.code = 422;
    else if (roll < 0.0355) draft.code = 500;
    if (draft.code === 403 || draft.code >= 409) {
      draft.latencyMs = random.logNormal(3, 0.5);
      draft.longRunning = false;
    }

    // kubectl --as, now and then, by the platform admin.
    if (identity.username === 'alice@example.com' && random.chance(0.06)) {
      const as = random.pick(['system:serviceaccount:prod:storefront', 'bob@example.com']);
      const groups = as.startsWith('system:serviceaccount:')
        ? ['system:serviceaccounts', 'system:serviceaccounts:prod', 'system:authenticated']
        : ['oidc:developers', 'system:authenticated'];
      draft.impersonated = `{"username":"${as}","groups":${JSON.stringify(groups)}}`;
    }
    return draft;
  }

  private personRead(): Draft {
    const random = this.random;
    const identity = this.person(0.35);
    const namespace = this.namespaceFor(identity);
    const w = this.workloadIn(namespace) ?? this.appWorkload();
    const ns = w.namespace;
    let draft: Draft;
    switch (random.int(0, 19)) {
      case 0:
      case 1:
      case 2:
      case 3:
      case 4:
        draft = this.read(identity, R.pods, 'list', ns, { query: '?limit=500' });
        break;
      case 5:
      case 6:
        draft = this.read(identity, R.pods, 'get', ns, { name: random.pick(w.pods), notFound: 0.08 });
        break;
      case 7:
      case 8: {
        const follow = random.chance(0.4);
        draft = this.read(identity, R.pods, 'get', ns, {
          name: random.pick(w.pods),
          query: `?container=app${follow ? '&follow=true' : ''}&tailLines=${random.pick([50, 200, 1000])}`,
        });
        draft.subresource = 'log';
        if (follow) {
          draft.longRunning = true;
          draft.latencyMs = random.int(3, 900) * 1000;
        }
        break;
      }
      case 9:
      case 10:
        draft = this.read(identity, R.deployments, 'get', ns, { name: w.app, notFound: 0.04 });
        break;
      case 11:
        draft = this.read(identity, R.events, 'list', ns, { query: '?limit=500' });
        break;
      case 12:
      case 13:
        draft =
          identity.kind === 'ci'
            ? this.read(identity, R.secrets, 'list', ns, { query: `?labelSelector=name%3D${w.app}%2Cowner%3Dhelm` })
            : this.read(identity, R.secrets, 'get', ns);
        break;
      case 14:
        draft = this.read(identity, R.namespaces, 'list', undefined, { query: '?limit=500' });
        break;
      case 15:
        draft = this.read(identity, R.nodes, 'list', undefined, { query: '?limit=500' });
        break;
      case 16:
        draft = this.read(identity, R.configmaps, 'get', ns);
        break;
      case 17:
        draft = this.read(identity, R.ingresses, 'list', ns, { query: '?limit=500' });
        break;
      default:
        draft = this.read(identity, random.pick([R.deployments, R.services, R.jobs]), 'list', ns, {
          query: '?limit=500',
        });
    }
    const sensitive = draft.r === R.secrets || draft.r === R.nodes || draft.r === R.namespaces;
    if (identity.role === 'developer' && sensitive && !identity.namespaces!.includes(ns) && random.chance(0.6)) {
      draft.code = 403;
      draft.longRunning = false;
      draft.latencyMs = random.logNormal(1.5, 0.5);
    }
    return draft;
  }

  // ---------------------------------------------------------------- non-resource URLs and failed logins

  private static readonly NON_RESOURCE_PATHS = new Weighted<string>([
    [27, '/livez'],
    [21, '/readyz'],
    [10, '/healthz'],
    [14, '/metrics'],
    [8, '/version'],
    [7, '/api'],
    [7, '/apis'],
    [4, '/openapi/v2'],
    [2, '/openapi/v3'],
  ]);

  private nonResource(): Draft {
    const random = this.random;
    const path = Traffic.NON_RESOURCE_PATHS.pick(random);
    let identity: Identity;
    if (path === '/livez' || path === '/readyz' || path === '/healthz') identity = this.cluster.anonymous;
    else if (path === '/metrics') identity = this.cluster.addons.get('prometheus')!;
    else identity = this.person(0.5);
    const uri =
      path === '/livez' || path === '/readyz'
        ? path + (random.chance(0.4) ? '?verbose' : '')
        : path === '/openapi/v3'
          ? `/openapi/v3/apis/apps/v1?hash=${random.hex(128).toUpperCase()}`
          : path;
    let code = 200;
    if (path === '/readyz' && random.chance(0.003)) code = 500;
    if (path === '/metrics' && random.chance(0.004)) code = 403;
    return {
      identity,
      verb: 'get',
      uri,
      code,
      latencyMs: path.startsWith('/openapi') ? random.logNormal(55, 0.6) : random.logNormal(0.9, 0.5),
    };
  }

  private failedLogin(): Draft {
    const random = this.random;
    return {
      identity: this.cluster.stranger,
      verb: 'list',
      r: R.pods,
      namespace: 'default',
      sourceIP: `198.18.${random.int(0, 255)}.${random.int(1, 254)}`,
      code: 401,
      latencyMs: random.logNormal(0.4, 0.4),
    };
  }

  // ---------------------------------------------------------------- assembling the request

  private finish(draft: Draft): AuditRequest {
    const random = this.random;
    const { identity, verb, r } = draft;
    const namespace = r?.namespaced ? draft.namespace : undefined;
    let uri = draft.uri;
    if (uri === undefined && r) {
      const onCollection = (verb === 'create' && !draft.subresource) || verb === 'list' || verb === 'watch';
      uri = onCollection ? collectionPath(r, namespace) : objectPath(r, namespace, draft.name!, draft.subresource);
      uri += draft.query ?? '';
    }
    const code = draft.code ?? 200;
    const level = code === 401 ? 'Metadata' : levelOf(identity, verb, r, draft.subresource);
    const objectRef = r
      ? objectRefJson(r, {
          namespace,
          name: verb === 'list' || verb === 'watch' ? undefined : draft.name,
          subresource: draft.subresource,
          ...draft.refParts,
        })
      : undefined;

    if (code === 401) {
      return {
        identity,
        sourceIP: draft.sourceIP!,
        verb,
        uri: uri!,
        objectRef,
        level,
        code,
        status: '{"metadata":{},"message":"Authentication failed, attempted: bearer","code":401}',
        latencyMs: draft.latencyMs,
        longRunning: false,
        annotations: '',
        unauthenticated: true,
      };
    }

    const forbidden = code === 403;
    // Go writes a map's keys sorted: apiserver.latency.k8s.io/* < authorization.k8s.io/* < the admission ones.
    let annotations = '';
    if (draft.latencyMs > 500 && !draft.longRunning) {
      annotations =
        `"apiserver.latency.k8s.io/etcd":"${goDuration(draft.latencyMs * (0.4 + random.float() * 0.5))}",` +
        `"apiserver.latency.k8s.io/response-write":"${goDuration(random.float() * 0.3)}",` +
        `"apiserver.latency.k8s.io/serialize-response-object":"${goDuration(random.float() * 4)}",` +
        `"apiserver.latency.k8s.io/total":"${goDuration(draft.latencyMs)}",`;
    }
    annotations += forbidden
      ? `"authorization.k8s.io/decision":"forbid","authorization.k8s.io/reason":${this.json(draft.forbidReason ?? '')}`
      : `"authorization.k8s.io/decision":"allow","authorization.k8s.io/reason":${this.json(identity.allowedReason(namespace))}`;
    if (code < 300 && draft.annotations) {
      for (const [key, value] of draft.annotations) annotations += `,"${key}":${this.json(value)}`;
    }

    // Bodies are decoded after authorisation, and only what the level allows is logged.
    const withRequest = level !== 'Metadata' && !forbidden && draft.requestBody && WRITES.has(verb);
    const withResponse = level === 'RequestResponse' && code < 300 && draft.responseBody;
    return {
      identity,
      sourceIP: draft.sourceIP ?? identity.sourceIP(random),
      impersonated: draft.impersonated,
      verb,
      uri: uri!,
      objectRef,
      level,
      code,
      status: this.status(code, draft, identity, namespace),
      requestObject: withRequest ? JSON.stringify(draft.requestBody!()) : undefined,
      responseObject: withResponse ? JSON.stringify(draft.responseBody!()) : undefined,
      latencyMs: draft.latencyMs,
      longRunning: draft.longRunning === true && code < 300,
      annotations,
      unauthenticated: false,
    };
  }

  /** The responseStatus member: a bare code on success, the Status the API server returned on failure. */
  private status(code: number, draft: Draft, identity: Identity, namespace: string | undefined): string {
    if (code < 300) return `{"metadata":{},"code":${code}}`;
    const r = draft.r;
    const kind = r ? r.resource + (draft.subresource ? `/${draft.subresource}` : '') : '';
    const name = draft.name;
    const details: Record<string, unknown> = {};
    if (name) details.name = name;
    if (r?.group) details.group = r.group;
    if (r) details.kind = r.resource;
    let reason: string;
    let message: string;
    switch (code) {
      case 403: {
        const where = namespace ? `in the namespace "${namespace}"` : 'at the cluster scope';
        const what = r
          ? `${kind}${name ? ` "${name}"` : ''} is forbidden: User "${identity.username}" cannot ${draft.verb} resource "${kind}" in API group "${r.group}" ${where}`
          : `forbidden: User "${identity.username}" cannot get path "${draft.uri}"`;
        reason = 'Forbidden';
        message = draft.forbidReason ? `${what}: ${draft.forbidReason}` : what;
        break;
      }
      case 404:
        reason = 'NotFound';
        message = `${r?.resource} "${name}" not found`;
        break;
      case 409:
        reason = draft.verb === 'create' ? 'AlreadyExists' : 'Conflict';
        message =
          draft.verb === 'create'
            ? `${r?.resource} "${name}" already exists`
            : `Operation cannot be fulfilled on ${r?.resource} "${name}": the object has been modified; please apply your changes to the latest version and try again`;
        break;
      case 422:
        reason = 'Invalid';
        message = `${r?.resource} "${name}" is invalid: spec.template.spec.containers[0].image: Required value`;
        details.causes = [
          { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.template.spec.containers[0].image' },
        ];
        break;
      case 429:
        reason = 'TooManyRequests';
        message = 'Too many requests, please try again later.';
        break;
      case 504:
        reason = 'Timeout';
        message = 'Timeout: request did not complete within requested timeout - context deadline exceeded';
        break;
      default:
        reason = 'InternalError';
        message =
          'Internal error occurred: failed calling webhook "webhook.cert-manager.io": failed to call webhook: ' +
          'Post "https://cert-manager-webhook.cert-manager.svc:443/validate?timeout=10s": context deadline exceeded';
    }
    return `{"metadata":{},"status":"Failure","message":${JSON.stringify(message)},"reason":"${reason}","details":${JSON.stringify(details)},"code":${code}}`;
  }
}

function isListable(r: ApiResource): boolean {
  return !['tokenreviews', 'subjectaccessreviews'].includes(r.resource) && r.group !== 'metrics.k8s.io' && r !== R.pods;
}
