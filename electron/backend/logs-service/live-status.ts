// How a live source looks in the sources bar: the tail's connection state mapped onto the session's source states,
// with the attempt and reason while reconnecting, and the bytes and events its spools have given the index.
import type { LogSource, LogSourceState } from '../../../shared/ipc/contract/logs.ts';
import type { SourceInfo } from '../logs/event-store.ts';
import type { LiveState } from '../logs/live-source.ts';
import type { SourceEntry } from './log-session.ts';

function stateOf(live: LiveState): LogSourceState {
  switch (live.state) {
    case 'connecting':
      return 'connecting';
    case 'following':
      return 'following';
    case 'reconnecting':
      return 'reconnecting';
    case 'error':
      return 'error';
    case 'paused':
    case 'stopped':
      return 'paused';
  }
}

function messageOf(live: LiveState): string | undefined {
  switch (live.state) {
    case 'reconnecting':
      return `reconnecting (attempt ${live.attempt}) in ${Math.ceil(live.retryInMs / 1000)} s: ${live.reason}`;
    case 'error':
      return live.reason;
    default:
      return undefined;
  }
}

export function describeLive(entry: SourceEntry, allInfos: readonly SourceInfo[]): LogSource {
  const { tail, nodeId, logPath } = entry.live!;
  const spools = new Set(tail.spoolPaths);
  const infos = allInfos.filter((info) => spools.has(info.readPath));
  const sum = (pick: (info: SourceInfo) => number) => infos.reduce((total, info) => total + pick(info), 0);
  const live = tail.state;
  const message = messageOf(live);
  return {
    id: entry.id,
    kind: 'live',
    label: entry.label,
    path: entry.displayPath,
    state: stateOf(live),
    ...(message ? { message } : {}),
    bytes: sum((info) => info.bytes),
    bytesDone: sum((info) => info.bytesDone),
    events: sum((info) => info.events),
    skipped: sum((info) => info.skippedCount),
    files: infos.length,
    live: {
      nodeId,
      node: tail.node,
      cluster: entry.cluster ?? '',
      logPath,
      ...(tail.position.file ? { file: tail.position.file } : {}),
      ...(live.state === 'connecting' || live.state === 'reconnecting' ? { attempt: live.attempt } : {}),
      ...(live.state === 'reconnecting' ? { reason: live.reason, retryInMs: live.retryInMs } : {}),
      ...(live.state === 'error' ? { reason: live.reason } : {}),
      connections: tail.connections,
      warnings: tail.warnings.slice(-20),
    },
  };
}
