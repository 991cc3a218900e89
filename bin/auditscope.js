#!/usr/bin/env node
// Entry point declared in package.json "bin". The CLI is bundled by `npm run build:cli` (run by `prepare` on npm ci).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../dist/cli/auditscope.mjs', import.meta.url);
if (!existsSync(fileURLToPath(bundle))) {
  process.stderr.write('auditscope: the CLI is not built yet; run "npm run build:cli" in the Auditscope folder\n');
  process.exit(2);
}
await import(bundle.href);
