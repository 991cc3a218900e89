// Checks on single fields: literal "*", `*/*`, core-only `*`, resourceNames with create, versioned groups.
import type { ParsedPolicy } from '../parse.ts';
import { nodeAt } from '../parse.ts';
import type { KubeVersion, Policy, PolicyRule } from '../types.ts';
import { groupWildcardActive } from './rule-space.ts';
import { cloneResources, LINT_CODES, type Finding } from './finding.ts';

const LITERAL_FIELDS = {
  verbs: 'every verb',
  users: 'every user',
  userGroups: 'every group',
  namespaces: 'every namespace (and cluster-scoped requests)',
} as const;

function literalWildcards(rule: PolicyRule, k: number): Finding[] {
  const findings: Finding[] = [];
  for (const [field, meaning] of Object.entries(LITERAL_FIELDS) as [keyof typeof LITERAL_FIELDS, string][]) {
    const index = rule[field].indexOf('*');
    if (index < 0) continue;
    findings.push({
      code: LINT_CODES.literalWildcard,
      severity: 'warning',
      message: `"*" in ${field} is literal, not a wildcard: it only matches a value that is exactly "*". Leave ${field} empty to match ${meaning}.`,
      path: ['rules', k, field, index],
      rule: k,
      fix: {
        title: `Remove ${field} (an empty list matches ${meaning})`,
        edits: [{ op: 'setRuleField', index: k, field, value: [] }],
      },
    });
  }
  return findings;
}

function starSlashStar(rule: PolicyRule, k: number): Finding[] {
  const findings: Finding[] = [];
  rule.resources.forEach((entry, e) => {
    const index = entry.resources.indexOf('*/*');
    if (index < 0) return;
    const resources = cloneResources(rule);
    const patterns = entry.resources.map((p) => (p === '*/*' ? '*' : p));
    resources[e]!.resources = [...new Set(patterns)];
    findings.push({
      code: LINT_CODES.starSlashStar,
      severity: 'warning',
      message:
        '`*/*` is not a wildcard form: it matches no real request (only a resource or subresource literally named "*"). Use `*` for every resource and subresource of the group.',
      path: ['rules', k, 'resources', e, 'resources', index],
      rule: k,
      fix: {
        title: 'Replace `*/*` with `*`',
        edits: [{ op: 'setRuleField', index: k, field: 'resources', value: resources }],
      },
    });
  });
  return findings;
}

function coreOnlyWildcard(parsed: ParsedPolicy, rule: PolicyRule, k: number, version: KubeVersion): Finding[] {
  const findings: Finding[] = [];
  rule.resources.forEach((entry, e) => {
    const index = entry.resources.indexOf('*');
    if (index < 0 || entry.group !== '') return;
    if (nodeAt(parsed, ['rules', k, 'resources', e, 'group'], true)) return; // group "" written on purpose
    const resources = cloneResources(rule);
    const allGroups = groupWildcardActive(version);
    resources[e]!.group = allGroups ? '*' : '';
    findings.push({
      code: LINT_CODES.coreOnlyWildcard,
      severity: 'warning',
      message: `\`resources: ["*"]\` without a group means the core group only (pods, secrets, ...), not every API group.${allGroups ? ' Use `group: "*"` for every group.' : ' Every group needs its own entry before Kubernetes 1.36.'}`,
      path: ['rules', k, 'resources', e, 'resources', index],
      rule: k,
      fix: {
        title: allGroups ? 'Match every API group (group: "*")' : 'State the core group explicitly (group: "")',
        edits: [{ op: 'setRuleField', index: k, field: 'resources', value: resources }],
      },
    });
  });
  return findings;
}

function resourceNamesWithCreate(rule: PolicyRule, k: number): Finding[] {
  const index = rule.verbs.indexOf('create');
  if (index < 0 || !rule.resources.some((entry) => entry.resourceNames.length > 0)) return [];
  const others = rule.verbs.filter((verb) => verb !== 'create');
  return [
    {
      code: LINT_CODES.resourceNamesWithCreate,
      severity: 'warning',
      message:
        'resourceNames never match `create`: a create request is a POST to the collection, so its URL has no name. This rule cannot log the creation of the named objects.',
      path: ['rules', k, 'verbs', index],
      rule: k,
      ...(others.length > 0
        ? {
            fix: {
              title: 'Remove create from verbs',
              edits: [{ op: 'setRuleField', index: k, field: 'verbs', value: others }],
            },
          }
        : {}),
    },
  ];
}

const VERSIONED_GROUP = /^([a-z0-9.-]*)\/(v\d+(?:(?:alpha|beta)\d+)?)$/;

/** The group someone meant when they wrote a version into it, or null. */
export function unversionedGroup(group: string): string | null {
  if (group === 'v1' || group === 'core') return '';
  const match = VERSIONED_GROUP.exec(group);
  return match ? match[1]! : null;
}

function groupWithVersion(rule: PolicyRule, k: number): Finding[] {
  const findings: Finding[] = [];
  rule.resources.forEach((entry, e) => {
    const fixed = unversionedGroup(entry.group);
    if (fixed === null) return;
    const resources = cloneResources(rule);
    resources[e]!.group = fixed;
    const shown = fixed === '' ? '"" (the core group)' : `"${fixed}"`;
    findings.push({
      code: LINT_CODES.groupWithVersion,
      severity: 'warning',
      message: `Group "${entry.group}" ${entry.group.includes('/') ? 'includes a version' : 'is not a group name'}: audit policies match the API group without its version, so this entry matches nothing. Use ${shown}.`,
      path: ['rules', k, 'resources', e, 'group'],
      rule: k,
      fix: {
        title: `Change the group to ${shown}`,
        edits: [{ op: 'setRuleField', index: k, field: 'resources', value: resources }],
      },
    });
  });
  return findings;
}

export function fieldFindings(parsed: ParsedPolicy, policy: Policy, version: KubeVersion): Finding[] {
  return policy.rules.flatMap((rule, k) => [
    ...literalWildcards(rule, k),
    ...starSlashStar(rule, k),
    ...coreOnlyWildcard(parsed, rule, k, version),
    ...resourceNamesWithCreate(rule, k),
    ...groupWithVersion(rule, k),
  ]);
}
