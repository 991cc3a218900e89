// SIMULATOR (test only): the stand-in apiserver bundled into one plain CommonJS file once per test process, so each
// (re)start is a bare `node file.cjs` (tens of milliseconds) instead of a TypeScript loader start-up.
import { build } from 'esbuild';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let bundled: Promise<string> | undefined;

export function standInApiServerBundle(): Promise<string> {
  bundled ??= (async () => {
    const outfile = join(mkdtempSync(join(tmpdir(), 'auditscope-sim-')), 'apiserver.cjs');
    await build({
      entryPoints: [join(dirname(fileURLToPath(import.meta.url)), 'apiserver.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      outfile,
      logLevel: 'warning',
    });
    return outfile;
  })();
  return bundled;
}
