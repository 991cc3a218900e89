// Replays a sample through a draft policy: per-rule request counts and levels, the level distribution, the
// projected bytes, top talkers with a placed None rule each, and what the draft would lose.
// Each distinct set of request attributes is evaluated once; the rest is arithmetic over typed arrays, so a
// million-event sample is re-simulated in milliseconds as the policy is edited.
import { compilePolicy } from '../policy/compile.ts';
import { STAGES, type EvaluationResult, type KubeVersion, type Level, type Policy } from '../policy/types.ts';
import { describeRequest, LOST_CHECKS } from './lost-checks.ts';
import { noneRuleIndex, talkerOf } from './placement.ts';
import { projectEventSize } from './size-projection.ts';
import {
  NO_COMBO,
  STAGE_UNKNOWN,
  TALKER_FIELDS,
  type LabResult,
  type LabSample,
  type LevelIndex,
  type LostFinding,
  type Talker,
  type TalkerField,
} from './types.ts';
import { volumeOf } from './volume.ts';

export interface SimulateOptions {
  /** Talkers listed per field (default 10). */
  talkers?: number;
}

const LEVEL_INDEX: Record<Level, LevelIndex> = { None: 0, Metadata: 1, Request: 2, RequestResponse: 3 };
const RECEIVED_STAGE = STAGES.indexOf('RequestReceived');

export function simulate(
  sample: LabSample,
  policy: Policy,
  version: KubeVersion,
  options: SimulateOptions = {},
): LabResult {
  const compiled = compilePolicy(policy, version);
  const combos = sample.combos;
  const comboResults = combos.map((attributes) => compiled.evaluate(attributes));
  const comboLevel = Uint8Array.from(comboResults, (result) => LEVEL_INDEX[result.level]);
  // Stages each combo's draft result omits, as a bit set over STAGES.
  const comboOmitted = Uint8Array.from(comboResults, (result) => stageBits(result.omitStages));

  const ruleCount = policy.rules.length;
  const ruleRequests = new Float64Array(ruleCount);
  const ruleEvents = new Float64Array(ruleCount);
  const ruleBytes = new Float64Array(ruleCount);
  const comboKept = new Float64Array(combos.length);
  const comboBytes = new Float64Array(combos.length);
  const requestRecorded = new Uint8Array(sample.requestCount);
  const requestHasReceived = new Uint8Array(sample.requestCount);

  const bytes = {
    sample: 0,
    projected: 0,
    unknownEvents: 0,
    droppedEvents: 0,
    downgradedEvents: 0,
    missingStageRequests: 0,
  };
  for (let event = 0; event < sample.eventCount; event++) {
    const request = sample.eventRequest[event]!;
    const size = sample.eventBytes[event]!;
    const recorded = sample.eventLevel[event]! as LevelIndex;
    const stage = sample.eventStage[event]!;
    bytes.sample += size;
    if (recorded > requestRecorded[request]!) requestRecorded[request] = recorded;
    if (stage === RECEIVED_STAGE) requestHasReceived[request] = 1;
    const combo = sample.requestCombo[request]!;
    if (combo === NO_COMBO) {
      bytes.projected += size; // cannot be evaluated: assume it stays as it is
      continue;
    }
    const rule = comboResults[combo]!.rule;
    if (stage !== STAGE_UNKNOWN && (comboOmitted[combo]! & (1 << stage)) !== 0) {
      bytes.droppedEvents++;
      continue;
    }
    const projected = projectEventSize(
      recorded,
      comboLevel[combo]! as LevelIndex,
      size,
      sample.eventRequestBody[event]!,
      sample.eventResponseBody[event]!,
    );
    if (projected.change === 'dropped') bytes.droppedEvents++;
    else if (projected.change === 'downgraded') bytes.downgradedEvents++;
    else if (projected.change === 'unknown') bytes.unknownEvents++;
    bytes.projected += projected.bytes;
    comboBytes[combo] += projected.bytes;
    if (rule >= 0 && projected.change !== 'dropped') {
      ruleEvents[rule]++;
      ruleBytes[rule] += projected.bytes;
    }
  }

  const levels: Record<Level, number> = { None: 0, Metadata: 0, Request: 0, RequestResponse: 0 };
  let noMatch = 0;
  let unevaluable = 0;
  for (let request = 0; request < sample.requestCount; request++) {
    const combo = sample.requestCombo[request]!;
    if (combo === NO_COMBO) {
      unevaluable++;
      continue;
    }
    const result = comboResults[combo]!;
    levels[result.level]++;
    if (result.rule < 0) noMatch++;
    else ruleRequests[result.rule]++;
    if (result.level !== 'None') {
      comboKept[combo]++;
      if (!requestHasReceived[request] && (comboOmitted[combo]! & (1 << RECEIVED_STAGE)) === 0) {
        bytes.missingStageRequests++;
      }
    }
  }

  const rules = policy.rules.map((rule, index) => ({
    index,
    requests: ruleRequests[index]!,
    level: rule.level as Level,
    events: ruleEvents[index]!,
    projectedBytes: ruleBytes[index]!,
  }));
  return {
    events: sample.eventCount,
    requests: sample.requestCount,
    noMatch,
    unevaluable,
    rules,
    neverMatched: rules.filter((rule) => rule.requests === 0).map((rule) => rule.index),
    levels,
    bytes,
    volume: volumeOf(bytes.sample, bytes.projected, sample.firstMicros, sample.lastMicros),
    talkers: topTalkers(sample, comboResults, comboKept, comboBytes, bytes.projected, options.talkers ?? 10),
    lost: lostFindings(
      sample,
      comboResults,
      comboLevel,
      requestRecorded,
      rules.map((rule) => rule.level),
    ),
    gzipRatio: sample.gzipRatio,
  };
}

