// Prints the one line that ends `npm test` when corpus tests could not run: which ones, and how to point at the
// reference folder. Reads the list the corpus test wrappers appended to (AUDITSCOPE_CORPUS_SKIPS, set by test.sh).
import { existsSync, readFileSync } from 'node:fs';
import { CORPUS_MISSING } from './corpus.ts';

const list = process.argv[2];
const names = list && existsSync(list) ? readFileSync(list, 'utf8').split('\n').filter(Boolean) : [];
const unique = [...new Set(names)];
if (unique.length > 0) {
  process.stdout.write(`Corpus tests did not run (${CORPUS_MISSING}): ${unique.length} tests: ${unique.join(' | ')}\n`);
}
