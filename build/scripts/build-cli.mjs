// Builds the command line: dist/cli/auditscope.mjs with its domains split into chunks (a command loads only its
// own code, so `logs query` does not load ssh2 or the policy engine), the ingest worker bundle and the
// scanner's WebAssembly module beside it.
import { build } from 'esbuild';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildWasm } from './build-wasm.mjs';

const out = 'dist/cli';
mkdirSync(out, { recursive: true });
// Chunk names carry content hashes: remove the previous build's, so stale chunks do not pile up.
for (const name of readdirSync(out)) if (name.startsWith('chunk-')) rmSync(join(out, name));

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
};
await build({
  ...common,
  entryPoints: { auditscope: 'electron/cli/entry.ts' },
  splitting: true,
  outdir: out,
  chunkNames: 'chunk-[hash]',
  outExtension: { '.js': '.mjs' },
});
await build({
  ...common,
  entryPoints: ['electron/backend/logs/ingest-worker.ts'],
  outfile: join(out, 'ingest-worker.mjs'),
});
// The scanner's WebAssembly fast path, beside the bundles that load it.
await buildWasm();
