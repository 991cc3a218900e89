// Playwright side of corpus tests (see test/support/corpus.ts): the first line of a spec that reads the reference
// folder. Without the folder the test is skipped with the reason and listed in npm test's summary. (A call inside
// the test, rather than a wrapper around test(), keeps Playwright's report pointing at the spec file.)
import { test } from '@playwright/test';
import { corpusDir, CORPUS_MISSING, recordCorpusSkip } from '../../support/corpus.ts';

export function skipWithoutCorpus(): void {
  if (corpusDir()) return;
  recordCorpusSkip(test.info().title);
  test.skip(true, CORPUS_MISSING);
}
