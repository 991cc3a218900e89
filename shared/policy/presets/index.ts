// The built-in presets, in the order the builder shows them.
import { kubernetesDocsExample } from './kubernetes-docs-example.ts';
import { metadataBaseline } from './metadata-baseline.ts';
import { openshiftAllRequestBodies, openshiftDefault, openshiftWriteRequestBodies } from './openshift-like.ts';
import type { PolicyPreset } from './preset.ts';
import { securityProfile } from './security-profile.ts';

export type { PolicyPreset } from './preset.ts';

export const POLICY_PRESETS: readonly PolicyPreset[] = [
  metadataBaseline,
  securityProfile,
  openshiftDefault,
  openshiftWriteRequestBodies,
  openshiftAllRequestBodies,
  kubernetesDocsExample,
];

export function findPreset(id: string): PolicyPreset | undefined {
  return POLICY_PRESETS.find((preset) => preset.id === id);
}
