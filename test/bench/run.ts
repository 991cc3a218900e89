// `npm run bench [name...]`: runs every test/bench/*.bench.ts (or the named ones) one after another, so their
// measurements do not compete for the two cores. Benchmarks print their own ratios against peer tools.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => wanted.length === 0 || wanted.some((w) => name.includes(w)))
  .sort();

if (files.length === 0) {
  process.stderr.write(`no benchmark matches ${wanted.join(', ')}\n`);
  process.exit(2);
}
for (const file of files) {
  process.stdout.write(`\n=== ${file} ===\n`);
  const module = (await import(new URL(file, import.meta.url).href)) as { default: () => Promise<void> };
  await module.default();
}
