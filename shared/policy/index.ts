// Public API of the policy engine (pure TypeScript, usable from the renderer, the Node side and the CLI).
export * from './types.ts';
export { parsePolicy, rangeOf, keyRangeOf, nodeAt, formatPath, emptyRule } from './parse.ts';
export type { ParsedPolicy, PolicyPath } from './parse.ts';
export { loadPolicyText } from './load-policy.ts';
export type { LoadedPolicy } from './load-policy.ts';
export { checkLoader, POLICY_API_VERSION, REMOVED_API_VERSIONS, REMOVED_VERSION_CODE } from './loader.ts';
export {
  validatePolicy,
  validateParsedPolicy,
  validatePolicyFields,
  aggregateMessages,
  supportsGroupWildcard,
} from './validate.ts';
export type { FieldError } from './validate.ts';
export { migratePolicyText } from './migrate.ts';
export type { MigrationResult } from './migrate.ts';
export { evaluatePolicy, ruleMatches } from './evaluate.ts';
export { compilePolicy } from './compile.ts';
export type { CompiledPolicy } from './compile.ts';
export { explainEvaluation, firstFailure } from './explain.ts';
export type { Criterion, Explanation, RuleExplanation } from './explain.ts';
export { requestAttributesFromHttp, parseRequestUrl, RequestInfoError } from './request-info.ts';
export type { HttpRequestInput, ParsedRequestUrl } from './request-info.ts';
export { requestAttributesFromEvent, EventAttributesError } from './event-attributes.ts';
export type { AuditEventLike } from './event-attributes.ts';
export { parseRequestAttributes } from './request-json.ts';
export { applyEdits, applyEdit, PolicyEditError } from './document.ts';
export { applyModelEdits, applyModelEdit } from './model-edits.ts';
export { parseKubeVersion, formatKubeVersion } from './version.ts';
