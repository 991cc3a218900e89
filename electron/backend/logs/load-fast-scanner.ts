// Loads the WebAssembly fast path of the event scanner (dist/cli/fast-scanner.wasm, built by
// build/scripts/build-wasm.mjs) for this thread. Without it ingest still works, with the JavaScript scanner only.

import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { WasmLineScanner, type LineScannerExports } from '../../../shared/logs/fast-scanner-client.ts';

const FILE_NAME = 'fast-scanner.wasm';

/** Where the module is: beside a bundle (dist/cli, dist/electron, dist/server), or built from the sources. */
function candidates(): URL[] {
  return [new URL(`./${FILE_NAME}`, import.meta.url), new URL(`../../../dist/cli/${FILE_NAME}`, import.meta.url)];
}

// The WebAssembly API of the runtime (Node's typings declare it for the DOM library only).
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const { WebAssembly: wasm } = globalThis as unknown as { WebAssembly: WasmApi };

let compiled: object | null | undefined;

function compiledModule(): object | undefined {
  if (compiled !== undefined) return compiled ?? undefined;
  compiled = null;
  if (process.env.AUDITSCOPE_NO_WASM === '1') return undefined;
  for (const url of candidates()) {
    if (url.protocol !== 'file:' || !existsSync(fileURLToPath(url))) continue;
    try {
      compiled = new wasm.Module(readFileSync(fileURLToPath(url)));
    } catch {
      compiled = null; // no WebAssembly SIMD in this runtime: the JavaScript scanner does it all
    }
    break;
  }
  return compiled ?? undefined;
}

/** A fast-path scanner whose input area holds `inputBytes`, or undefined when the module is unavailable. */
export function createWasmLineScanner(inputBytes: number): WasmLineScanner | undefined {
  const module = compiledModule();
  if (!module) return undefined;
  const instance = new wasm.Instance(module, {});
  return new WasmLineScanner(instance.exports as unknown as LineScannerExports, inputBytes);
}
