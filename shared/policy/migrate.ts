// Converts an audit.k8s.io/v1alpha1 or v1beta1 policy to audit.k8s.io/v1. The Policy and PolicyRule fields are the
// same in all three versions, so only apiVersion changes; the text is edited in place so comments and layout stay.
import { isMap, isScalar, type Node } from 'yaml';
import { REMOVED_API_VERSIONS, POLICY_API_VERSION } from './loader.ts';
import { findPair, parsePolicy } from './parse.ts';

export interface MigrationResult {
  text: string;
  /** The apiVersion found, or null when nothing had to change. */
  from: string | null;
}

/** Returns the v1 text; throws when the text is not a policy this function can convert. */
export function migratePolicyText(text: string): MigrationResult {
  const parsed = parsePolicy(text);
  const document = parsed.document;
  if (!parsed.policy || !document || !isMap(document.contents)) {
    const reason = parsed.diagnostics.find((d) => d.severity === 'error')?.message ?? 'not a policy';
    throw new Error(`cannot migrate: ${reason}`);
  }
  const from = parsed.policy.apiVersion;
  if (from === POLICY_API_VERSION) return { text, from: null };
  if (!(REMOVED_API_VERSIONS as readonly string[]).includes(from)) {
    throw new Error(
      `cannot migrate: apiVersion "${from}" is not an audit policy version (expected audit.k8s.io/v1alpha1 or v1beta1)`,
    );
  }
  const node = findPair(document.contents, 'apiVersion')?.value as Node | undefined;
  if (!node || !isScalar(node) || !node.range) throw new Error('cannot migrate: apiVersion is not a plain value');
  const [start, end] = node.range;
  const original = text.slice(start, end);
  // Keep the quoting style: only the version text itself is replaced.
  const replaced = original.replace(from, POLICY_API_VERSION);
  return { text: text.slice(0, start) + replaced + text.slice(end), from };
}
