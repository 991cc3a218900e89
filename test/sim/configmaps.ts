// SIMULATOR (test only): where the simulated cluster keeps its ConfigMaps (one JSON object per file in the
// simulator's state folder), shared by the kubectl stand-in and the tests that seed or inspect them.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SimConfigMap {
  apiVersion: 'v1';
  kind: 'ConfigMap';
  metadata: { name: string; namespace: string };
  data: Record<string, string>;
}

export function configMapPath(stateDir: string, namespace: string, name: string): string {
  return join(stateDir, 'configmaps', namespace, `${name}.json`);
}

/** null when there is no such ConfigMap. */
export function readConfigMap(stateDir: string, namespace: string, name: string): SimConfigMap | null {
  try {
    return JSON.parse(readFileSync(configMapPath(stateDir, namespace, name), 'utf8')) as SimConfigMap;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

export function writeConfigMap(stateDir: string, configMap: SimConfigMap): void {
  const path = configMapPath(stateDir, configMap.metadata.namespace, configMap.metadata.name);
  mkdirSync(join(path, '..'), { recursive: true, mode: 0o700 });
  writeFileSync(`${path}.tmp`, JSON.stringify(configMap, null, 2) + '\n', { mode: 0o600 });
  renameSync(`${path}.tmp`, path);
}
