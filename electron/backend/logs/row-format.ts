// Turns index rows into plain objects for the UI, the CLI and exports, and rebuilds legacy-format events as JSON.

import { formatTimestamp } from '../../../shared/logs/timestamps.ts';
import type { EventRow } from '../../../shared/logs/event-row.ts';
import type { EventStore } from './event-store.ts';

export type { EventRow } from '../../../shared/logs/event-row.ts';

export const ROW_COLUMNS: readonly (keyof EventRow)[] = [
  'id',
  'time',
  'received',
  'latencyMicros',
  'stage',
  'level',
  'verb',
  'user',
  'groups',
  'ns',
  'resource',
  'subresource',
  'name',
  'apigroup',
  'apiversion',
  'code',
  'auditid',
  'sourceips',
  'useragent',
  'decision',
  'reason',
  'impersonated',
  'uri',
  'node',
  'cluster',
  'file',
  'line',
];

export function rowOf(store: EventStore, row: number): EventRow {
  const time = store.time[row];
  const received = store.received[row];
  const code = store.code[row];
  const s = (name: string): string => store.stringValue(name, row);
  return {
    id: row,
    time: formatTimestamp(time),
    received: formatTimestamp(received),
    latencyMicros: Number.isFinite(time - received) ? time - received : null,
    stage: s('stage'),
    level: s('level'),
    verb: s('verb'),
    user: s('user'),
    groups: store.multiValues('group', row),
    ns: s('ns'),
    resource: s('resource'),
    subresource: s('subresource'),
    name: s('name'),
    apigroup: s('apigroup'),
    apiversion: s('apiversion'),
    code: code === 0 ? null : code - 1,
    auditid: s('auditid'),
    sourceips: store.multiValues('sourceip', row),
    useragent: s('useragent'),
    decision: s('decision'),
    reason: s('reason'),
    impersonated: s('impersonated'),
    uri: s('uri'),
    node: s('node'),
    cluster: s('cluster'),
    file: s('file'),
    line: store.lineCol.array[row],
  };
}

/** A legacy text event as an audit.k8s.io/v1-shaped object (only the fields the legacy line carries). */
export function legacyEventObject(store: EventStore, row: number): Record<string, unknown> {
  const has = (name: string): boolean => store.hasString(name, row);
  const s = (name: string): string => store.stringValue(name, row);
  const event: Record<string, unknown> = { kind: 'Event', apiVersion: 'audit.k8s.io/v1' };
  if (has('auditid')) event.auditID = s('auditid');
  if (has('stage')) event.stage = s('stage');
  if (has('uri')) event.requestURI = s('uri');
  if (has('verb')) event.verb = s('verb');
  const user: Record<string, unknown> = {};
  if (has('user')) user.username = s('user');
  const groups = store.multiValues('group', row);
  if (groups.length > 0) user.groups = groups;
  event.user = user;
  if (has('impersonated')) event.impersonatedUser = { username: s('impersonated') };
  const ips = store.multiValues('sourceip', row);
  if (ips.length > 0) event.sourceIPs = ips;
  if (has('useragent')) event.userAgent = s('useragent');
  if (has('ns')) event.objectRef = { namespace: s('ns') };
  const code = store.code[row];
  if (code !== 0) event.responseStatus = { metadata: {}, code: code - 1 };
  event.requestReceivedTimestamp = formatTimestamp(store.received[row]);
  event.stageTimestamp = formatTimestamp(store.time[row]);
  return event;
}
