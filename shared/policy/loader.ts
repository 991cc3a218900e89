// The checks kube-apiserver's policy loader (pkg/audit/policy/reader.go) makes besides ValidatePolicy:
// the file must decode, be audit.k8s.io/v1 kind Policy, and hold at least one rule.
import { keyRangeOf, rangeOf, type ParsedPolicy } from './parse.ts';
import type { Diagnostic } from './types.ts';

export const POLICY_API_VERSION = 'audit.k8s.io/v1';
/** Removed in Kubernetes 1.24 (the oldest version this tool supports), convertible with migratePolicyText. */
export const REMOVED_API_VERSIONS = ['audit.k8s.io/v1beta1', 'audit.k8s.io/v1alpha1'] as const;

/** Code of the loader finding that the UI can answer with "migrate to audit.k8s.io/v1". */
export const REMOVED_VERSION_CODE = 'loader-removed-version';

/**
 * Loader findings in the apiserver's order (decode, group/version, zero rules). Unlike the apiserver, which stops
 * at the first, every applicable finding is returned. Decode failures found by the parser (YAML syntax, several
 * documents, wrong types) are already in parsed.diagnostics and are not repeated here.
 */
export function checkLoader(parsed: ParsedPolicy): Diagnostic[] {
  const policy = parsed.policy;
  if (!policy) return [];
  const found: Diagnostic[] = [];
  const at = (path: string[], message: string, code = 'loader'): Diagnostic => {
    const range = path.length === 0 ? rangeOf(parsed, []) : (rangeOf(parsed, path) ?? keyRangeOf(parsed, path));
    return { code, severity: 'error', message, path: path.join('.'), ...(range ? { range } : {}) };
  };
  const { apiVersion, kind } = policy;
  if ((REMOVED_API_VERSIONS as readonly string[]).includes(apiVersion)) {
    found.push(
      at(
        ['apiVersion'],
        `failed decoding: no kind "${kind || 'Policy'}" is registered for version "${apiVersion}": ${apiVersion} was removed in Kubernetes 1.24; migrate the policy to ${POLICY_API_VERSION} (only the apiVersion changes)`,
        REMOVED_VERSION_CODE,
      ),
    );
  } else if (apiVersion === '' || kind === '') {
    const [group, version] = splitApiVersion(apiVersion);
    found.push(
      at(
        apiVersion === '' ? [] : ['kind'],
        `unknown group version field ${group}/${version}, Kind=${kind} in policy: the file needs "apiVersion: ${POLICY_API_VERSION}" and "kind: Policy"`,
      ),
    );
  } else if (apiVersion !== POLICY_API_VERSION) {
    found.push(
      at(
        ['apiVersion'],
        `failed decoding: no kind "${kind}" is registered for version "${apiVersion}": an audit policy needs "apiVersion: ${POLICY_API_VERSION}"`,
      ),
    );
  } else if (kind !== 'Policy') {
    found.push(at(['kind'], `failed decoding: kind "${kind}" is not an audit policy: use "kind: Policy"`));
  }
  if (policy.rules.length === 0) {
    found.push(at(['rules'], 'loaded illegal policy with 0 rules'));
  }
  return found;
}

/** "audit.k8s.io/v1" → ["audit.k8s.io", "v1"]; "v1" → ["", "v1"] like schema.ParseGroupVersion. */
function splitApiVersion(apiVersion: string): [string, string] {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? ['', apiVersion] : [apiVersion.slice(0, slash), apiVersion.slice(slash + 1)];
}
