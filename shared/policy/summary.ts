// One-line, human summaries of rules for the rule list ("Metadata for delete, get on core secrets, configmaps").
import type { GroupResources, PolicyRule } from './types.ts';

const MAX_ITEMS = 4;

function listOf(values: readonly string[]): string {
  const shown = values.slice(0, MAX_ITEMS).map((value) => (value === '' ? '""' : value));
  return values.length > MAX_ITEMS ? `${shown.join(', ')} +${values.length - MAX_ITEMS}` : shown.join(', ');
}

function groupName(group: string): string {
  if (group === '') return 'core';
  if (group === '*') return 'every group';
  return group;
}

function describeGroup(entry: GroupResources): string {
  const what =
    entry.resources.length === 0
      ? `all ${groupName(entry.group)} resources`
      : `${groupName(entry.group)} ${listOf(entry.resources)}`;
  return entry.resourceNames.length > 0 ? `${what} named ${listOf(entry.resourceNames)}` : what;
}

export function summarizeRule(rule: PolicyRule): string {
  const parts: string[] = [rule.level || '(no level)'];
  parts.push(rule.verbs.length > 0 ? `for ${listOf(rule.verbs)}` : 'for every verb');
  if (rule.resources.length > 0) parts.push(`on ${rule.resources.map(describeGroup).join('; ')}`);
  if (rule.nonResourceURLs.length > 0) parts.push(`on URLs ${listOf(rule.nonResourceURLs)}`);
  if (rule.namespaces.length > 0) parts.push(`in namespaces ${listOf(rule.namespaces)}`);
  if (rule.users.length > 0) parts.push(`by ${listOf(rule.users)}`);
  if (rule.userGroups.length > 0) parts.push(`by groups ${listOf(rule.userGroups)}`);
  if (rule.resources.length === 0 && rule.nonResourceURLs.length === 0 && rule.namespaces.length === 0) {
    parts.push(
      rule.users.length + rule.userGroups.length + rule.verbs.length === 0
        ? '— every request (catch-all)'
        : 'on every resource and URL',
    );
  }
  return parts.join(' ');
}

/** A rule with no criteria at all matches every request. */
export function isCatchAll(rule: PolicyRule): boolean {
  return (
    rule.users.length === 0 &&
    rule.userGroups.length === 0 &&
    rule.verbs.length === 0 &&
    rule.resources.length === 0 &&
    rule.namespaces.length === 0 &&
    rule.nonResourceURLs.length === 0
  );
}
