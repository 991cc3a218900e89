// Where the bundled sample log is: next to this module when running from sources, or in the app's files when
// bundled (dist/server/server.mjs and dist/electron/main.mjs sit two folders below the project root).

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const RELATIVE = 'electron/backend/logs-service/sample/sample-audit.log';

export function sampleLogPath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates: string[] = [];
  if (env.AUDITSCOPE_SAMPLE_LOG) candidates.push(env.AUDITSCOPE_SAMPLE_LOG);
  const here = import.meta.url;
  if (here?.startsWith('file:')) {
    candidates.push(fileURLToPath(new URL('./sample/sample-audit.log', here)));
    // Bundles (dist/server/server.mjs, dist/electron/main.mjs) find the copy the build puts in dist/sample.
    candidates.push(fileURLToPath(new URL('../sample/sample-audit.log', here)));
    candidates.push(fileURLToPath(new URL(`../../${RELATIVE}`, here)));
  }
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  if (resources) candidates.push(`${resources}/sample-audit.log`, `${resources}/app/${RELATIVE}`);
  candidates.push(`${process.cwd()}/${RELATIVE}`);
  return candidates.find((path) => existsSync(path));
}
