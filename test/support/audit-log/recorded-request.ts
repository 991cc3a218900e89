// What the API server records about a request: the Draft a request maker returned, with the level the cluster's
// policy decides, the authorizer's annotations (and latency ones for slow requests), the response status, and the
// bodies the level lets through, serialised for the event writer.
import type { Identity } from './cluster.ts';
import { levelOf, type Level } from './policy.ts';
import type { Random } from './random.ts';
import { collectionPath, objectPath, objectRefJson } from './resources.ts';
import type { Draft } from './simulation.ts';

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

const WRITES = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);

/** Go's time.Duration text for a duration in milliseconds ("734.120511ms", "1.403227661s"). */
function goDuration(ms: number): string {
  const ns = Math.round(ms * 1e6);
  if (ns >= 1e9) return `${(ns / 1e9).toFixed(9).replace(/\.?0+$/, '')}s`;
  return `${(ns / 1e6).toFixed(6).replace(/\.?0+$/, '')}ms`;
}

export class RequestRecorder {
  private readonly jsonCache = new Map<string, string>();

  constructor(private readonly random: Random) {}

  /** JSON text of a string, cached: the same reasons and annotations come back all the time. */
  private json(text: string): string {
    let json = this.jsonCache.get(text);
    if (json === undefined) {
      json = JSON.stringify(text);
      if (this.jsonCache.size < 10_000) this.jsonCache.set(text, json);
    }
    return json;
  }

  record(draft: Draft): AuditRequest {
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
