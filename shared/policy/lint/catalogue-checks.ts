// Resources that do not exist in the named built-in API group for the chosen Kubernetes version
// (e.g. `deployments` under the core group). Groups the catalogue does not know (CRDs, aggregated APIs) are skipped.
import {
  catalogueCovers,
  CATALOGUE_MAX_MINOR,
  CATALOGUE_MIN_MINOR,
  findGroup,
  findResource,
  groupsContaining,
  removedGroupNote,
} from '../catalogue.ts';
import type { GroupResources, KubeVersion, Policy, PolicyRule } from '../types.ts';
import { cloneResources, LINT_CODES, listWords, type Finding } from './finding.ts';

function groupLabel(group: string): string {
  return group === '' ? 'the core group ("")' : `group "${group}"`;
}

/** Minors (within the catalogue range) in which the group serves the resource. */
function servedMinors(group: string, resource: string): number[] {
  const minors: number[] = [];
  for (let minor = CATALOGUE_MIN_MINOR; minor <= CATALOGUE_MAX_MINOR; minor++) {
    if (findResource(group, resource, { major: 1, minor })) minors.push(minor);
  }
  return minors;
}

/** The resources list with `pattern` moved from entry `e` to an entry of `target` (same resourceNames). */
function movePattern(rule: PolicyRule, e: number, pattern: string, target: string): GroupResources[] {
  const entries = cloneResources(rule);
  const source = entries[e]!;
  source.resources = source.resources.filter((p) => p !== pattern);
  const names = source.resourceNames.join('\n');
  const existing = entries.find(
    (entry, i) =>
      i !== e && entry.group === target && entry.resources.length > 0 && entry.resourceNames.join('\n') === names,
  );
  if (existing) {
    if (!existing.resources.includes(pattern)) existing.resources.push(pattern);
  } else {
    entries.push({ group: target, resources: [pattern], resourceNames: [...source.resourceNames] });
  }
  // An entry without resources would match every resource of its group: drop it instead.
  return entries.filter((entry) => entry !== source || entry.resources.length > 0);
}

function replacePattern(rule: PolicyRule, e: number, index: number, replacement: string): GroupResources[] {
  const entries = cloneResources(rule);
  entries[e]!.resources[index] = replacement;
  return entries;
}

/** A likely intended resource name in the same group: other case, missing plural "s". */
function spellingSuggestion(group: string, resource: string, version: KubeVersion): string | undefined {
  const lower = resource.toLowerCase();
  return findGroup(group, version)?.resources.find(
    (r) => r.name === lower || r.name === `${lower}s` || r.name === `${lower}es`,
  )?.name;
}

function checkPattern(rule: PolicyRule, k: number, e: number, index: number, version: KubeVersion): Finding | null {
  const entry = rule.resources[e]!;
  const pattern = entry.resources[index]!;
  if (pattern === '*' || pattern === '*/*') return null;
  const slash = pattern.indexOf('/');
  const base = slash < 0 ? pattern : pattern.slice(0, slash);
  const sub = slash < 0 ? '' : pattern.slice(slash + 1);
  const path = ['rules', k, 'resources', e, 'resources', index];
  const where = `${groupLabel(entry.group)} in Kubernetes 1.${version.minor}`;

  if (base === '*') {
    if (sub === '' || sub === '*') return null;
    const group = findGroup(entry.group, version)!;
    if (group.resources.some((r) => r.subresources.some((s) => s.name === sub))) return null;
    return {
      code: LINT_CODES.unknownSubresource,
      severity: 'warning',
      message: `No resource of ${where} has a subresource "${sub}".`,
      path,
      rule: k,
    };
  }

  const resource = findResource(entry.group, base, version);
  if (!resource) {
    const elsewhere = groupsContaining(base, version).filter((g) => g !== entry.group);
    const served = servedMinors(entry.group, base);
    const when =
      served.length > 0
        ? ` (it is served in Kubernetes 1.${served[0]}${served.length > 1 ? `–1.${served[served.length - 1]}` : ''})`
        : '';
    const finding: Finding = {
      code: LINT_CODES.unknownResource,
      severity: 'warning',
      message: `"${base}" is not a resource of ${where}${when}.`,
      path,
      rule: k,
    };
    if (elsewhere.length > 0) {
      finding.message += ` It is in ${listWords(elsewhere.map(groupLabel))}.`;
      if (elsewhere.length === 1) {
        finding.fix = {
          title: `Move "${pattern}" to ${groupLabel(elsewhere[0]!)}`,
          edits: [
            { op: 'setRuleField', index: k, field: 'resources', value: movePattern(rule, e, pattern, elsewhere[0]!) },
          ],
        };
      }
    } else {
      const suggestion = served.length === 0 ? spellingSuggestion(entry.group, base, version) : undefined;
      if (suggestion) {
        const replacement = slash < 0 ? suggestion : `${suggestion}/${sub}`;
        finding.message += ` Did you mean "${suggestion}"?`;
        finding.fix = {
          title: `Change "${pattern}" to "${replacement}"`,
          edits: [
            { op: 'setRuleField', index: k, field: 'resources', value: replacePattern(rule, e, index, replacement) },
          ],
        };
      }
    }
    return finding;
  }

  if (sub === '' || sub === '*' || resource.subresources.some((s) => s.name === sub)) return null;
  const known = resource.subresources.map((s) => s.name);
  return {
    code: LINT_CODES.unknownSubresource,
    severity: 'warning',
    message: `"${base}" in ${where} has no subresource "${sub}"${known.length > 0 ? ` (it has ${listWords(known)})` : ' (it has none)'}.`,
    path,
    rule: k,
  };
}

export function catalogueFindings(policy: Policy, version: KubeVersion): Finding[] {
  if (!catalogueCovers(version)) return [];
  const findings: Finding[] = [];
  policy.rules.forEach((rule, k) => {
    rule.resources.forEach((entry, e) => {
      const removed = removedGroupNote(entry.group);
      if (removed) {
        findings.push({
          code: LINT_CODES.removedGroup,
          severity: 'info',
          message: `Group "${entry.group}" is no longer served: ${removed}. This entry only matches requests that fail with 404.`,
          path: ['rules', k, 'resources', e, 'group'],
          rule: k,
        });
        return;
      }
      if (!findGroup(entry.group, version)) return;
      entry.resources.forEach((_, index) => {
        const finding = checkPattern(rule, k, e, index, version);
        if (finding) findings.push(finding);
      });
    });
  });
  return findings;
}
