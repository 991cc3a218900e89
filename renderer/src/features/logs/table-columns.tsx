// The event table's columns: what each shows, how wide it is, and which query field it filters by.
import type { LogRow } from '../../../../shared/ipc/contract/logs.ts';
import { formatLatency, formatTableTime } from './format.ts';

export interface ColumnDef {
  id: string;
  label: string;
  /** Fixed width in px; `flex` columns share the rest. */
  width: number;
  flex?: boolean;
  align?: 'right';
  mono?: boolean;
  text(row: LogRow): string;
}

const join = (values: string[]) => values.join(', ');

export const COLUMNS: readonly ColumnDef[] = [
  { id: 'time', label: 'Time (UTC)', width: 200, mono: true, text: (row) => formatTableTime(row.time) },
  { id: 'received', label: 'Received', width: 200, mono: true, text: (row) => formatTableTime(row.received) },
  { id: 'node', label: 'Node', width: 110, text: (row) => row.node || row.file },
  { id: 'user', label: 'User', width: 210, text: (row) => row.user },
  { id: 'verb', label: 'Verb', width: 84, text: (row) => row.verb },
  {
    id: 'resource',
    label: 'Resource (ns/name)',
    width: 240,
    flex: true,
    text: (row) => {
      if (!row.resource) return row.uri;
      const kind = row.subresource ? `${row.resource}/${row.subresource}` : row.resource;
      const object = [row.ns, row.name].filter(Boolean).join('/');
      return object ? `${kind}  ${object}` : kind;
    },
  },
  {
    id: 'code',
    label: 'Code',
    width: 60,
    align: 'right',
    mono: true,
    text: (row) => (row.code === null ? '' : String(row.code)),
  },
  {
    id: 'latency',
    label: 'Latency',
    width: 84,
    align: 'right',
    mono: true,
    text: (row) => formatLatency(row.request?.latencyMicros ?? row.latencyMicros),
  },
  { id: 'level', label: 'Level', width: 128, text: (row) => row.level },
  {
    id: 'stage',
    label: 'Stage',
    width: 140,
    text: (row) => (row.request ? row.request.stages.join(' → ') : row.stage),
  },
  { id: 'ns', label: 'Namespace', width: 130, text: (row) => row.ns },
  { id: 'name', label: 'Name', width: 200, text: (row) => row.name },
  { id: 'subresource', label: 'Subresource', width: 110, text: (row) => row.subresource },
  { id: 'apigroup', label: 'API group', width: 170, text: (row) => row.apigroup },
  { id: 'group', label: 'Groups', width: 220, text: (row) => join(row.groups) },
  { id: 'sourceip', label: 'Source IPs', width: 140, mono: true, text: (row) => join(row.sourceips) },
  { id: 'useragent', label: 'User agent', width: 240, text: (row) => row.useragent },
  { id: 'decision', label: 'Decision', width: 84, text: (row) => row.decision },
  { id: 'reason', label: 'Reason', width: 280, text: (row) => row.reason },
  { id: 'impersonated', label: 'Impersonated', width: 160, text: (row) => row.impersonated },
  { id: 'uri', label: 'Request URI', width: 320, mono: true, text: (row) => row.uri },
  { id: 'auditid', label: 'Audit ID', width: 290, mono: true, text: (row) => row.auditid },
  { id: 'file', label: 'File', width: 160, text: (row) => `${row.file}:${row.line}` },
  { id: 'cluster', label: 'Cluster', width: 120, text: (row) => row.cluster },
];

export const DEFAULT_COLUMNS = ['time', 'node', 'user', 'verb', 'resource', 'code', 'latency', 'level'];

export function columnById(id: string): ColumnDef | undefined {
  return COLUMNS.find((column) => column.id === id);
}
