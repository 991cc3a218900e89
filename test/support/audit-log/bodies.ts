// Request and response bodies of logged writes: the objects kubectl, Helm, Argo CD and controllers send, the
// patches they make, and what the API server answers with. Plain objects; only requests logged with bodies pay for
// serialising them.
import type { Random } from './random.ts';
import type { Workload } from './cluster.ts';

type Json = Record<string, unknown>;

export interface BodyContext {
  random: Random;
  /** The time of the request, whole seconds, RFC 3339. */
  now: string;
  /** An earlier time, for creation timestamps. */
  past: string;
  nextResourceVersion: () => string;
}

const WORDS = (
  'request latency error rate saturation queue depth consumer lag cache hit ratio memory working set cpu ' +
  'throttling disk pressure network receive transmit bytes packets dropped pods ready restarts replicas ' +
  'available desired ingress upstream response status checkout payments orders search catalog storefront'
).split(' ');

function phrase(random: Random, words: number): string {
  let out = random.pick(WORDS);
  for (let i = 1; i < words; i++) out += ' ' + random.pick(WORDS);
  return out;
}

function labels(app: string, extra: Json = {}): Json {
  return { 'app.kubernetes.io/name': app, 'app.kubernetes.io/part-of': 'shop', ...extra };
}

/** metadata as the server returns it: uid, resourceVersion, creation time, and who wrote which fields. */
function storedMetadata(ctx: BodyContext, metadata: Json, manager: string, uid: string): Json {
  return {
    ...metadata,
    uid,
    resourceVersion: ctx.nextResourceVersion(),
    creationTimestamp: ctx.past,
    managedFields: [
      {
        manager,
        operation: 'Update',
        apiVersion: 'v1',
        time: ctx.now,
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:metadata': { 'f:labels': { '.': {}, 'f:app.kubernetes.io/name': {} } }, 'f:spec': {} },
      },
    ],
  };
}

function container(random: Random, workload: Workload): Json {
  const env = [];
  for (let i = 0, n = random.int(2, 8); i < n; i++) {
    env.push(
      i % 4 === 3
        ? { name: `DB_PASSWORD_${i}`, valueFrom: { secretKeyRef: { name: `${workload.app}-db`, key: 'password' } } }
        : { name: `${random.pick(WORDS).toUpperCase()}_${i}`, value: random.pick(WORDS) },
    );
  }
  return {
    name: 'app',
    image: workload.image,
    ports: [
      { name: 'http', containerPort: 8080, protocol: 'TCP' },
      { name: 'metrics', containerPort: 9090, protocol: 'TCP' },
    ],
    env,
    resources: { limits: { memory: '512Mi' }, requests: { cpu: '100m', memory: '256Mi' } },
    readinessProbe: {
      httpGet: { path: '/ready', port: 'http', scheme: 'HTTP' },
      periodSeconds: 5,
      failureThreshold: 3,
    },
    livenessProbe: { httpGet: { path: '/healthz', port: 'http', scheme: 'HTTP' }, periodSeconds: 10 },
    securityContext: {
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    },
    imagePullPolicy: 'IfNotPresent',
  };
}

function podSpec(random: Random, workload: Workload): Json {
  return {
    serviceAccountName: workload.app,
    containers: [container(random, workload)],
    volumes: [{ name: 'config', configMap: { name: `${workload.app}-config`, defaultMode: 420 } }],
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
    dnsPolicy: 'ClusterFirst',
    securityContext: { fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } },
  };
}

export function deployment(ctx: BodyContext, workload: Workload, stored: boolean): Json {
  const { random } = ctx;
  const replicas = random.int(1, 6);
  const metadata: Json = {
    name: workload.app,
    namespace: workload.namespace,
    labels: labels(workload.app, { 'app.kubernetes.io/managed-by': 'Helm' }),
    annotations: { 'meta.helm.sh/release-name': workload.app, 'meta.helm.sh/release-namespace': workload.namespace },
  };
  const body: Json = {
    kind: 'Deployment',
    apiVersion: 'apps/v1',
    metadata: stored
      ? storedMetadata(ctx, { ...metadata, generation: random.int(2, 90) }, 'helm', workload.uid)
      : metadata,
    spec: {
      replicas,
      selector: { matchLabels: { 'app.kubernetes.io/name': workload.app } },
      template: {
        metadata: { labels: labels(workload.app), annotations: { 'checksum/config': ctx.random.hex(64) } },
        spec: podSpec(random, workload),
      },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
      revisionHistoryLimit: 10,
    },
  };
  if (stored) body.status = { observedGeneration: 1, replicas, readyReplicas: replicas, availableReplicas: replicas };
  return body;
}

