// Built-in investigations: saved searches for the questions people bring to audit logs, with an explanation of what
// each one finds and what to look at next. Pure data plus a query builder, so the explorer and the policy lab share
// them.

import { lookupField } from './fields.ts';

/** A blank the user fills in (a user name, an object); empty optional blanks drop their term. */
export interface InvestigationParameter {
  id: string;
  label: string;
  /** Indexed field whose values autocomplete the blank. */
  field: string;
  required: boolean;
  placeholder: string;
}

/** A query term: fixed text, or `field:value` from a parameter. */
export type InvestigationTerm = string | { parameter: string; field: string };

export interface Investigation {
  id: string;
  title: string;
  /** What it finds and why it matters. */
  explanation: string;
  /** What to look at in the result. */
  nextSteps: string;
  terms: InvestigationTerm[];
  parameters: InvestigationParameter[];
  /** Count requests instead of stage events. */
  requests: boolean;
  /** Needs a time window (since/until) from the user. */
  timeWindow: boolean;
  /** Extra columns that help read the result. */
  columns: string[];
}

/** Humans: not service accounts, nodes or control-plane identities (all named system:…). */
const HUMAN = '-user:system:*';
const WRITES = 'verb:(create OR update OR patch OR delete OR deletecollection)';

export const INVESTIGATIONS: readonly Investigation[] = [
  {
    id: 'object-changes',
    title: 'Who deleted or changed an object',
    explanation:
      'Every create, update, patch and delete of one object (or every object of a resource), one row per request. ' +
      'Audit events name the object in objectRef, so this works at every level, Metadata included.',
    nextSteps:
      'Open a row and use "Object history" to see the request bodies side by side (they are there when the policy ' +
      'logs this resource at Request or RequestResponse).',
    terms: [
      WRITES,
      { parameter: 'resource', field: 'resource' },
      { parameter: 'name', field: 'name' },
      { parameter: 'ns', field: 'ns' },
    ],
    parameters: [
      { id: 'resource', label: 'Resource', field: 'resource', required: true, placeholder: 'deployments' },
      { id: 'name', label: 'Name', field: 'name', required: false, placeholder: 'api' },
      { id: 'ns', label: 'Namespace', field: 'ns', required: false, placeholder: 'prod' },
    ],
    requests: true,
    timeWindow: false,
    columns: ['time', 'user', 'verb', 'resource', 'code', 'useragent'],
  },
  {
    id: 'secret-reads-by-humans',
    title: 'Secret reads by humans',
    explanation:
      'get, list and watch of secrets by users that are not system identities (service accounts, nodes and ' +
      'control-plane components are left out). Reading a secret is reading its value: humans rarely need to.',
    nextSteps: 'Check the user sidebar: who reads secrets, in which namespaces, and with which client (user agent).',
    terms: ['resource:secrets verb:(get OR list OR watch)', HUMAN],
    parameters: [],
    requests: true,
    timeWindow: false,
    columns: ['time', 'user', 'verb', 'ns', 'name', 'code', 'useragent'],
  },
  {
    id: 'exec-attach-port-forward',
    title: 'exec, attach and port-forward',
    explanation:
      'Interactive access into running pods: kubectl exec, attach and port-forward. These bypass the API for ' +
      'whatever happens next, so the audit log only shows that a session was opened (code 101 = upgraded).',
    nextSteps: 'Look at who opened sessions into which pods, and whether any were refused (403).',
    terms: ['subresource:(exec OR attach OR portforward)'],
    parameters: [],
    requests: true,
    timeWindow: false,
    columns: ['time', 'user', 'ns', 'name', 'subresource', 'code', 'sourceip'],
  },
  {
    id: 'cluster-admin-bindings',
    title: 'New or changed cluster-admin bindings',
    explanation:
      'Creates, updates and patches of role bindings that mention cluster-admin. Granting cluster-admin gives full ' +
      'control of the cluster. The match is on the event text, so it needs the request body (Request level or ' +
      'higher for rbac.authorization.k8s.io) or a binding whose name says cluster-admin.',
    nextSteps: 'Open the event to see the subjects of the binding in the request body.',
    terms: ['resource:(clusterrolebindings OR rolebindings) verb:(create OR update OR patch)', '"cluster-admin"'],
    parameters: [],
    requests: false,
    timeWindow: false,
    columns: ['time', 'user', 'verb', 'resource', 'name', 'code'],
  },
  {
    id: 'anonymous-or-failed-auth',
    title: 'Anonymous or failed authentication',
    explanation:
      'Requests by system:anonymous and requests refused with 401 Unauthorized (bad or expired credentials). ' +
      'Bursts from one source IP often mean a scanner or a misconfigured client.',
    nextSteps: 'Look at the source IP and user agent values in the sidebar.',
    terms: ['(user:system:anonymous OR group:system:unauthenticated OR code:401)'],
    parameters: [],
    requests: true,
    timeWindow: false,
    columns: ['time', 'user', 'verb', 'uri', 'code', 'sourceip', 'useragent'],
  },
  {
    id: 'forbidden-bursts',
    title: '403 bursts',
    explanation:
      'Requests the authorizer refused (403 Forbidden). A burst in the histogram usually means a deployment with ' +
      'missing RBAC, or someone probing what they can do.',
    nextSteps: 'Brush the spike in the histogram, then read the user and resource values in the sidebar.',
    terms: ['code:403', { parameter: 'user', field: 'user' }],
    parameters: [
      {
        id: 'user',
        label: 'User (optional)',
        field: 'user',
        required: false,
        placeholder: 'system:serviceaccount:ci:deployer',
      },
    ],
    requests: true,
    timeWindow: false,
    columns: ['time', 'user', 'verb', 'resource', 'ns', 'name', 'reason'],
  },
  {
    id: 'slow-requests',
    title: 'Slow requests',
    explanation:
      'Requests that took longer than the threshold from receipt to this stage. Watches, exec and log streams are ' +
      'long by design and are left out.',
    nextSteps: 'Sort the latency column and look for a common resource, user or node.',
    terms: [
      'stage:ResponseComplete -verb:watch -subresource:(exec OR attach OR portforward OR log)',
      { parameter: 'latency', field: 'latency' },
    ],
    parameters: [{ id: 'latency', label: 'Slower than', field: 'latency', required: true, placeholder: '1s' }],
    requests: false,
    timeWindow: false,
    columns: ['time', 'latency', 'user', 'verb', 'resource', 'ns', 'name', 'code'],
  },
  {
    id: 'user-changes',
    title: 'Changes by a user in a time window',
    explanation: 'Everything one user created, changed or deleted between two times, one row per request.',
    nextSteps: 'Use the resource and namespace values in the sidebar to see what the user touched.',
    terms: [WRITES, { parameter: 'user', field: 'user' }],
    parameters: [{ id: 'user', label: 'User', field: 'user', required: true, placeholder: 'alice@example.com' }],
    requests: true,
    timeWindow: true,
    columns: ['time', 'verb', 'resource', 'ns', 'name', 'code'],
  },
];

/** Quotes a value when the query language would otherwise split or misread it. */
export function quoteQueryValue(value: string): string {
  if (value !== '' && /^[^\s()"]+$/.test(value) && !/^(AND|OR|NOT)$/.test(value)) return value;
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** `field:value` for equality, or `field>value` for durations and numbers used as thresholds. */
function termFor(field: string, value: string): string {
  const kind = lookupField(field)?.kind;
  if (kind === 'duration') return `${field}>${value}`;
  return `${field}:${quoteQueryValue(value)}`;
}

export class InvestigationInputError extends Error {}

/** The query for an investigation with its blanks filled in; throws when a required blank is empty. */
export function investigationQuery(investigation: Investigation, values: Record<string, string>): string {
  const parts: string[] = [];
  for (const term of investigation.terms) {
    if (typeof term === 'string') {
      parts.push(term);
      continue;
    }
    const value = (values[term.parameter] ?? '').trim();
    const parameter = investigation.parameters.find((item) => item.id === term.parameter);
    if (value === '') {
      if (parameter?.required) throw new InvestigationInputError(`${parameter.label} is required`);
      continue;
    }
    parts.push(termFor(term.field, value));
  }
  return parts.join(' ');
}
