// A None rule that silences one "talker" (a user, verb, resource or namespace), and where it must go to work.
// First match wins, so the rule goes right before the first rule that currently logs any of the talker's
// requests: every earlier rule matches none of them (or already drops them), so the new rule shadows no earlier
// rule for anyone, and it only matches the talker's own requests, so no other request changes.
import type { EvaluationResult, PolicyRule, RequestAttributes } from '../policy/types.ts';
import type { TalkerField } from './types.ts';

export interface TalkerKey {
  /** Grouping key (unique per field). */
  key: string;
  label: string;
  /** The None rule's criteria, or null with `why` when one rule cannot express the talker. */
  rule: (Partial<PolicyRule> & { level: string }) | null;
  why?: string;
}

/** The talker a request belongs to for a field, or null when the field does not apply to it. */
export function talkerOf(field: TalkerField, request: RequestAttributes): TalkerKey | null {
  switch (field) {
    case 'user':
      if (request.user === null) {
        return { key: '', label: '(unauthenticated)', rule: null, why: 'a rule cannot match requests without a user' };
      }
      return { key: request.user, label: request.user, rule: { level: 'None', users: [request.user] } };
    case 'verb':
      return { key: request.verb, label: request.verb, rule: { level: 'None', verbs: [request.verb] } };
    case 'resource': {
      if (!request.isResourceRequest) {
        return {
          key: `url:${request.path}`,
          label: request.path,
          rule: { level: 'None', nonResourceURLs: [request.path] },
        };
      }
      const resource = request.subresource ? `${request.resource}/${request.subresource}` : request.resource;
      if (resource === '') return null; // e.g. GET /api/v1: a resource request with no resource
      const label = request.apiGroup ? `${resource} (${request.apiGroup})` : resource;
      return {
        key: `${request.apiGroup}\u0000${resource}`,
        label,
        rule: { level: 'None', resources: [{ group: request.apiGroup, resources: [resource], resourceNames: [] }] },
      };
    }
    case 'namespace':
      if (!request.isResourceRequest) return null;
      return {
        key: request.namespace,
        label: request.namespace === '' ? '(cluster-scoped)' : request.namespace,
        rule: { level: 'None', namespaces: [request.namespace] },
      };
  }
}

/**
 * Where a None rule for a talker takes effect: before the first rule that logs (level above None) any of the
 * talker's requests. `results` are the draft's evaluations of the talker's requests. Null when nothing of the
 * talker is logged (no rule is needed).
 */
export function noneRuleIndex(results: Iterable<Readonly<EvaluationResult>>): number | null {
  let index: number | null = null;
  for (const result of results) {
    if (result.rule < 0 || result.level === 'None') continue;
    if (index === null || result.rule < index) index = result.rule;
  }
  return index;
}
