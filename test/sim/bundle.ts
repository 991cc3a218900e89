// SIMULATOR (test only): the stand-in programs (apiserver, kubectl) bundled into plain CommonJS files once per test
// process, so each start is a bare `node file.cjs` (tens of milliseconds) instead of a TypeScript loader start-up.
import { build } from 'esbuild';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bundles = new Map<string, Promise<string>>();

function bundle(name: 'apiserver' | 'kubectl'): Promise<string> {
  let bundled = bundles.get(name);
  if (!bundled) {
    bundled = (async () => {
      const outfile = join(mkdtempSync(join(tmpdir(), 'auditscope-sim-')), `${name}.cjs`);
      await build({
        entryPoints: [join(dirname(fileURLToPath(import.meta.url)), `${name}.ts`)],
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        outfile,
        logLevel: 'warning',
      });
      return outfile;
    })();
    bundles.set(name, bundled);
  }
  return bundled;
}

export const standInApiServerBundle = () => bundle('apiserver');
export const standInKubectlBundle = () => bundle('kubectl');
