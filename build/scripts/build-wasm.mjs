// Compiles the AssemblyScript scanner fast path (shared/wasm/fast-scanner.ts) to dist/cli/fast-scanner.wasm, where
// the ingest code looks for it (electron/backend/logs/load-fast-scanner.ts). Needs WebAssembly SIMD (Node 16.4+).
import asc from 'assemblyscript/asc';
import { mkdirSync, writeFileSync } from 'node:fs';
import { LAYOUT_FILE, scannerLayoutSource } from './gen-scanner-layout.ts';

export const WASM_OUTPUT = 'dist/cli/fast-scanner.wasm';

export async function buildWasm() {
  mkdirSync('dist/cli', { recursive: true });
  writeFileSync(LAYOUT_FILE, scannerLayoutSource());
  const { error, stderr } = await asc.main([
    'shared/wasm/fast-scanner.ts',
    '--outFile',
    WASM_OUTPUT,
    '--optimizeLevel',
    '3',
    '--shrinkLevel',
    '0',
    '--runtime',
    'stub',
    '--noAssert',
    '--use',
    'abort=',
    '--enable',
    'simd',
  ]);
  if (error) throw new Error(`AssemblyScript build failed: ${error.message}\n${stderr.toString()}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await buildWasm();
