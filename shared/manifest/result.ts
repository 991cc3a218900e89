// Result types shared by the manifest editors, and the refusal thrown internally while an edit is planned.
import type { RefusalCode } from '../errors.ts';

export interface Refusal {
  ok: false;
  code: RefusalCode;
  reason: string;
  /** 1-based position of the offending text, when there is one. */
  line?: number;
  column?: number;
}

export type EditResult = { ok: true; text: string; changes: string[] } | Refusal;

/** Thrown while planning an edit; converted to a Refusal (with line/column from `offset`) at the entry points. */
export class ManifestRefusal extends Error {
  constructor(
    readonly code: RefusalCode,
    readonly reason: string,
    /** Offset into the body (text without BOM) of the offending node, if any. */
    readonly offset?: number,
  ) {
    super(reason);
  }
}
