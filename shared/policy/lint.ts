// The policy linter: things kube-apiserver accepts but that are almost certainly mistakes. Every finding has a
// stable code (see LINT_CODES), a position, and where possible a quick fix expressed as PolicyEdit[].
// Quick-fix convention: { op: 'moveRule', from, to } means the rule ends up at index `to`.
import { formatPath, keyRangeOf, nodeAt, rangeOf, type ParsedPolicy, type PolicyPath } from './parse.ts';
import type { Diagnostic, KubeVersion, SourceRange } from './types.ts';
import { catalogueFindings } from './lint/catalogue-checks.ts';
import { fieldFindings } from './lint/field-checks.ts';
import type { Finding } from './lint/finding.ts';
import { reachFindings } from './lint/reach-checks.ts';

export { LINT_CODES } from './lint/finding.ts';

function resolveRange(parsed: ParsedPolicy, finding: Finding): SourceRange | undefined {
  let path: PolicyPath = finding.path;
  if (!nodeAt(parsed, path, true) && finding.fallbackPath) path = finding.fallbackPath;
  return finding.atKey ? keyRangeOf(parsed, path) : rangeOf(parsed, path);
}

function toDiagnostic(parsed: ParsedPolicy, finding: Finding): Diagnostic {
  const range = resolveRange(parsed, finding);
  return {
    code: finding.code,
    severity: finding.severity,
    message: finding.message,
    path: formatPath(finding.path),
    ...(range ? { range } : {}),
    ...(finding.rule !== undefined ? { rule: finding.rule } : {}),
    ...(finding.fix ? { fix: finding.fix } : {}),
  };
}

function byPosition(a: Diagnostic, b: Diagnostic): number {
  const la = a.range?.start.line ?? 0;
  const lb = b.range?.start.line ?? 0;
  return la - lb || (a.range?.start.column ?? 0) - (b.range?.start.column ?? 0);
}

/** Lint findings for a parsed policy (nothing when the text did not decode into a policy). */
export function lintPolicy(parsed: ParsedPolicy, kubeVersion: KubeVersion): Diagnostic[] {
  const policy = parsed.policy;
  if (!policy) return [];
  const findings = [
    ...reachFindings(policy, kubeVersion),
    ...fieldFindings(parsed, policy, kubeVersion),
    ...catalogueFindings(policy, kubeVersion),
  ];
  return findings.map((finding) => toDiagnostic(parsed, finding)).sort(byPosition);
}
