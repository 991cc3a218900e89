// Bundles the Electron main process (ESM), the sandboxed preload (one CJS file, as sandboxing requires), the
// browser-mode server and the log-ingest worker with esbuild, and copies the bundled sample log and
// the scanner's WebAssembly module next to them.
// The renderer is built by Vite (build/vite.config.ts).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';

const common = { bundle: true, platform: 'node', target: 'node20', logLevel: 'warning', sourcemap: true };
// Bundled CommonJS dependencies (ws, …) call require(); an ES module has to provide it.
const requireShim = {
  js: "import { createRequire as __auditscopeRequire } from 'node:module'; const require = __auditscopeRequire(import.meta.url);",
};

await Promise.all([
  build({
    ...common,
    entryPoints: ['electron/main/index.ts'],
    outfile: 'dist/electron/main.mjs',
    format: 'esm',
    banner: requireShim,
    external: ['electron', 'cpu-features', 'ssh2'],
  }),
  build({
    ...common,
    entryPoints: ['electron/backend/logs/ingest-worker.ts'],
    outfile: 'dist/electron/ingest-worker.mjs',
    format: 'esm',
    banner: requireShim,
  }),
  build({
    ...common,
    entryPoints: ['electron/preload/index.ts'],
    outfile: 'dist/electron/preload.cjs',
    format: 'cjs',
    external: ['electron'],
  }),
  build({
    ...common,
    entryPoints: ['electron/server/entry.ts'],
    outfile: 'dist/server/server.mjs',
    format: 'esm',
    packages: 'external',
  }),
  build({
    ...common,
    entryPoints: ['electron/backend/logs/ingest-worker.ts'],
    outfile: 'dist/server/ingest-worker.mjs',
    format: 'esm',
    packages: 'external',
  }),
]);

// The scanner's WebAssembly fast path (built by build:cli) beside the bundles whose ingest code loads it.
for (const dir of ['dist/electron', 'dist/server'])
  copyFileSync('dist/cli/fast-scanner.wasm', `${dir}/fast-scanner.wasm`);

mkdirSync('dist/sample', { recursive: true });
copyFileSync('electron/backend/logs-service/sample/sample-audit.log', 'dist/sample/sample-audit.log');
