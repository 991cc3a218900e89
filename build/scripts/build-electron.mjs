// Bundles the Electron main process, the sandboxed preload (one CJS file, as sandboxing requires) and the
// browser-mode server with esbuild. The renderer is built by Vite (build/vite.config.ts).
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node20', logLevel: 'warning', sourcemap: true };

await Promise.all([
  build({
    ...common,
    entryPoints: ['electron/main/index.ts'],
    outfile: 'dist/electron/main.cjs',
    format: 'cjs',
    external: ['electron', 'cpu-features', 'ssh2'],
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
    entryPoints: ['electron/server/main.ts'],
    outfile: 'dist/server/server.mjs',
    format: 'esm',
    packages: 'external',
  }),
]);
