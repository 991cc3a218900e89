// Where the reference material (corpus, vectors, log generator) lives: the shared/ folder beside the checkout, as
// on developer machines and in CI. AUDITSCOPE_SHARED_DIR overrides it.
import { fileURLToPath } from 'node:url';

export const SHARED_DIR =
  process.env.AUDITSCOPE_SHARED_DIR ?? fileURLToPath(new URL('../../../shared', import.meta.url));
