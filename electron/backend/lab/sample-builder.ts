// Builds the policy lab's sample from a log index, incrementally (rows are appended while the index fills) and in
// chunks that yield to the event loop, so a million-event sample never blocks the process for long.
// Request attributes come from the indexed columns (verb, user, groups, requestURI, objectRef.apiGroup), exactly
// the fields requestAttributesFromEvent reads; bodies are measured from the raw text of Request+ events only.
import {
  M_GROUP,
  S_APIGROUP,
  S_AUDITID,
  S_LEVEL,
  S_STAGE,
  S_URI,
  S_USER,
  S_VERB,
} from '../../../shared/logs/event-schema.ts';
import { measureBodies } from '../../../shared/lab/body-members.ts';
import { NO_COMBO, STAGE_UNKNOWN, type LabSample, type UnevaluableRequest } from '../../../shared/lab/types.ts';
import { requestAttributesFromHttp } from '../../../shared/policy/request-info.ts';
import { LEVELS, STAGES, type RequestAttributes } from '../../../shared/policy/types.ts';
import type { LogIndex } from '../logs/log-index.ts';
import { growF64, growU32, growU8 } from './growable.ts';

const ROW_CHUNK = 50_000;
const BODY_CHUNK = 4_000;
const MAX_EXAMPLES = 20;

export interface BuildProgress {
  rowsDone: number;
  rowsTotal: number;
}

export class LabSampleBuilder {
  private rowsDone = 0;
  private requestCount = 0;
  private readonly eventRequest = growU32();
  private readonly eventBytes = growF64();
  private readonly eventRequestBody = growF64();
  private readonly eventResponseBody = growF64();
  private readonly eventLevel = growU8();
  private readonly eventStage = growU8();
  private readonly requestCombo = growU32(NO_COMBO);
  private readonly requestReceived: number[] = [];
  /** Requests sharing an auditID but not a received time are chained, as in the log index's request table. */
  private readonly nextSameAudit: number[] = [];
  private readonly firstByAudit = new Map<number, number>();
  private readonly combos: RequestAttributes[] = [];
  private readonly comboByKey = new Map<string, number>();
  private readonly groupsByCode = new Map<number, string[]>();
  private readonly unevaluable = { count: 0, examples: [] as UnevaluableRequest[] };
  private firstMicros = Infinity;
  private lastMicros = -Infinity;
  gzipRatio: number | null = null;
  private inflight: Promise<void> | null = null;

  constructor(readonly index: LogIndex) {}

  /** True when every row the index holds now is in the sample. */
  get caughtUp(): boolean {
    return this.rowsDone === this.index.eventCount;
  }

  /** Adds the rows appended since the last call; yields between chunks; stops early when aborted. */
  async extend(signal?: AbortSignal, onProgress?: (progress: BuildProgress) => void): Promise<void> {
    // Runs for the same source may overlap (a new edit while the last run is still reading): one at a time.
    while (this.inflight) await this.inflight.catch(() => undefined);
    this.inflight = this.extendNow(signal, onProgress);
    try {
      await this.inflight;
    } finally {
      this.inflight = null;
    }
  }

