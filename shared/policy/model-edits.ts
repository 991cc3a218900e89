// The same PolicyEdit operations as document.ts, applied to the model (for the builder's state and for checking
// that a text edit means what the model edit means).
import { emptyRule } from './parse.ts';
import type { GroupResources, Policy, PolicyEdit, PolicyRule } from './types.ts';

export function applyModelEdits(policy: Policy, edits: readonly PolicyEdit[]): Policy {
  let current = policy;
  for (const edit of edits) current = applyModelEdit(current, edit);
  return current;
}

export function applyModelEdit(policy: Policy, edit: PolicyEdit): Policy {
  const rules = [...policy.rules];
  switch (edit.op) {
    case 'addRule':
      rules.splice(edit.index, 0, normaliseRule(edit.rule));
      return { ...policy, rules };
    case 'removeRule':
      rules.splice(edit.index, 1);
      return { ...policy, rules };
    case 'moveRule': {
      const [moved] = rules.splice(edit.from, 1);
      rules.splice(edit.to, 0, moved!);
      return { ...policy, rules };
    }
    case 'setRuleField': {
      const rule: PolicyRule = { ...rules[edit.index]! };
      if (edit.field === 'omitManagedFields') {
        if (edit.value === undefined) delete rule.omitManagedFields;
        else rule.omitManagedFields = edit.value as boolean;
      } else if (edit.field === 'resources') {
        rule.resources = ((edit.value ?? []) as Partial<GroupResources>[]).map(normaliseGroupResources);
      } else if (edit.field === 'level') {
        rule.level = (edit.value ?? '') as string;
      } else {
        rule[edit.field] = [...((edit.value ?? []) as string[])];
      }
      rules[edit.index] = rule;
      return { ...policy, rules };
    }
    case 'setPolicyField':
      if (edit.field === 'omitStages') return { ...policy, omitStages: [...((edit.value ?? []) as string[])] };
      return { ...policy, omitManagedFields: (edit.value ?? false) as boolean };
  }
}

function normaliseGroupResources(entry: Partial<GroupResources>): GroupResources {
  return {
    group: entry.group ?? '',
    resources: [...(entry.resources ?? [])],
    resourceNames: [...(entry.resourceNames ?? [])],
  };
}

function normaliseRule(rule: Partial<PolicyRule> & { level: string }): PolicyRule {
  const out: PolicyRule = {
    ...emptyRule(rule.level),
    users: [...(rule.users ?? [])],
    userGroups: [...(rule.userGroups ?? [])],
    verbs: [...(rule.verbs ?? [])],
    resources: (rule.resources ?? []).map(normaliseGroupResources),
    namespaces: [...(rule.namespaces ?? [])],
    nonResourceURLs: [...(rule.nonResourceURLs ?? [])],
    omitStages: [...(rule.omitStages ?? [])],
  };
  if (rule.omitManagedFields !== undefined) out.omitManagedFields = rule.omitManagedFields;
  return out;
}
