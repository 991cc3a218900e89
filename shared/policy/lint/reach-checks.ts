// Checks that need the exact first-match analysis: unreachable rules, no catch-all, request bodies of sensitive
// resources, and ResponseStarted omitted where failed-authentication (401) events would be lost.
import { stageSet } from '../evaluate.ts';
import type { GroupResources, KubeVersion, Policy, PolicyRule } from '../types.ts';
import { strOf, universeBox, type Box } from './match-space.ts';
import { analysePolicy, firstCoveringPrefix, intersectAll, sampleRequest, type PolicySpace } from './rule-space.ts';
import { describeRequest, LINT_CODES, listRules, listWords, rulePath, type Finding } from './finding.ts';

/** Resources whose bodies carry credentials (kubernetes-audit.md §1g pitfall 5). */
const SENSITIVE: readonly { group: string; resource: string; subresource: string | null; label: string }[] = [
  { group: '', resource: 'secrets', subresource: null, label: 'secrets' },
  { group: '', resource: 'configmaps', subresource: null, label: 'configmaps' },
  { group: '', resource: 'serviceaccounts', subresource: 'token', label: 'serviceaccounts/token' },
  { group: 'authentication.k8s.io', resource: 'tokenreviews', subresource: null, label: 'tokenreviews' },
];

/** Verbs whose request body is the object (reads have none; delete/deletecollection send DeleteOptions). */
const BODY_VERBS = ['create', 'update', 'patch'];

/** At Request level only BODY_VERBS leak; at RequestResponse every verb does (the response is the object). */
function sensitiveBoxes(level: string, item: (typeof SENSITIVE)[number]): Box[] {
  const box = universeBox();
  box.kind = strOf(['resource']);
  box.apiGroup = strOf([item.group]);
  box.resource = strOf([item.resource]);
  // Secrets, ConfigMaps and TokenReviews have no subresources: only the object itself carries the data.
  box.subresource = strOf([item.subresource ?? '']);
  if (level === 'Request') box.verb = strOf(BODY_VERBS);
  return [box];
}

function sameEffect(policy: Policy, a: PolicyRule, b: PolicyRule): boolean {
  return (
    a.level === b.level &&
    stageSet(policy.omitStages, a.omitStages).join() === stageSet(policy.omitStages, b.omitStages).join() &&
    (a.omitManagedFields ?? policy.omitManagedFields) === (b.omitManagedFields ?? policy.omitManagedFields)
  );
}

function unreachableFindings(policy: Policy, space: PolicySpace): Finding[] {
  const findings: Finding[] = [];
  space.reach.forEach((reach, k) => {
    if (reach.boxes === null || reach.boxes.length > 0) return;
    const rule = policy.rules[k]!;
    const own = space.ruleBoxes[k]!;
    const base = { code: LINT_CODES.unreachableRule, severity: 'warning' as const, path: rulePath(policy, k), rule: k };
    if (own.length === 0 || reach.shadowedBy.length === 0) {
      findings.push({
        ...base,
        message: `Rule ${k + 1} can never match: no request satisfies its resources (for example \`*/*\` or a pattern with two "/").`,
        fix: { title: `Remove rule ${k + 1}`, edits: [{ op: 'removeRule', index: k }] },
      });
      return;
    }
    const by = listRules(reach.shadowedBy);
    const redundant = reach.shadowedBy.every((j) => sameEffect(policy, policy.rules[j]!, rule));
    if (redundant) {
      findings.push({
        ...base,
        message: `Rule ${k + 1} is never used: every request it matches is already matched by ${by}, which log${reach.shadowedBy.length === 1 ? 's' : ''} it the same way.`,
        fix: { title: `Remove redundant rule ${k + 1}`, edits: [{ op: 'removeRule', index: k }] },
      });
      return;
    }
    const m = firstCoveringPrefix(own, space.ruleBoxes, k);
    findings.push({
      ...base,
      message: `Rule ${k + 1} (level ${rule.level}) is never used: every request it matches is already matched by ${by}${reach.shadowedBy.length > 1 ? ' together' : ''} (the first matching rule wins).`,
      ...(m !== null
        ? { fix: { title: `Move rule ${k + 1} above rule ${m + 1}`, edits: [{ op: 'moveRule', from: k, to: m }] } }
        : {}),
    });
  });
  return findings;
}

function catchAllFinding(policy: Policy, space: PolicySpace): Finding[] {
  if (space.unmatched === null || space.unmatched.length === 0 || policy.rules.length === 0) return [];
  const example = describeRequest(sampleRequest(space.unmatched[0]!));
  const omitsReceived = policy.omitStages.includes('RequestReceived');
  const last = policy.rules.length - 1;
  return [
    {
      code: LINT_CODES.noCatchAll,
      severity: 'warning',
      message: `No catch-all rule at the end: requests that match no rule are not logged at all (level None), e.g. ${example}.`,
      path: rulePath(policy, last),
      rule: last,
      fix: {
        title: 'Add a catch-all Metadata rule at the end',
        edits: [
          {
            op: 'addRule',
            index: policy.rules.length,
            rule: { level: 'Metadata', ...(omitsReceived ? {} : { omitStages: ['RequestReceived'] }) },
          },
        ],
      },
    },
  ];
}

