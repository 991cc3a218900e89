// Edits on block-style YAML expressed as whole-line insertions and removals, so untouched lines stay byte-identical.
import { isMap, isScalar, isSeq, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import type { SourceText } from './source-text.ts';
import { insertLinesAfter, insertLinesBefore, removeLines, type TextEdit } from './text-edits.ts';
import { lastContentOffset, nodeStart, requireBlock, type AnyPair } from './yaml-nodes.ts';

export function replaceNode(node: Node, text: string): TextEdit {
  const range = node.range;
  if (!range) throw new Error('internal error: node without a source range');
  return { start: range[0], end: range[1], text };
}

/** Removes the lines of items first..last of a block sequence (inclusive). */
export function removeItems(source: SourceText, first: Node, last: Node = first): TextEdit {
  return removeLines(source, nodeStart(first), lastContentOffset(last));
}

/** Appends lines after the last item of a non-empty block sequence. */
export function appendToSeq(source: SourceText, seq: YAMLSeq, what: string, lines: readonly string[]): TextEdit {
  requireBlock(seq, what);
  return insertLinesAfter(source, lastContentOffset(seq), lines);
}

/** Appends lines after the last pair of a non-empty block mapping. */
export function appendToMap(source: SourceText, map: YAMLMap, what: string, lines: readonly string[]): TextEdit {
  requireBlock(map, what);
  return insertLinesAfter(source, lastContentOffset(map), lines);
}

/** Inserts lines before the first pair of a block mapping that does not start a sequence item. */
export function prependToMap(source: SourceText, map: YAMLMap, lines: readonly string[]): TextEdit {
  return insertLinesBefore(source, nodeStart(map.items[0] as AnyPair), lines);
}

/** True when a pair's value is absent, null or an empty flow collection (`[]`, `{}`). */
export function isEmptyValue(pair: AnyPair): boolean {
  const value = pair.value;
  if (value === null || value === undefined) return true;
  if (isScalar(value)) return value.value === null;
  return (isMap(value) || isSeq(value)) && value.items.length === 0;
}

/** Gives an empty-valued key (`key:`, `key: []`, `key: {}`) a block value made of `lines`. */
export function fillEmptyValue(source: SourceText, pair: AnyPair, lines: readonly string[]): TextEdit[] {
  const edits: TextEdit[] = [];
  const value = pair.value as Node | null;
  const keyEnd = (pair.key as Node).range![1];
  if ((isMap(value) || isSeq(value)) && value.range) {
    const colon = source.body.indexOf(':', keyEnd);
    edits.push({ start: colon + 1, end: value.range[1], text: '' });
  }
  edits.push(insertLinesAfter(source, keyEnd, lines));
  return edits;
}

/** Removes a key and its whole value; on a line that also opens a sequence item, empties it instead. */
export function removePair(source: SourceText, pair: AnyPair, emptyText: '[]' | '{}'): TextEdit {
  const keyStart = nodeStart(pair);
  const before = source.body.slice(source.lineStart(keyStart), keyStart);
  if (/^ *$/.test(before)) return removeLines(source, keyStart, lastContentOffset(pair));
  return emptyPairValue(source, pair, emptyText);
}

/** Replaces a key's whole value with `[]` or `{}`, keeping the key. */
export function emptyPairValue(source: SourceText, pair: AnyPair, emptyText: '[]' | '{}'): TextEdit {
  const colon = source.body.indexOf(':', (pair.key as Node).range![1]);
  return { start: colon + 1, end: lastContentOffset(pair) + 1, text: ' ' + emptyText };
}
