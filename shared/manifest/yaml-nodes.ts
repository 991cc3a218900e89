// Small typed accessors over the `yaml` AST, with the offsets we need to splice text.
import { isMap, isPair, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { ManifestRefusal } from './result.ts';

export type AnyPair = Pair<unknown, unknown>;

export function keyName(pair: AnyPair): string | undefined {
  return isScalar(pair.key) ? String(pair.key.value) : undefined;
}

export function findPair(map: YAMLMap, key: string): AnyPair | undefined {
  return (map.items as AnyPair[]).find((pair) => keyName(pair) === key);
}

export function getNode(map: YAMLMap, key: string): Node | undefined {
  const value = findPair(map, key)?.value;
  return value === null || value === undefined ? undefined : (value as Node);
}

export function getMap(map: YAMLMap, key: string): YAMLMap | undefined {
  const node = getNode(map, key);
  return isMap(node) ? node : undefined;
}

export function getSeq(map: YAMLMap, key: string): YAMLSeq | undefined {
  const node = getNode(map, key);
  return isSeq(node) ? node : undefined;
}

/** The text value of a scalar, as the apiserver would receive it (numbers keep their written form). */
export function scalarText(node: unknown): string | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined) return undefined;
  if (typeof node.value === 'string') return node.value;
  return (node as Scalar & { source?: string }).source ?? String(node.value);
}

export function getString(map: YAMLMap, key: string): string | undefined {
  return scalarText(getNode(map, key));
}

export function nodeStart(node: Node | AnyPair): number {
  const target = (isPair(node) ? node.key : node) as Node;
  const start = target.range?.[0];
  if (start === undefined) throw new Error('internal error: node without a source range');
  return start;
}

/** Offset just after the last character of real content in a node (ignores trailing comments and blank lines). */
export function contentEnd(node: Node | AnyPair): number {
  if (isPair(node)) {
    const value = node.value as Node | null;
    const valueEnd = value?.range ? contentEnd(value) : undefined;
    const keyEnd = contentEnd(node.key as Node);
    return valueEnd !== undefined && valueEnd > keyEnd ? valueEnd : keyEnd;
  }
  if ((isMap(node) || isSeq(node)) && !node.flow && node.items.length > 0) {
    return contentEnd(node.items[node.items.length - 1] as Node | AnyPair);
  }
  const end = node.range?.[1];
  if (end === undefined) throw new Error('internal error: node without a source range');
  return end;
}

/** Refuses flow-style (`[...]`, `{...}`, JSON) collections that would have to be edited. */
export function requireBlock(node: YAMLMap | YAMLSeq, what: string): void {
  if (node.flow && node.items.length > 0) {
    throw new ManifestRefusal(
      'unsupported-layout',
      `${what} is written in flow style ([...] or {...}); only block-style YAML can be edited`,
      node.range?.[0],
    );
  }
}

export function mapItems(seq: YAMLSeq | undefined): YAMLMap[] {
  return (seq?.items ?? []).filter((item): item is YAMLMap => isMap(item));
}

/** Offset of the last character of real content in a node: the line holding it is the node's last line. */
export function lastContentOffset(node: Node | AnyPair): number {
  return Math.max(contentEnd(node) - 1, nodeStart(node));
}