export function pod(ctx: BodyContext, workload: Workload, name: string, node?: string): Json {
  const spec = podSpec(ctx.random, workload);
  if (node) spec.nodeName = node;
  return {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: {
      name,
      generateName: `${workload.app}-${workload.hash}-`,
      namespace: workload.namespace,
      labels: labels(workload.app, { 'pod-template-hash': workload.hash }),
      ownerReferences: [
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${workload.app}-${workload.hash}`, controller: true },
      ],
    },
    spec,
  };
}

/** Grafana dashboards live in ConfigMaps and are big: 90–300 KB of panels. */
function dashboard(random: Random, workload: Workload): string {
  const panels: Json[] = [];
  const target = random.int(90, 300) * 1024;
  let size = 0;
  while (size < target) {
    const title = phrase(random, random.int(2, 5));
    const panel = {
      id: panels.length + 1,
      type: random.pick(['timeseries', 'stat', 'gauge', 'table', 'heatmap']),
      title,
      description: phrase(random, random.int(8, 30)),
      datasource: { type: 'prometheus', uid: 'prometheus' },
      gridPos: { h: 8, w: 12, x: (panels.length % 2) * 12, y: panels.length * 4 },
      targets: [
        {
          expr: `sum by (pod) (rate(container_cpu_usage_seconds_total{namespace="${workload.namespace}",pod=~"${workload.app}-.*"}[5m]))`,
          legendFormat: '{{pod}}',
          refId: 'A',
        },
      ],
      fieldConfig: { defaults: { unit: random.pick(['short', 'bytes', 'percent', 's', 'reqps']) }, overrides: [] },
    };
    size += JSON.stringify(panel).length;
    panels.push(panel);
  }
  return JSON.stringify({ title: `${workload.app} dashboard`, uid: random.hex(12), schemaVersion: 39, panels });
}

export function configMap(ctx: BodyContext, workload: Workload, name: string, big: boolean): Json {
  const { random } = ctx;
  const data: Record<string, string> = {};
  if (big) {
    data[`${workload.app}-dashboard.json`] = dashboard(random, workload);
  } else {
    let yaml = `server:\n  port: 8080\nlog:\n  level: ${random.pick(['info', 'debug', 'warn'])}\nfeatures:\n`;
    for (let i = 0, n = random.int(2, 20); i < n; i++) yaml += `  ${random.pick(WORDS)}-${i}: ${random.chance(0.5)}\n`;
    data['application.yaml'] = yaml;
    data.UPSTREAM = `http://${random.pick(['catalog', 'search', 'orders'])}.prod.svc.cluster.local:8080`;
  }
  return {
    kind: 'ConfigMap',
    apiVersion: 'v1',
    metadata: {
      name,
      namespace: workload.namespace,
      labels: labels(workload.app, big ? { grafana_dashboard: '1' } : {}),
    },
    data,
  };
}

export function service(workload: Workload): Json {
  return {
    kind: 'Service',
    apiVersion: 'v1',
    metadata: { name: workload.app, namespace: workload.namespace, labels: labels(workload.app) },
    spec: {
      type: 'ClusterIP',
      selector: { 'app.kubernetes.io/name': workload.app },
      ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
    },
  };
}

export function ingress(workload: Workload): Json {
  const host = `${workload.app}.${workload.namespace}.shop.example.com`;
  return {
    kind: 'Ingress',
    apiVersion: 'networking.k8s.io/v1',
    metadata: {
      name: workload.app,
      namespace: workload.namespace,
      annotations: {
        'cert-manager.io/cluster-issuer': 'letsencrypt',
        'nginx.ingress.kubernetes.io/ssl-redirect': 'true',
      },
    },
    spec: {
      ingressClassName: 'nginx',
      tls: [{ hosts: [host], secretName: `${workload.app}-tls` }],
      rules: [
        {
          host,
          http: {
            paths: [
              { path: '/', pathType: 'Prefix', backend: { service: { name: workload.app, port: { name: 'http' } } } },
            ],
          },
        },
      ],
    },
  };
}

export function role(ctx: BodyContext, namespace: string, name: string): Json {
  const { random } = ctx;
  const rules = [];
  for (let i = 0, n = random.int(1, 6); i < n; i++) {
    rules.push({
      apiGroups: [random.pick(['', 'apps', 'batch', 'networking.k8s.io'])],
      resources: [random.pick(['pods', 'pods/log', 'deployments', 'configmaps', 'services', 'jobs', 'ingresses'])],
      verbs: random.pick([['get', 'list', 'watch'], ['create', 'update', 'patch', 'delete'], ['*']]),
    });
  }
  return { kind: 'Role', apiVersion: 'rbac.authorization.k8s.io/v1', metadata: { name, namespace }, rules };
}

export function roleBinding(ctx: BodyContext, namespace: string, name: string): Json {
  const { random } = ctx;
  return {
    kind: 'RoleBinding',
    apiVersion: 'rbac.authorization.k8s.io/v1',
    metadata: { name, namespace },
    roleRef: {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: random.pick(['edit', 'view', 'admin']),
    },
    subjects: [
      { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: random.pick(['oidc:developers', 'oidc:team-ml']) },
      { kind: 'ServiceAccount', name: 'github-actions', namespace: 'ci' },
    ],
  };
}

export function job(ctx: BodyContext, workload: Workload, name: string): Json {
  const spec = podSpec(ctx.random, workload);
  spec.restartPolicy = 'Never';
  return {
    kind: 'Job',
    apiVersion: 'batch/v1',
    metadata: { name, namespace: workload.namespace, labels: labels(workload.app) },
    spec: { backoffLimit: 3, ttlSecondsAfterFinished: 86400, template: { spec } },
  };
}

export function namespace(name: string): Json {
  return {
    kind: 'Namespace',
    apiVersion: 'v1',
    metadata: {
      name,
      labels: { 'kubernetes.io/metadata.name': name, 'pod-security.kubernetes.io/enforce': 'baseline' },
    },
  };
}

export function certificate(workload: Workload): Json {
  const name = `${workload.app}-tls`;
  return {
    kind: 'Certificate',
    apiVersion: 'cert-manager.io/v1',
    metadata: { name, namespace: workload.namespace },
    spec: {
      secretName: name,
      dnsNames: [`${workload.app}.${workload.namespace}.shop.example.com`],
      issuerRef: { name: 'letsencrypt', kind: 'ClusterIssuer' },
      renewBefore: '360h0m0s',
    },
  };
}

/** A CRD with a generated OpenAPI schema: real ones are often 100–400 KB. */
export function customResourceDefinition(ctx: BodyContext, name: string): Json {
  const { random } = ctx;
  const [plural, ...group] = name.split('.');
  let budget = random.int(80, 250) * 1024;
  const properties = (depth: number): Json => {
    const out: Json = {};
    for (let i = 0, n = random.int(3, 8); i < n && budget > 0; i++) {
      const description = phrase(random, random.int(10, 50)) + '.';
      budget -= description.length + 60;
      const key = `${random.pick(WORDS)}${i}`;
      out[key] =
        depth < 4 && random.chance(0.4)
          ? { description, type: 'object', properties: properties(depth + 1) }
          : { description, type: random.pick(['string', 'integer', 'boolean']) };
    }
    return out;
  };
  const spec: Json = {};
  while (budget > 0) Object.assign(spec, properties(0));
  const kind = plural!.charAt(0).toUpperCase() + plural!.slice(1, -1);
  return {
    kind: 'CustomResourceDefinition',
    apiVersion: 'apiextensions.k8s.io/v1',
    metadata: { name, annotations: { 'controller-gen.kubebuilder.io/version': 'v0.16.1' } },
    spec: {
      group: group.join('.'),
      names: { kind, listKind: `${kind}List`, plural, singular: plural!.slice(0, -1) },
      scope: 'Namespaced',
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: spec } } } },
        },
      ],
    },
  };
}

