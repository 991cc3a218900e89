// The control plane's own traffic: kubelets, kube-controller-manager's controllers, the scheduler, kube-proxy and
// the add-ons reading and watching, node lease renewals, leader election, and system writes (pod and node status,
// endpoint slices, events, bindings, tokens, reviews).
import { CONTROLLERS, type ClusterNode } from './cluster.ts';
import * as bodies from './bodies.ts';
import { Weighted } from './random.ts';
import { ALL_RESOURCES, collectionPath, R, type ApiResource } from './resources.ts';
import type { Draft, Simulation } from './simulation.ts';

/** What Argo CD lists and watches: every kind it may manage (not reviews, metrics or pods). */
const LISTABLE = ALL_RESOURCES.filter(
  (r) => !['tokenreviews', 'subjectaccessreviews'].includes(r.resource) && r.group !== 'metrics.k8s.io' && r !== R.pods,
);

export class ControlPlaneTraffic {
  private leaseTurn = 0;

  constructor(private readonly sim: Simulation) {}

  private get random() {
    return this.sim.random;
  }

  private get cluster() {
    return this.sim.cluster;
  }

  /** A get, list or watch by one of the control plane's readers. */
  systemRead(): Draft {
    return this.readers.pick(this.random)();
  }

  private readonly readers = new Weighted<() => Draft>([
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
    [5, () => this.addonRead('argocd', LISTABLE, ['list', 'watch'])],
    [3, () => this.apiserverRead()],
  ]);

  private kubeletRead(): Draft {
    const random = this.random;
    const index = random.int(0, this.cluster.nodes.length - 1);
    const node = this.cluster.nodes[index]!;
    const kubelet = this.cluster.kubelets[index]!;
    const namespace = this.sim.anyWorkload().namespace;
    switch (random.int(0, 9)) {
      case 0:
      case 1:
      case 2:
        return this.sim.read(kubelet, R.pods, 'get', namespace);
      case 3:
        return this.sim.read(kubelet, R.nodes, 'get', undefined, {
          name: node.name,
          query: '?resourceVersion=0&timeout=10s',
          notFound: 0,
        });
      case 4:
        return this.sim.read(kubelet, R.configmaps, 'watch', namespace, {
          fieldSelector: 'metadata.name=kube-root-ca.crt',
        });
      case 5: {
        const secret = this.sim.nameOf(R.secrets, namespace);
        // The Node authorizer only lets a kubelet read secrets of pods bound to it.
        const draft = this.sim.read(kubelet, R.secrets, 'watch', namespace, {
          fieldSelector: `metadata.name=${secret}`,
        });
        if (random.chance(0.01)) {
          draft.code = 403;
          draft.forbidReason = `no relationship found between node '${node.name}' and this object`;
        }
        return draft;
      }
      case 6:
        return this.sim.read(kubelet, R.pods, 'watch', undefined, { fieldSelector: `spec.nodeName=${node.name}` });
      case 7:
        return this.sim.read(kubelet, random.pick([R.services, R.csidrivers, R.runtimeclasses]), 'watch', undefined);
      case 8:
        return this.sim.read(kubelet, R.configmaps, 'get', namespace, { notFound: 0.01 });
      default:
        return this.sim.read(kubelet, R.csinodes, 'get', undefined, { name: node.name, notFound: 0 });
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
    const r = random.pick(ControlPlaneTraffic.CONTROLLER_RESOURCES[CONTROLLERS[index]!]);
    const verb = random.pick(['get', 'get', 'get', 'list', 'list', 'watch', 'watch']);
    const namespace =
      r.namespaced && (verb === 'get' || random.chance(0.5)) ? this.sim.anyWorkload().namespace : undefined;
    return this.sim.read(this.cluster.controllers[index]!, r, verb, namespace);
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
    return this.sim.read(this.cluster.scheduler, r, verb, undefined, {
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
      ? this.sim.read(identity, r, 'list', undefined, { query })
      : this.sim.read(identity, r, 'watch', undefined);
  }

  private addonRead(addon: string, resources: readonly ApiResource[], verbs: readonly string[]): Draft {
    const random = this.random;
    const r = random.pick(resources);
    const verb = random.pick(verbs);
    const namespace =
      r.namespaced && (verb === 'get' || random.chance(0.3)) ? this.sim.anyWorkload().namespace : undefined;
    return this.sim.read(this.cluster.addons.get(addon)!, r, verb, namespace);
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
    return this.sim.read(this.cluster.apiserver, r, verb, r.namespaced ? 'kube-system' : undefined);
  }

  // ---------------------------------------------------------------- leases

  nodeLease(): Draft {
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
      refParts: { uid: this.sim.uidOf(`lease:${node.name}`), resourceVersion: this.sim.nextResourceVersion() },
      code: this.random.chance(0.002) ? 409 : 200,
      latencyMs: this.random.logNormal(3, 0.6),
    };
  }

  leaderElection(): Draft {
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
        ? { uid: this.sim.uidOf(`lease:${namespace}/${name}`), resourceVersion: this.sim.nextResourceVersion() }
        : {},
      latencyMs: random.logNormal(2.5, 0.6),
    };
  }

  // ---------------------------------------------------------------- system writes

  systemWrite(): Draft {
    const random = this.random;
    const cluster = this.cluster;
    const nodeIndex = random.int(0, cluster.nodes.length - 1);
    const node: ClusterNode = cluster.nodes[nodeIndex]!;
    const kubelet = cluster.kubelets[nodeIndex]!;
    const w = this.sim.anyWorkload();
    const pod = random.pick(w.pods);
    switch (random.int(0, 19)) {
      case 0:
      case 1:
      case 2:
      case 3:
      case 4: {
        const uid = this.sim.uidOf(`pod:${pod}`);
        return {
          identity: kubelet,
          verb: 'patch',
          r: R.pods,
          namespace: w.namespace,
          name: pod,
          subresource: 'status',
          code: random.chance(0.01) ? 404 : 200,
          latencyMs: random.logNormal(6, 0.6),
          requestBody: () => bodies.podStatusPatch(this.sim.bodyContext(), w, uid),
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
          requestBody: () => bodies.nodeStatusPatch(this.sim.bodyContext()),
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
          refParts: { uid: this.sim.uidOf(`slice:${name}`), resourceVersion: this.sim.nextResourceVersion() },
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
          requestBody: () => bodies.kubeEvent(this.sim.bodyContext(), w, pod, name, node.name),
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
            metadata: { name, namespace: w.namespace, uid: this.sim.uidOf(`pod:${name}`) },
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
          refParts: { uid: w.uid, resourceVersion: this.sim.nextResourceVersion() },
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
}