function stageBits(stages: readonly string[]): number {
  let bits = 0;
  for (const stage of stages) {
    const index = STAGES.indexOf(stage as (typeof STAGES)[number]);
    if (index >= 0) bits |= 1 << index;
  }
  return bits;
}

function topTalkers(
  sample: LabSample,
  comboResults: readonly Readonly<EvaluationResult>[],
  comboKept: Float64Array,
  comboBytes: Float64Array,
  projectedTotal: number,
  limit: number,
): Record<TalkerField, Talker[]> {
  const out = {} as Record<TalkerField, Talker[]>;
  for (const field of TALKER_FIELDS) {
    const groups = new Map<string, { talker: Talker; combos: number[] }>();
    for (let combo = 0; combo < sample.combos.length; combo++) {
      if (comboKept[combo] === 0) continue;
      const key = talkerOf(field, sample.combos[combo]!);
      if (!key) continue;
      let group = groups.get(key.key);
      if (!group) {
        group = {
          talker: { field, value: key.key, label: key.label, requests: 0, projectedBytes: 0, share: 0, insert: null },
          combos: [],
        };
        if (key.rule) group.talker.insert = { index: -1, rule: key.rule };
        else group.talker.why = key.why;
        groups.set(key.key, group);
      }
      group.talker.requests += comboKept[combo]!;
      group.talker.projectedBytes += comboBytes[combo]!;
      group.combos.push(combo);
    }
    const ranked = [...groups.values()]
      .sort((a, b) => b.talker.projectedBytes - a.talker.projectedBytes || b.talker.requests - a.talker.requests)
      .slice(0, limit);
    for (const { talker, combos } of ranked) {
      talker.share = projectedTotal > 0 ? talker.projectedBytes / projectedTotal : 0;
      if (talker.insert) {
        const index = noneRuleIndex(combos.map((combo) => comboResults[combo]!));
        if (index === null) talker.insert = null;
        else talker.insert.index = index;
      }
    }
    out[field] = ranked.map(({ talker }) => talker);
  }
  return out;
}

function lostFindings(
  sample: LabSample,
  comboResults: readonly Readonly<EvaluationResult>[],
  comboLevel: Uint8Array,
  requestRecorded: Uint8Array,
  ruleLevels: readonly Level[],
): LostFinding[] {
  const findings: LostFinding[] = [];
  for (const check of LOST_CHECKS) {
    const needs = LEVEL_INDEX[check.needs];
    const matches = Uint8Array.from(sample.combos, (attributes) => (check.matches(attributes) ? 1 : 0));
    let found = 0;
    let lost = 0;
    let example = -1;
    const byRule = new Map<number, number>();
    for (let request = 0; request < sample.requestCount; request++) {
      const combo = sample.requestCombo[request]!;
      if (combo === NO_COMBO || !matches[combo] || requestRecorded[request]! < needs) continue;
      found++;
      if (comboLevel[combo]! >= needs) continue;
      lost++;
      if (example < 0) example = combo;
      const rule = comboResults[combo]!.rule;
      byRule.set(rule, (byRule.get(rule) ?? 0) + 1);
    }
    if (lost === 0) continue;
    findings.push({
      check: check.id,
      title: check.title,
      description: check.description,
      needs: check.needs,
      found,
      lost,
      byRule: [...byRule]
        .map(([rule, requests]) => ({ rule, level: rule < 0 ? ('None' as const) : ruleLevels[rule]!, requests }))
        .sort((a, b) => b.requests - a.requests),
      example: describeRequest(sample.combos[example]!),
    });
  }
  return findings;
}
