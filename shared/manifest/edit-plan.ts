// Collects the text edits and human-readable change notes of one editing run, then produces the result text.
import { parseAllDocuments } from 'yaml';
import type { EditResult } from './result.ts';
import type { SourceText } from './source-text.ts';
import { applyEdits, OverlappingEditsError, type TextEdit } from './text-edits.ts';

export class EditPlan {
  private readonly edits: TextEdit[] = [];
  readonly changes: string[] = [];

  constructor(readonly source: SourceText) {}

  add(edits: TextEdit | readonly TextEdit[], change?: string): void {
    this.edits.push(...(Array.isArray(edits) ? edits : [edits as TextEdit]));
    if (change) this.changes.push(change);
  }

  /** 1-based line of an offset, for change notes. */
  line(offset: number): number {
    return this.source.position(offset).line;
  }

  result(): EditResult {
    if (this.edits.length === 0) return { ok: true, text: this.source.withBom(this.source.body), changes: [] };
    let body: string;
    try {
      body = applyEdits(this.source.body, this.edits);
    } catch (error) {
      if (error instanceof OverlappingEditsError)
        return { ok: false, code: 'unsupported-layout', reason: error.message };
      throw error;
    }
    // Never hand back text the kubelet could not read: a failed self-check is a refusal, not an output.
    const parsed = parseAllDocuments(body);
    const error = Array.isArray(parsed) ? parsed.flatMap((document) => document.errors)[0] : undefined;
    if (error)
      return {
        ok: false,
        code: 'unsupported-layout',
        reason: `internal error: the edited text is not valid YAML (${error.message.split('\n')[0]})`,
      };
    return { ok: true, text: this.source.withBom(body), changes: this.changes };
  }
}