function sensitiveFindings(policy: Policy, space: PolicySpace): Finding[] {
  const findings: Finding[] = [];
  policy.rules.forEach((rule, k) => {
    if (rule.level !== 'Request' && rule.level !== 'RequestResponse') return;
    const decided = space.reach[k]!.boxes ?? space.ruleBoxes[k]!;
    const hit = SENSITIVE.filter((item) => intersectAll(decided, sensitiveBoxes(rule.level, item)).length > 0);
    if (hit.length === 0) return;
    const groups = new Map<string, string[]>();
    for (const item of hit) {
      const name = item.subresource === null ? item.resource : `${item.resource}/${item.subresource}`;
      groups.set(item.group, [...(groups.get(item.group) ?? []), name]);
    }
    const resources: GroupResources[] = [...groups].map(([group, names]) => ({
      group,
      resources: names,
      resourceNames: [],
    }));
    const what = rule.level === 'Request' ? 'request bodies' : 'request and response bodies';
    findings.push({
      code: LINT_CODES.sensitiveBody,
      severity: 'warning',
      message: `Rule ${k + 1} logs ${what} of ${listWords(hit.map((item) => item.label))}; these carry credentials and tokens. Log them at Metadata in a rule placed before it.`,
      path: rulePath(policy, k),
      rule: k,
      fix: {
        title: `Insert a Metadata rule for ${listWords(hit.map((item) => item.label))} before rule ${k + 1}`,
        edits: [{ op: 'addRule', index: k, rule: { level: 'Metadata', resources } }],
      },
    });
  });
  return findings;
}

function responseStartedFindings(policy: Policy, space: PolicySpace): Finding[] {
  const findings: Finding[] = [];
  const policyIndex = policy.omitStages.indexOf('ResponseStarted');
  if (policyIndex >= 0) {
    findings.push({
      code: LINT_CODES.responseStartedOmitted,
      severity: 'warning',
      message:
        'ResponseStarted is omitted for every request: failed authentication (401) is only ever logged at that stage, so those events disappear (and long-running requests lose their start event).',
      path: ['omitStages', policyIndex],
      fix: {
        title: 'Stop omitting ResponseStarted',
        edits: [
          {
            op: 'setPolicyField',
            field: 'omitStages',
            value: policy.omitStages.filter((s) => s !== 'ResponseStarted'),
          },
        ],
      },
    });
  }
  policy.rules.forEach((rule, k) => {
    const index = rule.omitStages.indexOf('ResponseStarted');
    if (index < 0 || rule.level === 'None' || policyIndex >= 0) return;
    const decided = space.reach[k]!.boxes ?? space.ruleBoxes[k]!;
    if (!decided.some((box) => box.auth.vals.has('none'))) return;
    findings.push({
      code: LINT_CODES.responseStartedOmitted,
      severity: 'warning',
      message: `Rule ${k + 1} omits ResponseStarted but receives requests without a user: failed authentication (401) is only logged at that stage, so those events disappear.`,
      path: ['rules', k, 'omitStages', index],
      rule: k,
      fix: {
        title: 'Stop omitting ResponseStarted in this rule',
        edits: [
          {
            op: 'setRuleField',
            index: k,
            field: 'omitStages',
            value: rule.omitStages.filter((s) => s !== 'ResponseStarted'),
          },
        ],
      },
    });
  });
  return findings;
}

function requestReceivedFinding(policy: Policy, space: PolicySpace): Finding[] {
  if (policy.omitStages.includes('RequestReceived')) return [];
  const logging = policy.rules
    .map((rule, k) => ({ rule, k, reach: space.reach[k]!.boxes }))
    .filter(
      ({ rule, reach }) => rule.level !== 'None' && !rule.omitStages.includes('RequestReceived') && reach?.length !== 0,
    )
    .map(({ k }) => k);
  if (logging.length === 0) return [];
  return [
    {
      code: LINT_CODES.requestReceivedNotOmitted,
      severity: 'warning',
      message: `RequestReceived is not omitted (${listRules(logging)} log it): every request is then logged twice, and ResponseComplete already carries everything RequestReceived has.`,
      path: ['omitStages'],
      fallbackPath: ['rules'],
      atKey: true,
      fix: {
        title: 'Omit RequestReceived for the whole policy',
        edits: [{ op: 'setPolicyField', field: 'omitStages', value: [...policy.omitStages, 'RequestReceived'] }],
      },
    },
  ];
}

export function reachFindings(policy: Policy, version: KubeVersion): Finding[] {
  const space = analysePolicy(policy.rules, version);
  return [
    ...unreachableFindings(policy, space),
    ...catchAllFinding(policy, space),
    ...sensitiveFindings(policy, space),
    ...responseStartedFindings(policy, space),
    ...requestReceivedFinding(policy, space),
  ];
}
