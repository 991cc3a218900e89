// The reference material is other people's data and stays outside the repository: real-world audit logs, policies
// and manifests (corpus/), the policy test vectors (vectors/policy-cases.json) and the audit docs
// (docs/kubernetes-audit.md). Tests that read it are corpus tests: they run when it is there and are skipped, with
// the reason, when it is not; everything else runs on the project's own fixtures and generated logs.
//
// One setting says where it is, read here and nowhere else: AUDITSCOPE_CORPUS=DIR, the folder that holds corpus/,
// vectors/ and docs/. Without it, ../shared beside the checkout is used when it exists.
// build/scripts/test.sh sets AUDITSCOPE_CORPUS_SKIPS to a file where skipped corpus tests are listed, and names them
// at the end of the run.
import { appendFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test, type TestContext, type TestOptions } from 'node:test';
import { fileURLToPath } from 'node:url';

export const CORPUS_SETTING = 'AUDITSCOPE_CORPUS';
const BESIDE_CHECKOUT = '../shared';
const DEFAULT_DIR = fileURLToPath(new URL(`../../${BESIDE_CHECKOUT}`, import.meta.url));

function locate(): string | undefined {
  const configured = process.env[CORPUS_SETTING];
  if (configured) {
    const dir = resolve(configured);
    // Set but wrong is a mistake to report, not a reason to skip quietly.
    if (!existsSync(join(dir, 'corpus')))
      throw new Error(`${CORPUS_SETTING}=${configured}: no corpus/ folder in ${dir}`);
    return dir;
  }
  return existsSync(join(DEFAULT_DIR, 'corpus')) ? DEFAULT_DIR : undefined;
}

const CORPUS_DIR = locate();

/** Why corpus tests are skipped. */
export const CORPUS_MISSING = `no reference folder at ${BESIDE_CHECKOUT}; set ${CORPUS_SETTING}=DIR`;

/** The reference folder, or undefined when there is none. */
export function corpusDir(): string | undefined {
  return CORPUS_DIR;
}

/** A path inside the reference folder ("corpus/policies/x.yaml"); for corpus tests only, which run only with it. */
export function corpusPath(relative: string): string {
  if (!CORPUS_DIR) throw new Error(`${relative} is reference material: ${CORPUS_MISSING}`);
  return join(CORPUS_DIR, relative);
}

/** Notes a corpus test that did not run, for test.sh's summary. */
export function recordCorpusSkip(name: string): void {
  const list = process.env.AUDITSCOPE_CORPUS_SKIPS;
  if (list) appendFileSync(list, name.replace(/\s+/g, ' ') + '\n');
}

type TestBody = (t: TestContext) => void | Promise<void>;

/** node:test's test() for a corpus test: runs with the reference folder, is skipped (and listed) without it. */
export function corpusTest(name: string, body: TestBody): Promise<void>;
export function corpusTest(name: string, options: TestOptions, body: TestBody): Promise<void>;
export function corpusTest(name: string, second: TestOptions | TestBody, third?: TestBody): Promise<void> {
  const options = typeof second === 'function' ? {} : second;
  const body = typeof second === 'function' ? second : third!;
  if (CORPUS_DIR) return test(name, options, body);
  return test(name, options, (t) => {
    recordCorpusSkip(name);
    t.skip(CORPUS_MISSING);
  });
}
