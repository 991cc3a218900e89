// Everyone else: people (OIDC users, the kubeadm admin) and CI changing and reading things, exec and port-forward
// sessions, denials and impersonation; probes, scrapers and discovery on non-resource URLs; failed logins.
import type { Identity } from './cluster.ts';
import * as bodies from './bodies.ts';
import { Weighted } from './random.ts';
import { R } from './resources.ts';
import type { Draft, Simulation } from './simulation.ts';

export class PeopleTraffic {
  constructor(
    private readonly sim: Simulation,
    /** CRDs and dashboard ConfigMaps of 100 KB and more. */
    private readonly bigBodies: boolean,
  ) {}

  private get random() {
    return this.sim.random;
  }

  private get cluster() {
    return this.sim.cluster;
  }

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

  personWrite(): Draft {
    const random = this.random;
    let kind = PeopleTraffic.WRITE_KINDS.pick(random);
    if (kind === 'customresourcedefinitions' && !this.bigBodies) kind = 'deployments';
    // Pipelines deploy; people open shells and tunnels into pods.
    const identity = kind === 'exec' || kind === 'portforward' ? random.pick(this.cluster.humans) : this.person(0.5);
    const namespace = this.namespaceFor(identity);
    const w = this.sim.workloadIn(namespace) ?? this.sim.appWorkload();
    let verb = PeopleTraffic.WRITE_VERBS.pick(random);
    const draft: Draft = { identity, verb, namespace: w.namespace, latencyMs: random.logNormal(11, 0.7) };
    const ctx = () => this.sim.bodyContext();
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
        const name = this.sim.nameOf(R.customresourcedefinitions, undefined);
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
              : this.sim.nameOf(r, w.namespace);
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
          if (verb === 'update') draft.refParts = { uid: this.sim.uidOf(`${kind}:${w.namespace}/${draft.name}`) };
        } else if (verb === 'patch') {
          if (kind === 'deployments' && random.chance(0.4)) {
            draft.requestBody = () => bodies.restartPatch(this.sim.nowIso);
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
          const uid = this.sim.uidOf(`${kind}:${w.namespace}/${draft.name}`);
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

  personRead(): Draft {
    const random = this.random;
    const identity = this.person(0.35);
    const namespace = this.namespaceFor(identity);
    const w = this.sim.workloadIn(namespace) ?? this.sim.appWorkload();
    const ns = w.namespace;
    let draft: Draft;
    switch (random.int(0, 19)) {
      case 0:
      case 1:
      case 2:
      case 3:
      case 4:
        draft = this.sim.read(identity, R.pods, 'list', ns, { query: '?limit=500' });
        break;
      case 5:
      case 6:
        draft = this.sim.read(identity, R.pods, 'get', ns, { name: random.pick(w.pods), notFound: 0.08 });
        break;
      case 7:
      case 8: {
        const follow = random.chance(0.4);
        draft = this.sim.read(identity, R.pods, 'get', ns, {
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
        draft = this.sim.read(identity, R.deployments, 'get', ns, { name: w.app, notFound: 0.04 });
        break;
      case 11:
        draft = this.sim.read(identity, R.events, 'list', ns, { query: '?limit=500' });
        break;
      case 12:
      case 13:
        draft =
          identity.kind === 'ci'
            ? this.sim.read(identity, R.secrets, 'list', ns, { query: `?labelSelector=name%3D${w.app}%2Cowner%3Dhelm` })
            : this.sim.read(identity, R.secrets, 'get', ns);
        break;
      case 14:
        draft = this.sim.read(identity, R.namespaces, 'list', undefined, { query: '?limit=500' });
        break;
      case 15:
        draft = this.sim.read(identity, R.nodes, 'list', undefined, { query: '?limit=500' });
        break;
      case 16:
        draft = this.sim.read(identity, R.configmaps, 'get', ns);
        break;
      case 17:
        draft = this.sim.read(identity, R.ingresses, 'list', ns, { query: '?limit=500' });
        break;
      default:
        draft = this.sim.read(identity, random.pick([R.deployments, R.services, R.jobs]), 'list', ns, {
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

  nonResource(): Draft {
    const random = this.random;
    const path = PeopleTraffic.NON_RESOURCE_PATHS.pick(random);
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

  failedLogin(): Draft {
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
}
