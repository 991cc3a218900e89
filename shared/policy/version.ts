// Kubernetes versions the policy engine understands (1.24–1.36).
import { DEFAULT_KUBE_VERSION, MAX_KUBE_MINOR, MIN_KUBE_MINOR, type KubeVersion } from './types.ts';

/** "1.30" → { major: 1, minor: 30 }; undefined → the default (newest). Throws a readable error otherwise. */
export function parseKubeVersion(text: string | undefined): KubeVersion {
  if (text === undefined) return DEFAULT_KUBE_VERSION;
  const match = /^v?1\.(\d+)(?:\.\d+)?$/.exec(text.trim());
  const minor = match ? Number(match[1]) : NaN;
  if (!match || minor < MIN_KUBE_MINOR || minor > MAX_KUBE_MINOR) {
    throw new Error(
      `unsupported Kubernetes version "${text}": give 1.${MIN_KUBE_MINOR} to 1.${MAX_KUBE_MINOR} (e.g. 1.${MAX_KUBE_MINOR})`,
    );
  }
  return { major: 1, minor };
}

export function formatKubeVersion(version: KubeVersion): string {
  return `${version.major}.${version.minor}`;
}