/** The stored object the server answers a create or update with. */
export function stored(ctx: BodyContext, body: Json, manager: string, uid: string): Json {
  return { ...body, metadata: storedMetadata(ctx, body.metadata as Json, manager, uid) };
}

export function deleteOptions(random: Random): Json {
  return {
    kind: 'DeleteOptions',
    apiVersion: 'meta.k8s.io/v1',
    propagationPolicy: random.pick(['Background', 'Foreground']),
  };
}

/** kubectl rollout restart. */
export function restartPatch(now: string): Json {
  return { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': now } } } } };
}

export function podStatusPatch(ctx: BodyContext, workload: Workload, uid: string): Json {
  const { random } = ctx;
  return {
    metadata: { uid },
    status: {
      conditions: [
        { type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: ctx.now },
        { type: 'ContainersReady', status: 'True', lastProbeTime: null, lastTransitionTime: ctx.now },
      ],
      containerStatuses: [
        {
          name: 'app',
          image: workload.image,
          imageID: `${workload.image.split(':')[0]}@sha256:${random.hex(64)}`,
          containerID: `containerd://${random.hex(64)}`,
          ready: true,
          restartCount: random.int(0, 4),
          started: true,
          state: { running: { startedAt: ctx.past } },
        },
      ],
    },
  };
}

/** The strategic-merge patch a kubelet sends every few seconds: condition heartbeats. */
export function nodeStatusPatch(ctx: BodyContext): Json {
  const types = ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready'];
  return {
    status: {
      '$setElementOrder/conditions': types.map((type) => ({ type })),
      conditions: types.map((type) => ({ lastHeartbeatTime: ctx.now, type })),
    },
  };
}

export function kubeEvent(ctx: BodyContext, workload: Workload, pod: string, name: string, node: string): Json {
  const { random } = ctx;
  const [reason, note, type] = random.pick([
    ['Pulled', `Container image "${workload.image}" already present on machine`, 'Normal'],
    ['Started', 'Started container app', 'Normal'],
    ['Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 503', 'Warning'],
    ['BackOff', `Back-off restarting failed container app in pod ${pod}_${workload.namespace}`, 'Warning'],
    ['Killing', 'Stopping container app', 'Normal'],
  ] as const);
  return {
    kind: 'Event',
    apiVersion: 'events.k8s.io/v1',
    metadata: { name, namespace: workload.namespace },
    eventTime: null,
    reportingController: 'kubelet',
    reportingInstance: node,
    action: reason,
    reason,
    regarding: { kind: 'Pod', namespace: workload.namespace, name: pod, apiVersion: 'v1' },
    note,
    type,
  };
}