  private async extendNow(signal?: AbortSignal, onProgress?: (progress: BuildProgress) => void): Promise<void> {
    while (this.rowsDone < this.index.eventCount) {
      signal?.throwIfAborted();
      const from = this.rowsDone;
      const to = Math.min(this.index.eventCount, from + ROW_CHUNK);
      this.addRows(from, to);
      this.measureBodies(from, to);
      this.rowsDone = to;
      onProgress?.({ rowsDone: to, rowsTotal: this.index.eventCount });
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /** A view of the sample as it is now (the arrays are shared: do not keep it across extend calls). */
  sample(): LabSample {
    const finite = Number.isFinite(this.firstMicros) && Number.isFinite(this.lastMicros);
    return {
      eventCount: this.rowsDone,
      requestCount: this.requestCount,
      eventRequest: this.eventRequest.array,
      eventBytes: this.eventBytes.array,
      eventRequestBody: this.eventRequestBody.array,
      eventResponseBody: this.eventResponseBody.array,
      eventLevel: this.eventLevel.array,
      eventStage: this.eventStage.array,
      requestCombo: this.requestCombo.array,
      combos: this.combos,
      firstMicros: finite ? this.firstMicros : null,
      lastMicros: finite ? this.lastMicros : null,
      unevaluable: this.unevaluable,
      gzipRatio: this.gzipRatio,
    };
  }

  private addRows(from: number, to: number): void {
    const store = this.index.store;
    const audit = store.stringCols[S_AUDITID]!.array;
    const levelCodes = store.stringCols[S_LEVEL]!.array;
    const stageCodes = store.stringCols[S_STAGE]!.array;
    const received = store.receivedCol.array;
    const time = store.timeCol.array;
    const lengths = store.lengthCol.array;
    const levelOf = codeTable(store.stringDicts[S_LEVEL]!, 1, (value) => {
      const index = LEVELS.indexOf(value as (typeof LEVELS)[number]);
      return index >= 1 ? index : 1; // unknown or missing level: no bodies, like Metadata
    });
    const stageOf = codeTable(store.stringDicts[S_STAGE]!, STAGE_UNKNOWN, (value) => {
      const index = STAGES.indexOf(value as (typeof STAGES)[number]);
      return index >= 0 ? index : STAGE_UNKNOWN;
    });
    const eventRequest = this.eventRequest.ensure(to);
    const eventBytes = this.eventBytes.ensure(to);
    const eventLevel = this.eventLevel.ensure(to);
    const eventStage = this.eventStage.ensure(to);
    this.eventRequestBody.ensure(to);
    this.eventResponseBody.ensure(to);
    for (let row = from; row < to; row++) {
      const at = received[row]!;
      const request = this.requestFor(audit[row]!, at);
      if (request === this.requestCount) {
        this.requestCount++;
        this.requestCombo.ensure(this.requestCount)[request] = this.comboFor(row);
      }
      eventRequest[row] = request;
      eventBytes[row] = lengths[row]! + 1; // + the line break
      eventLevel[row] = levelOf[levelCodes[row]!]!;
      eventStage[row] = stageOf[stageCodes[row]!]!;
      const start = Number.isFinite(at) ? at : time[row]!;
      if (start < this.firstMicros) this.firstMicros = start;
      if (time[row]! > this.lastMicros) this.lastMicros = time[row]!;
    }
  }

  /** The request of an event: same auditID and received time; a new id (== requestCount) when first seen. */
  private requestFor(auditCode: number, at: number): number {
    if (auditCode === 0) {
      this.pushRequest(at);
      return this.requestCount;
    }
    let candidate = this.firstByAudit.get(auditCode);
    let last = -1;
    while (candidate !== undefined && candidate >= 0) {
      if (Object.is(this.requestReceived[candidate], at)) return candidate;
      last = candidate;
      candidate = this.nextSameAudit[candidate];
    }
    const request = this.requestCount;
    if (last >= 0) this.nextSameAudit[last] = request;
    else this.firstByAudit.set(auditCode, request);
    this.pushRequest(at);
    return request;
  }

  private pushRequest(at: number): void {
    this.requestReceived.push(at);
    this.nextSameAudit.push(-1);
  }

  /** The attributes of the request an event belongs to, shared by every request with the same fields. */
  private comboFor(row: number): number {
    const store = this.index.store;
    const verb = store.stringCols[S_VERB]!.array[row]!;
    const user = store.stringCols[S_USER]!.array[row]!;
    const uri = store.stringCols[S_URI]!.array[row]!;
    const apiGroup = store.stringCols[S_APIGROUP]!.array[row]!;
    const groups = store.multiCols[M_GROUP]!.array[row]!;
    const key = `${verb},${user},${uri},${apiGroup},${groups}`;
    const known = this.comboByKey.get(key);
    if (known !== undefined) return known;
    let combo: number;
    try {
      if (uri === 0) throw new Error('the event has no requestURI');
      if (verb === 0) throw new Error('the event has no verb');
      const username = user === 0 ? '' : store.stringDicts[S_USER]!.get(user);
      const attributes = requestAttributesFromHttp({
        verb: store.stringDicts[S_VERB]!.get(verb),
        url: store.stringDicts[S_URI]!.get(uri),
        user: username === '' ? null : username,
        groups: this.groupsOf(groups),
      });
      if (attributes.isResourceRequest && apiGroup !== 0) {
        attributes.apiGroup = store.stringDicts[S_APIGROUP]!.get(apiGroup);
      }
      combo = this.combos.length;
      this.combos.push(attributes);
    } catch (error) {
      this.unevaluable.count++;
      if (this.unevaluable.examples.length < MAX_EXAMPLES) {
        const source = store.sources[store.sourceCol.array[row]!];
        this.unevaluable.examples.push({
          source: source?.path ?? '',
          line: store.lineCol.array[row]!,
          reason: (error as Error).message,
        });
      }
      return NO_COMBO; // not cached: each such request is counted and can be reported
    }
    this.comboByKey.set(key, combo);
    return combo;
  }

  private groupsOf(code: number): string[] {
    if (code === 0) return [];
    let groups = this.groupsByCode.get(code);
    if (!groups) {
      groups = this.index.store.multiDicts[M_GROUP]!.get(code).split('\u0000');
      this.groupsByCode.set(code, groups);
    }
    return groups;
  }

  /** Body sizes of events [from, to); only Request and RequestResponse events can carry bodies. */
  private measureBodies(from: number, to: number): void {
    if (to <= from) return;
    const levels = this.eventLevel.array;
    const ids: number[] = [];
    for (let row = from; row < to; row++) if (levels[row]! >= 2) ids.push(row);
    const requestBody = this.eventRequestBody.array;
    const responseBody = this.eventResponseBody.array;
    for (let i = 0; i < ids.length; i += BODY_CHUNK) {
      this.index.forEachEventText(ids.slice(i, i + BODY_CHUNK), (id, text) => {
        const sizes = measureBodies(text);
        requestBody[id] = sizes.requestObject;
        responseBody[id] = sizes.responseObject;
      });
    }
  }
}

/** table[code] = mapped value of the dictionary's string for that code. */
function codeTable(
  dictionary: { count: number; get(code: number): string },
  missing: number,
  map: (value: string) => number,
): Uint8Array {
  const table = new Uint8Array(Math.max(1, dictionary.count) + 1);
  table[0] = missing;
  for (let code = 1; code < dictionary.count; code++) table[code] = map(dictionary.get(code));
  return table;
}
