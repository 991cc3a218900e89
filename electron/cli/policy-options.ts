// What the policy commands share: --k8s-version, diagnostic positions, and refusing an invalid policy the way
// kube-apiserver refuses to start with one.
import { loadPolicyText, type LoadedPolicy } from '../../shared/policy/load-policy.ts';
import { parseKubeVersion } from '../../shared/policy/version.ts';
import type { Diagnostic, KubeVersion } from '../../shared/policy/types.ts';
import { usageError, type Command } from './command.ts';
import { CliError, readTextFile } from './io.ts';

export const K8S_VERSION_HELP = '  --k8s-version X.Y  judge as kube-apiserver X.Y would: 1.24 to 1.36 (default 1.36)';

export function kubeVersionOption(command: Command, value: string | boolean | undefined): KubeVersion {
  try {
    return parseKubeVersion(typeof value === 'string' ? value : undefined);
  } catch (error) {
    throw usageError(command, `--k8s-version: ${(error as Error).message}`);
  }
}

/** 1-based; a diagnostic without a range is about the whole file. */
export function position(diagnostic: Diagnostic): { line: number; column: number } {
  return { line: diagnostic.range?.start.line ?? 1, column: diagnostic.range?.start.column ?? 1 };
}

/** Loads FILE and refuses it (exit 1, every error with its position on stderr) unless the apiserver would load it. */
export async function loadValidPolicy(file: string, version: KubeVersion, what: string): Promise<LoadedPolicy> {
  const loaded = loadPolicyText(await readTextFile(file), version);
  if (!loaded.valid || !loaded.policy) {
    for (const diagnostic of [...loaded.loadErrors, ...loaded.validationErrors]) {
      const { line, column } = position(diagnostic);
      process.stderr.write(`auditscope: ${file}:${line}:${column}: error: ${diagnostic.message}\n`);
    }
    throw new CliError(`${file}: the policy is invalid for Kubernetes 1.${version.minor}; nothing ${what}`, 1);
  }
  return loaded;
}
