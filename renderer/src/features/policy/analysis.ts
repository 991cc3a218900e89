// Runs the engine over the current text: decoding, loader checks, validation for the chosen version, and lint.
import { lintPolicy } from '../../../../shared/policy/lint.ts';
import { loadPolicyText, type LoadedPolicy } from '../../../../shared/policy/load-policy.ts';
import type { Diagnostic, KubeVersion } from '../../../../shared/policy/types.ts';

export interface PolicyAnalysis {
  loaded: LoadedPolicy;
  /** Every finding, errors first, then by position. */
  diagnostics: Diagnostic[];
  errorCount: number;
  warningCount: number;
  /** Findings grouped by rule index, for the rule cards. */
  byRule: Map<number, Diagnostic[]>;
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

export function analyzePolicy(text: string, version: KubeVersion): PolicyAnalysis {
  const loaded = loadPolicyText(text, version);
  const lint = loaded.policy ? lintPolicy(loaded.parsed, version) : [];
  const diagnostics = [...loaded.loadErrors, ...loaded.validationErrors, ...loaded.warnings, ...lint].sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      (a.range?.start.line ?? 0) - (b.range?.start.line ?? 0) ||
      (a.range?.start.column ?? 0) - (b.range?.start.column ?? 0),
  );
  const byRule = new Map<number, Diagnostic[]>();
  for (const diagnostic of diagnostics) {
    const rule = diagnostic.rule ?? ruleFromPath(diagnostic.path);
    if (rule === undefined) continue;
    byRule.set(rule, [...(byRule.get(rule) ?? []), diagnostic]);
  }
  return {
    loaded,
    diagnostics,
    errorCount: diagnostics.filter((d) => d.severity === 'error').length,
    warningCount: diagnostics.filter((d) => d.severity === 'warning').length,
    byRule,
  };
}

function ruleFromPath(path: string | undefined): number | undefined {
  const match = path ? /^rules\[(\d+)\]/.exec(path) : null;
  return match ? Number(match[1]) : undefined;
}
