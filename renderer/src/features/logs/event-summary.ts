// One sentence for an event: "dev-user deleted deployment prod/api — 200 OK in 35 ms".
import type { LogRow } from '../../../../shared/ipc/contract/logs.ts';
import { formatLatency, statusText } from './format.ts';

const PAST: Record<string, string> = {
  get: 'read',
  list: 'listed',
  watch: 'watched',
  create: 'created',
  update: 'updated',
  patch: 'patched',
  delete: 'deleted',
  deletecollection: 'deleted all',
  proxy: 'proxied to',
};

/** "deployments" → "deployment"; good enough for the English plurals of Kubernetes resources. */
function singular(resource: string): string {
  if (resource.endsWith('ies')) return resource.slice(0, -3) + 'y';
  if (/(ss|sh|ch|x)es$/.test(resource)) return resource.slice(0, -2);
  if (resource.endsWith('s')) return resource.slice(0, -1);
  return resource;
}

export function eventSummary(row: LogRow): string {
  const who = row.user || 'an unknown user';
  const verb = row.verb || 'requested';
  let what: string;
  if (!row.resource) {
    what = `${verb === 'get' ? 'requested' : verb} ${row.uri.split('?')[0] || 'a URL'}`;
  } else {
    const action = row.subresource
      ? `${verb === 'create' || verb === 'get' ? 'opened' : (PAST[verb] ?? verb)} ${row.subresource} on`
      : (PAST[verb] ?? verb);
    const many = verb === 'list' || verb === 'watch' || verb === 'deletecollection';
    const kind = many ? row.resource : singular(row.resource);
    const object = row.name ? `${row.ns ? `${row.ns}/` : ''}${row.name}` : row.ns ? `in ${row.ns}` : '';
    what = `${action} ${kind}${object ? ` ${object}` : ''}`;
  }
  const parts = [`${who} ${what}`];
  const outcome: string[] = [];
  if (row.code !== null) outcome.push(`${row.code}${statusText(row.code) ? ` ${statusText(row.code)}` : ''}`);
  const latency = formatLatency(row.request?.latencyMicros ?? row.latencyMicros);
  if (latency && row.stage !== 'RequestReceived') outcome.push(`in ${latency}`);
  if (outcome.length > 0) parts.push(outcome.join(' '));
  let sentence = parts.join(' — ');
  if (row.impersonated) sentence += ` (as ${row.impersonated})`;
  if (row.decision === 'forbid') sentence += ' · forbidden by the authorizer';
  return sentence;
}
