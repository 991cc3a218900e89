// The indentation habits of a document, read from its own lines so that what we add looks like what is there:
// the indentation step, and whether block sequences are indented under their key (`key:\n  - a`) or not (`key:\n- a`).
import { isMap, isSeq, type YAMLMap, type YAMLSeq } from 'yaml';
import type { SourceText } from './source-text.ts';
import { nodeStart, type AnyPair } from './yaml-nodes.ts';

export interface BlockLayout {
  /** Spaces per nesting level of mappings. */
  step: number;
  /** Extra spaces before "- " relative to the key that owns a sequence (0 for kubeadm's style). */
  seqIndent: number;
}

export function column(source: SourceText, offset: number): number {
  return source.position(offset).column - 1;
}

/** Text before the first item of a block sequence on its line, e.g. "    - ". */
export function itemPrefix(source: SourceText, seq: YAMLSeq): string | undefined {
  const first = seq.items[0] as YAMLMap | undefined;
  if (!first || seq.flow) return undefined;
  const start = nodeStart(first);
  const prefix = source.body.slice(source.lineStart(start), start);
  return /^ *- +$/.test(prefix) ? prefix : undefined;
}

/** Reads the layout from the first nested mapping and the first block sequence under a key. */
export function detectLayout(source: SourceText, root: YAMLMap): BlockLayout {
  let step: number | undefined;
  let seqIndent: number | undefined;
  const visit = (map: YAMLMap) => {
    for (const pair of map.items as AnyPair[]) {
      if (step !== undefined && seqIndent !== undefined) return;
      const keyColumn = column(source, nodeStart(pair));
      if (isMap(pair.value) && !pair.value.flow && pair.value.items.length > 0) {
        const childColumn = column(source, nodeStart(pair.value.items[0] as AnyPair));
        if (step === undefined && childColumn > keyColumn) step = childColumn - keyColumn;
        visit(pair.value);
      } else if (isSeq(pair.value)) {
        const prefix = itemPrefix(source, pair.value);
        if (prefix !== undefined && seqIndent === undefined) seqIndent = Math.max(0, prefix.indexOf('-') - keyColumn);
        for (const item of pair.value.items) if (isMap(item) && !item.flow) visit(item);
      }
    }
  };
  visit(root);
  return { step: step ?? 2, seqIndent: seqIndent ?? 0 };
}

export function spaces(count: number): string {
  return ' '.repeat(count);
}
