// Playwright's test() for a corpus test (see test/support/corpus.ts): runs with the reference folder, is skipped
// (and listed in npm test's summary) without it.
import {
  test,
  type PlaywrightTestArgs,
  type PlaywrightTestOptions,
  type PlaywrightWorkerArgs,
  type PlaywrightWorkerOptions,
  type TestInfo,
} from '@playwright/test';
import { corpusDir, CORPUS_MISSING, recordCorpusSkip } from '../../support/corpus.ts';

type Fixtures = PlaywrightTestArgs & PlaywrightTestOptions & PlaywrightWorkerArgs & PlaywrightWorkerOptions;
type Body = (fixtures: Fixtures, testInfo: TestInfo) => Promise<void> | void;

export function corpusSpec(name: string, body: Body): void {
  if (corpusDir()) {
    test(name, body);
    return;
  }
  test(name, () => {
    recordCorpusSkip(name);
    test.skip(true, CORPUS_MISSING);
  });
}
