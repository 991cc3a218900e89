// Stitches the events of one request (same auditID and requestReceivedTimestamp; auditIDs alone are not always
// unique in real logs) into requests, so that counts are per request and a row can show all its stages.

import { S_AUDITID } from '../../../shared/logs/event-schema.ts';
import type { EventStore } from './event-store.ts';

export interface RequestTable {
  rows: number;
  /** requestOf[eventRow] = request id. */
  requestOf: Uint32Array;
  /** The event that represents the request: ResponseComplete if present, else its latest stage. */
  representative: Uint32Array;
  /** Number of events of each request. */
  eventCount: Uint32Array;
  /** Latest stage time of each request (µs). */
  lastTime: Float64Array;
  /**
   * Events of each request (compressed sparse rows): the event rows of request r are
   * memberRows[memberStart[r] … memberStart[r + 1]), ascending. Built once with the table, so looking up a
   * request's stages costs its own events instead of a scan of the whole index.
   */
  memberStart: Uint32Array;
  memberRows: Uint32Array;
}

const STAGE_RANK: Record<string, number> = { RequestReceived: 1, ResponseStarted: 2, ResponseComplete: 4, Panic: 3 };

export function buildRequests(store: EventStore): RequestTable {
  const rows = store.rows;
  const audit = store.stringCols[S_AUDITID].array;
  const received = store.received;
  const time = store.time;
  const stageColumn = store.string('stage');
  const stageRank = new Uint8Array(stageColumn.size + 1);
  for (let code = 1; code < stageColumn.size; code++) stageRank[code] = STAGE_RANK[stageColumn.value(code)] ?? 0;
  const stages = stageColumn.codes;
  const requestOf = new Uint32Array(rows);
  const firstByAudit = new Map<number, number>();
  // Requests sharing an auditID but not a received time are chained: nextSameAudit[request] = other request.
  const nextSameAudit: number[] = [];
  const requestReceived: number[] = [];
  const representative: number[] = [];
  const eventCount: number[] = [];
  const lastTime: number[] = [];
  for (let row = 0; row < rows; row++) {
    const code = audit[row];
    const at = received[row];
    let request = -1;
    if (code !== 0) {
      let candidate = firstByAudit.get(code);
      let last = -1;
      while (candidate !== undefined && candidate >= 0) {
        if (Object.is(requestReceived[candidate], at)) {
          request = candidate;
          break;
        }
        last = candidate;
        candidate = nextSameAudit[candidate];
      }
      if (request < 0) {
        request = representative.length;
        if (last >= 0) nextSameAudit[last] = request;
        else firstByAudit.set(code, request);
      }
    } else {
      request = representative.length; // no auditID: a request of its own
    }
    if (request === representative.length) {
      nextSameAudit.push(-1);
      requestReceived.push(at);
      representative.push(row);
      eventCount.push(0);
      lastTime.push(time[row]);
    } else {
      const current = representative[request];
      if (stageRank[stages[row]] >= stageRank[stages[current]]) representative[request] = row;
      if (!(time[row] <= lastTime[request])) lastTime[request] = time[row];
    }
    eventCount[request]++;
    requestOf[row] = request;
  }
  const counts = Uint32Array.from(eventCount);
  const { memberStart, memberRows } = membersOf(requestOf, counts);
  return {
    rows: representative.length,
    requestOf,
    representative: Uint32Array.from(representative),
    eventCount: counts,
    lastTime: Float64Array.from(lastTime),
    memberStart,
    memberRows,
  };
}

/** A counting sort of event rows by request; rows are visited in order, so each request's rows stay ascending. */
function membersOf(
  requestOf: Uint32Array,
  eventCount: Uint32Array,
): { memberStart: Uint32Array; memberRows: Uint32Array } {
  const requests = eventCount.length;
  const memberStart = new Uint32Array(requests + 1);
  for (let request = 0; request < requests; request++)
    memberStart[request + 1] = memberStart[request] + eventCount[request];
  const next = memberStart.slice(0, requests);
  const memberRows = new Uint32Array(requestOf.length);
  for (let row = 0; row < requestOf.length; row++) memberRows[next[requestOf[row]]++] = row;
  return { memberStart, memberRows };
}

/** Distinct requests of matched event rows, as their representative rows (ascending). */
export function requestsOfMatches(table: RequestTable, matches: Uint32Array): Uint32Array {
  const seen = new Uint8Array(table.rows);
  const representatives: number[] = [];
  for (let i = 0; i < matches.length; i++) {
    const request = table.requestOf[matches[i]];
    if (seen[request]) continue;
    seen[request] = 1;
    representatives.push(table.representative[request]);
  }
  return Uint32Array.from(representatives).sort();
}

/** Event rows of a request, in row order. */
export function eventsOfRequest(table: RequestTable, request: number): number[] {
  if (!(request >= 0 && request < table.rows)) return [];
  return Array.from(table.memberRows.subarray(table.memberStart[request], table.memberStart[request + 1]));
}
