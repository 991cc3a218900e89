// Everything kube-apiserver checks when it loads a policy file, in one result: decoding (parse.ts), the loader
// checks (loader.ts) and ValidatePolicy (validate.ts) for one Kubernetes version.
import { checkLoader } from './loader.ts';
import { parsePolicy, rangeOf, type ParsedPolicy } from './parse.ts';
import { validateParsedPolicy } from './validate.ts';
import { DEFAULT_KUBE_VERSION, type Diagnostic, type KubeVersion, type Policy } from './types.ts';

export interface LoadedPolicy {
  parsed: ParsedPolicy;
  /** The decoded policy (null when the text is not a policy mapping at all). */
  policy: Policy | null;
  version: KubeVersion;
  /** Decode and loader problems (YAML syntax, several documents, wrong types, apiVersion/kind, zero rules). */
  loadErrors: Diagnostic[];
  /** ValidatePolicy's field errors, in the apiserver's order, with its exact messages. */
  validationErrors: Diagnostic[];
  /** Strict-decoding warnings (unknown fields, duplicate keys): the apiserver ignores these silently. */
  warnings: Diagnostic[];
  /** True when the apiserver would start with this policy. */
  valid: boolean;
  /** 1-based line of rule `index`, if known. */
  ruleLine(index: number): number | undefined;
}

export function loadPolicyText(text: string, version: KubeVersion = DEFAULT_KUBE_VERSION): LoadedPolicy {
  const parsed = parsePolicy(text);
  const decodeErrors = parsed.diagnostics.filter((d) => d.severity === 'error');
  const warnings = parsed.diagnostics.filter((d) => d.severity !== 'error');
  const loadErrors = [...decodeErrors, ...checkLoader(parsed)];
  const validationErrors = validateParsedPolicy(parsed, version);
  return {
    parsed,
    policy: parsed.policy,
    version,
    loadErrors,
    validationErrors,
    warnings,
    valid: parsed.policy !== null && loadErrors.length === 0 && validationErrors.length === 0,
    ruleLine: (index) => rangeOf(parsed, ['rules', index])?.start.line,
  };
}
