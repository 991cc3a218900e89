// Types of the policy lab: a policy-independent sample of logged requests (columnar, so a million events fit) and
// the result of replaying it through a draft policy.
import type { Level, PolicyRule, RequestAttributes } from '../policy/types.ts';

/** Index into LEVELS; events whose level is unknown (legacy lines) count as Metadata (they carry no bodies). */
export type LevelIndex = 0 | 1 | 2 | 3;

/** What the sample holds, filled by the Node side from a log index. Arrays may be longer than the counts. */
export interface LabSample {
  eventCount: number;
  requestCount: number;
  /** Per event: the request it belongs to. */
  eventRequest: Uint32Array;
  /** Per event: bytes on disk including the line break. */
  eventBytes: Float64Array;
  /** Per event: bytes of the `"requestObject":…` member (0 when absent). */
  eventRequestBody: Float64Array;
  /** Per event: bytes of the `"responseObject":…` member (0 when absent). */
  eventResponseBody: Float64Array;
  /** Per event: recorded level (LevelIndex). */
  eventLevel: Uint8Array;
  /** Per event: index into STAGES, or STAGE_UNKNOWN. */
  eventStage: Uint8Array;
  /** Per request: index into `combos`, or NO_COMBO when the request cannot be evaluated. */
  requestCombo: Uint32Array;
  /** Distinct request attributes; all requests with the same attributes share one evaluation. */
  combos: RequestAttributes[];
  /** Earliest received time and latest stage time (µs since the epoch), or null when unknown. */
  firstMicros: number | null;
  lastMicros: number | null;
  /** Requests that could not be turned into attributes (no verb or requestURI, unparsable URL). */
  unevaluable: { count: number; examples: UnevaluableRequest[] };
  /** Measured compressibility of the sample's text (gzip output / input), or null before it is measured. */
  gzipRatio: number | null;
}

export interface UnevaluableRequest {
  source: string;
  line: number;
  reason: string;
}

export const NO_COMBO = 0xffffffff;
export const STAGE_UNKNOWN = 255;

export interface RuleCount {
  /** 0-based rule index in policy order. */
  index: number;
  requests: number;
  level: Level;
  /** Events of those requests kept under the draft (after omitStages). */
  events: number;
  projectedBytes: number;
}

export interface LabBytes {
  /** Bytes of every event in the sample. */
  sample: number;
  /** Estimated bytes under the draft; events whose level rises count at their recorded size (a lower bound). */
  projected: number;
  /** Events whose draft level is above what was recorded: their real size is unknown (bodies were not logged). */
  unknownEvents: number;
  /** Events dropped (level None or stage omitted). */
  droppedEvents: number;
  /** Events kept with their bodies (partly) removed. */
  downgradedEvents: number;
  /** Requests for which the draft logs a RequestReceived stage the sample does not have (not counted in projected). */
  missingStageRequests: number;
}

export interface LabVolume {
  spanHours: number;
  sampleBytesPerHour: number;
  projectedBytesPerHour: number;
  sampleBytesPerDay: number;
  projectedBytesPerDay: number;
}

export const TALKER_FIELDS = ['user', 'verb', 'resource', 'namespace'] as const;
export type TalkerField = (typeof TALKER_FIELDS)[number];

export interface TalkerInsert {
  /** Where the None rule goes so it takes effect (before the first non-None rule that matches these requests). */
  index: number;
  rule: Partial<PolicyRule> & { level: string };
}

export interface Talker {
  field: TalkerField;
  /** Machine value: user name, verb, "group/resource[/sub]" or namespace. */
  value: string;
  /** Shown text. */
  label: string;
  /** Requests kept (level above None) under the draft. */
  requests: number;
  projectedBytes: number;
  /** Share of the draft's projected bytes. */
  share: number;
  /** The None rule to add, or null with `why` when no single rule can express this talker. */
  insert: TalkerInsert | null;
  why?: string;
}

export interface LostFinding {
  check: string;
  title: string;
  description: string;
  /** Level the check needs to see what it looks for. */
  needs: Level;
  /** Requests the check finds in the sample as recorded. */
  found: number;
  /** Of those, requests the draft would log below `needs` (or drop). */
  lost: number;
  /** Which draft rules cause the loss (rule -1 = matched by no rule). */
  byRule: { rule: number; level: Level; requests: number }[];
  /** One example request, for the message. */
  example: string;
}

export interface LabResult {
  events: number;
  requests: number;
  /** Requests matched by no rule (not logged). */
  noMatch: number;
  /** Requests skipped because they could not be evaluated. */
  unevaluable: number;
  rules: RuleCount[];
  /** Rule indexes that matched no request in the sample. */
  neverMatched: number[];
  levels: Record<Level, number>;
  bytes: LabBytes;
  volume: LabVolume | null;
  talkers: Record<TalkerField, Talker[]>;
  lost: LostFinding[];
  gzipRatio: number | null;
}

export interface LabProgress {
  phase: 'reading' | 'measuring';
  /** Events in the sample so far. */
  done: number;
  /** Events in the index so far (grows while it fills). */
  total: number;
  /** Bytes of the sources read so far / in total. */
  bytesDone: number;
  bytesTotal: number;
}
