// Applies model edits (PolicyEdit) to policy text by splicing only the affected spans, so comments, key order,
// quoting and all untouched formatting survive byte for byte. Each edit re-parses the text it edits.
//
// Conventions: comment lines directly above a rule, at the rule's dash indentation, belong to that rule and move
// or disappear with it. New lists are written in flow style with double quotes (`verbs: ["get"]`) and resources as
// `- group: ""` + `resources: [...]`, as the Kubernetes docs do; an edited value keeps its flow/block style and
// quoting. Inside flow (JSON-style) collections, edits are written as JSON.
import { isMap, isPair, isScalar, isSeq, stringify, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { parsePolicy, RULE_FIELDS } from './parse.ts';
import type { GroupResources, PolicyEdit, PolicyRule } from './types.ts';

export class PolicyEditError extends Error {}

const POLICY_KEY_ORDER = ['apiVersion', 'kind', 'metadata', 'omitStages', 'omitManagedFields', 'rules'];
const STRING_LIST_FIELDS = new Set(['users', 'userGroups', 'verbs', 'namespaces', 'nonResourceURLs', 'omitStages']);

type QuoteStyle = 'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE';

export function applyEdits(text: string, edits: readonly PolicyEdit[]): string {
  let current = text;
  for (const edit of edits) current = applyEdit(current, edit);
  return current;
}

export function applyEdit(text: string, edit: PolicyEdit): string {
  const editor = new TextEditor(text);
  switch (edit.op) {
    case 'setPolicyField':
      return editor.setField(editor.root(), edit.field, edit.value, POLICY_KEY_ORDER, 0);
    case 'setRuleField': {
      if (!(RULE_FIELDS as readonly string[]).includes(edit.field)) {
        throw new PolicyEditError(`"${edit.field}" is not a rule field`);
      }
      const rule = editor.ruleAt(edit.index);
      return editor.setField(rule, edit.field, edit.value, RULE_FIELDS, 1);
    }
    case 'addRule':
      return editor.addRule(edit.index, edit.rule);
    case 'removeRule':
      return editor.removeRule(edit.index);
    case 'moveRule':
      return editor.moveRule(edit.from, edit.to);
  }
}

/** Is `value` (a string) read back as the same string when written without quotes (YAML 1.1, like Go)? */
function plainSafe(value: string): boolean {
  if (value === '' || /[\n\r\t]/.test(value)) return false;
  return stringify(value, { version: '1.1' }).trimEnd() === value;
}

function quote(value: string, style: QuoteStyle): string {
  if (style === 'PLAIN' && plainSafe(value)) return value;
  if (style === 'QUOTE_SINGLE' && !/[\n\r\t]/.test(value)) return `'${value.replace(/'/g, "''")}'`;
  return JSON.stringify(value);
}

function flowList(values: readonly string[], style: QuoteStyle): string {
  return `[${values.map((value) => quote(value, style)).join(', ')}]`;
}

function isEmptyValue(field: string, value: unknown): boolean {
  return value === undefined || value === null || (Array.isArray(value) && value.length === 0 && field !== 'rules');
}

function checkValue(field: string, value: unknown): void {
  if (isEmptyValue(field, value)) return;
  const fail = (what: string) => {
    throw new PolicyEditError(`"${field}" must be ${what}`);
  };
  if (STRING_LIST_FIELDS.has(field)) {
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) fail('a list of strings');
  } else if (field === 'resources') {
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'object' || v === null)) {
      fail('a list of {group, resources, resourceNames}');
    }
  } else if (field === 'omitManagedFields') {
    if (typeof value !== 'boolean') fail('true, false or undefined');
  } else if (field === 'level') {
    if (typeof value !== 'string') fail('a string');
  } else {
    throw new PolicyEditError(`"${field}" cannot be edited`);
  }
}

function groupResources(value: Partial<GroupResources>): GroupResources {
  return { group: value.group ?? '', resources: value.resources ?? [], resourceNames: value.resourceNames ?? [] };
}

/** A rule as JSON text (for flow collections), fields in the canonical order, empty ones left out. */
function ruleJson(rule: Partial<PolicyRule>): string {
  const parts: string[] = [];
  for (const field of RULE_FIELDS) {
    const value = rule[field];
    if (isEmptyValue(field, value)) continue;
    parts.push(`${JSON.stringify(field)}: ${valueJson(field, value)}`);
  }
  return `{${parts.join(', ')}}`;
}

function valueJson(field: string, value: unknown): string {
  if (field === 'rules') return `[${(value as (Partial<PolicyRule> & { level: string })[]).map(ruleJson).join(', ')}]`;
  if (field === 'resources') {
    return `[${(value as Partial<GroupResources>[])
      .map((entry) => {
        const g = groupResources(entry);
        const parts = [`"group": ${JSON.stringify(g.group)}`];
        if (g.resources.length > 0) parts.push(`"resources": ${flowList(g.resources, 'QUOTE_DOUBLE')}`);
        if (g.resourceNames.length > 0) parts.push(`"resourceNames": ${flowList(g.resourceNames, 'QUOTE_DOUBLE')}`);
        return `{${parts.join(', ')}}`;
      })
      .join(', ')}]`;
  }
  if (Array.isArray(value)) return flowList(value as string[], 'QUOTE_DOUBLE');
  return JSON.stringify(value);
}

/** Block lines for a resources list; each line without the leading indentation. */
function resourcesBlock(entries: readonly Partial<GroupResources>[]): string[] {
  const lines: string[] = [];
  for (const entry of entries) {
    const g = groupResources(entry);
    lines.push(`- group: ${JSON.stringify(g.group)}`);
    if (g.resources.length > 0) lines.push(`  resources: ${flowList(g.resources, 'QUOTE_DOUBLE')}`);
    if (g.resourceNames.length > 0) lines.push(`  resourceNames: ${flowList(g.resourceNames, 'QUOTE_DOUBLE')}`);
  }
  return lines;
}

class TextEditor {
  private readonly parsed;
  private readonly lineStarts: number[];

  constructor(readonly text: string) {
    this.parsed = parsePolicy(text);
    if (
      !this.parsed.document ||
      this.parsed.diagnostics.some((d) => d.code === 'yaml-syntax' || d.code === 'unsupported-document')
    ) {
      const reason = this.parsed.diagnostics.find((d) => d.severity === 'error')?.message ?? 'not a policy';
      throw new PolicyEditError(`cannot edit this text: ${reason}`);
    }
    this.lineStarts = this.parsed.lineCounter.lineStarts;
  }

  root(): YAMLMap {
    const contents = this.parsed.document!.contents;
    if (!isMap(contents)) throw new PolicyEditError('cannot edit this text: it is not a Policy mapping');
    return contents;
  }

  rulesSeq(): YAMLSeq | null {
    const value = this.pair(this.root(), 'rules')?.value;
    return isSeq(value) ? value : null;
  }

  ruleAt(index: number): YAMLMap {
    const item = this.rulesSeq()?.items[index];
    if (!isMap(item)) throw new PolicyEditError(`there is no rule ${index} (or it is not a mapping)`);
    return item;
  }

  private pair(map: YAMLMap, key: string): Pair<Node, Node | null> | undefined {
    let found: Pair<Node, Node | null> | undefined;
    for (const pair of map.items) {
      if (isScalar(pair.key) && pair.key.value === key) found = pair as Pair<Node, Node | null>;
    }
    return found;
  }

  // ---- line helpers -------------------------------------------------------------------------------------------

  /** 0-based line of an offset. */
  private lineOf(offset: number): number {
    return this.parsed.lineCounter.linePos(offset).line - 1;
  }
  private lineStart(line: number): number {
    return line < this.lineStarts.length ? this.lineStarts[line]! : this.text.length;
  }
  private lineText(line: number): string {
    const end = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1]! - 1 : this.text.length;
    return this.text.slice(this.lineStarts[line]!, end).replace(/\r$/, '');
  }
  private indentOf(line: number): number {
    return /^ */.exec(this.lineText(line))![0].length;
  }
  private isComment(line: number): boolean {
    return line >= 0 && line < this.lineStarts.length && this.lineText(line).trimStart().startsWith('#');
  }
  /** Offset just after the last non-blank character of `node`'s value. */
  private contentEnd(node: Node): number {
    let end = node.range![1];
    while (end > node.range![0] && /\s/.test(this.text[end - 1]!)) end--;
    return end;
  }
  private column(offset: number): number {
    return offset - this.lineStart(this.lineOf(offset));
  }
  private splice(start: number, end: number, insert: string): string {
    return this.text.slice(0, start) + insert + this.text.slice(end);
  }

  // ---- fields -------------------------------------------------------------------------------------------------

  setField(map: YAMLMap, field: string, value: unknown, order: readonly string[], depth: number): string {
    checkValue(field, value);
    const pair = this.pair(map, field);
    const empty = isEmptyValue(field, value);
    if (map.flow) {
      if (pair) return empty ? this.removeFlowItem(map, pair) : this.replaceValue(pair, field, value, true);
      if (empty) return this.text;
      return this.insertFlowPair(map, field, valueJson(field, value), order);
    }
    if (pair) return empty ? this.removeBlockPair(map, pair) : this.replaceValue(pair, field, value, false);
    if (empty) return this.text;
    return this.insertBlockPair(map, field, value, order, depth);
  }

  private replaceValue(pair: Pair<Node, Node | null>, field: string, value: unknown, inFlow: boolean): string {
    const key = pair.key;
    const old = pair.value;
    if (inFlow) {
      if (old && old.range && old.range[1] > old.range[0]) {
        return this.splice(old.range[0], this.contentEnd(old), valueJson(field, value));
      }
      return this.splice(
        key.range![0],
        key.range![1],
        `${this.text.slice(key.range![0], key.range![1])}: ${valueJson(field, value)}`,
      );
    }
    const keyColumn = this.column(key.range![0]);
    const keyText = this.text.slice(key.range![0], key.range![1]);
    const hasValueText = old !== null && !!old.range && old.range[1] > old.range[0] && old.range[0] >= key.range![1];
    const end = hasValueText ? this.contentEnd(old!) : this.text.indexOf(':', key.range![1]) + 1;
    const rendered = this.renderAfterColon(field, value, old, keyColumn);
    return this.splice(key.range![0], end, `${keyText}:${rendered}`);
  }

  /** The text after `key:` for a block mapping, keeping the old value's style where there was one. */
  private renderAfterColon(field: string, value: unknown, old: Node | null, keyColumn: number): string {
    if (field === 'resources') {
      if (old && isSeq(old) && old.flow) return ` ${valueJson(field, value)}`;
      const dashColumn =
        old && isSeq(old) && !old.flow ? this.column(old.range![0]) : keyColumn + this.sequenceIndent();
      const indent = ' '.repeat(dashColumn);
      return (
        '\n' +
        resourcesBlock(value as Partial<GroupResources>[])
          .map((line) => indent + line)
          .join('\n')
      );
    }
    if (Array.isArray(value)) {
      const values = value as string[];
      if (old && isSeq(old) && !old.flow && old.items.length > 0) {
        const indent = ' '.repeat(this.column(old.range![0]));
        const style = this.quoteStyleOf(old);
        return '\n' + values.map((v) => `${indent}- ${quote(v, style)}`).join('\n');
      }
      return ` ${flowList(values, old && isSeq(old) ? this.quoteStyleOf(old) : 'QUOTE_DOUBLE')}`;
    }
    if (typeof value === 'boolean') return ` ${value}`;
    const style = old && isScalar(old) ? (old.type as QuoteStyle) : 'PLAIN';
    return ` ${quote(String(value), style === 'QUOTE_DOUBLE' || style === 'QUOTE_SINGLE' ? style : 'PLAIN')}`;
  }

  private quoteStyleOf(seq: YAMLSeq): QuoteStyle {
    const first = seq.items.find((item) => isScalar(item));
    const type = first && isScalar(first) ? first.type : undefined;
    return type === 'PLAIN' || type === 'QUOTE_SINGLE' ? type : 'QUOTE_DOUBLE';
  }

  /** Deletes the pair's lines; a pair on a rule's dash line hands the dash line to the next pair. */
  private removeBlockPair(map: YAMLMap, pair: Pair<Node, Node | null>): string {
    const keyStart = pair.key.range![0];
    const keyLine = this.lineOf(keyStart);
    const valueEnd = pair.value?.range ? Math.max(this.contentEnd(pair.value), pair.key.range![1]) : pair.key.range![1];
    let lastLine = this.lineOf(valueEnd);
    const ownLine = this.lineText(keyLine).slice(0, this.column(keyStart)).trim() === '';
    if (ownLine) {
      const keyColumn = this.column(keyStart);
      let first = keyLine;
      while (this.isComment(first - 1) && this.indentOf(first - 1) === keyColumn) first--;
      while (this.isComment(lastLine + 1) && this.indentOf(lastLine + 1) > keyColumn) lastLine++;
      return this.deleteLines(first, lastLine);
    }
    // The key follows "- " on the dash line.
    const index = map.items.indexOf(pair as Pair);
    const next = map.items[index + 1] as Pair<Node> | undefined;
    if (!next) return this.splice(keyStart, this.lineEndOf(lastLine), '{}');
    const nextStart = next.key.range![0];
    const nextLine = this.lineOf(nextStart);
    const between = this.text.slice(this.lineStart(lastLine + 1), this.lineStart(nextLine));
    if (between.trim() === '') return this.splice(keyStart, nextStart, '');
    // Comments sit between: keep them, leaving the dash alone on its line.
    let dashEnd = keyStart;
    while (dashEnd > 0 && this.text[dashEnd - 1] === ' ') dashEnd--;
    lastLine = this.lineOf(valueEnd);
    return this.splice(dashEnd, this.lineEndOf(lastLine), '');
  }

  private isBlank(line: number): boolean {
    return line >= 0 && line < this.lineStarts.length && this.lineText(line).trim() === '';
  }

  /** Deletes whole lines first..last; when that leaves two blank lines in a row, one of them goes too. */
  private deleteLines(first: number, last: number): string {
    if (this.isBlank(first - 1) && this.isBlank(last + 1) && last + 1 < this.lineStarts.length - 1) last++;
    return this.splice(this.lineStart(first), this.lineStart(last + 1), '');
  }

  private lineEndOf(line: number): number {
    return line + 1 < this.lineStarts.length ? this.lineStarts[line + 1]! - 1 : this.text.length;
  }

  private insertBlockPair(
    map: YAMLMap,
    field: string,
    value: unknown,
    order: readonly string[],
    depth: number,
  ): string {
    const position = order.indexOf(field);
    const later = map.items.find((p) => {
      const key = isScalar(p.key) ? String(p.key.value) : '';
      const at = order.indexOf(key);
      return at > position;
    }) as Pair<Node, Node | null> | undefined;
    const firstKey = map.items[0]?.key as Node | undefined;
    const keyColumn = firstKey?.range ? this.column(firstKey.range[0]) : depth * 2;
    const pairText = `${field}:${this.renderAfterColon(field, value, null, keyColumn)}`;
    if (later) {
      const keyStart = later.key.range![0];
      const keyLine = this.lineOf(keyStart);
      const ownLine = this.lineText(keyLine).slice(0, this.column(keyStart)).trim() === '';
      if (!ownLine) return this.splice(keyStart, keyStart, `${pairText}\n${' '.repeat(keyColumn)}`);
      let line = keyLine;
      while (this.isComment(line - 1) && this.indentOf(line - 1) === keyColumn) line--;
      return this.splice(this.lineStart(line), this.lineStart(line), `${' '.repeat(keyColumn)}${pairText}\n`);
    }
    const last = map.items[map.items.length - 1] as Pair<Node, Node | null> | undefined;
    if (!last) {
      // An empty block map only happens for the root; append.
      const sep = this.text.length === 0 || this.text.endsWith('\n') ? '' : '\n';
      return this.text + sep + pairText + '\n';
    }
    const lastEnd = last.value?.range ? Math.max(this.contentEnd(last.value), last.key.range![1]) : last.key.range![1];
    const insertAt = this.lineEndOf(this.lineOf(lastEnd));
    return this.splice(insertAt, insertAt, `\n${' '.repeat(keyColumn)}${pairText}`);
  }

  private insertFlowPair(map: YAMLMap, field: string, renderedValue: string, order: readonly string[]): string {
    const firstKey = map.items[0]?.key;
    const quotedKeys = isScalar(firstKey) && firstKey.type === 'QUOTE_DOUBLE';
    const pairText = `${quotedKeys ? JSON.stringify(field) : field}: ${renderedValue}`;
    const position = order.indexOf(field);
    const later = map.items.find((p) => order.indexOf(isScalar(p.key) ? String(p.key.value) : '') > position) as
      Pair<Node> | undefined;
    if (later) return this.splice(later.key.range![0], later.key.range![0], `${pairText}, `);
    const last = map.items[map.items.length - 1] as Pair<Node, Node | null> | undefined;
    if (!last) {
      const open = map.range![0] + 1;
      return this.splice(open, open, pairText);
    }
    const end = last.value?.range ? this.contentEnd(last.value) : last.key.range![1];
    return this.splice(end, end, `, ${pairText}`);
  }

  /** Removes an item of a flow map or sequence together with one separating comma. */
  private removeFlowItem(collection: YAMLMap | YAMLSeq, item: Pair<Node, Node | null> | Node): string {
    const items = collection.items as unknown[];
    const index = items.indexOf(item);
    const [start, end] = this.flowItemSpan(item);
    const next = items[index + 1] as Pair<Node, Node | null> | Node | undefined;
    if (next) return this.splice(start, this.flowItemSpan(next)[0], '');
    const previous = items[index - 1] as Pair<Node, Node | null> | Node | undefined;
    if (previous) return this.splice(this.flowItemSpan(previous)[1], end, '');
    return this.splice(start, end, '');
  }

  private flowItemSpan(item: Pair<Node, Node | null> | Node): [number, number] {
    if (isPair(item)) {
      const pair = item as Pair<Node, Node | null>;
      const end = pair.value?.range ? this.contentEnd(pair.value) : pair.key.range![1];
      return [pair.key.range![0], end];
    }
    const node = item as Node;
    return [node.range![0], this.contentEnd(node)];
  }

  // ---- rules --------------------------------------------------------------------------------------------------

  /** [start, end) of rule `index` in a block sequence: attached comment lines, the dash line, the rest. */
  private ruleSpan(seq: YAMLSeq, index: number): [number, number] {
    const item = seq.items[index] as Node;
    const dashLine = this.lineOf(item.range![0]);
    const dashIndent = this.indentOf(dashLine);
    let first = dashLine;
    while (this.isComment(first - 1) && this.indentOf(first - 1) === dashIndent) first--;
    let last = this.lineOf(Math.max(this.contentEnd(item), item.range![0]));
    while (this.isComment(last + 1) && this.indentOf(last + 1) > dashIndent) last++;
    return [this.lineStart(first), this.lineStart(last + 1)];
  }

  private ruleBlock(rule: Partial<PolicyRule> & { level: string }, dashColumn: number, seqIndent: number): string {
    const lines: string[] = [];
    for (const field of RULE_FIELDS) {
      const value = rule[field];
      if (isEmptyValue(field, value)) continue;
      checkValue(field, value);
      if (field === 'resources') {
        lines.push('resources:');
        for (const line of resourcesBlock(value as GroupResources[])) lines.push(' '.repeat(seqIndent) + line);
      } else if (Array.isArray(value)) lines.push(`${field}: ${flowList(value as string[], 'QUOTE_DOUBLE')}`);
      else if (typeof value === 'boolean') lines.push(`${field}: ${value}`);
      else lines.push(`${field}: ${quote(String(value), 'PLAIN')}`);
    }
    if (lines.length === 0) lines.push('{}');
    const pad = ' '.repeat(dashColumn);
    return lines.map((line, i) => (i === 0 ? `${pad}- ${line}` : `${pad}  ${line}`)).join('\n') + '\n';
  }

  /** How far nested sequences are indented under their key in this file (0 = docs style, 2 = GCE style). */
  private sequenceIndent(): number {
    const rulesPair = this.pair(this.root(), 'rules');
    const seq = rulesPair?.value;
    if (!rulesPair || !isSeq(seq) || seq.flow || seq.items.length === 0) return 2;
    return Math.max(0, this.column((seq.items[0] as Node).range![0]) - 2 - this.column(rulesPair.key.range![0]));
  }

  addRule(index: number, rule: Partial<PolicyRule> & { level: string }): string {
    if (typeof rule?.level !== 'string') throw new PolicyEditError('a new rule needs a level');
    const root = this.root();
    const rulesPair = this.pair(root, 'rules');
    const seq = rulesPair?.value;
    const count = isSeq(seq) ? seq.items.length : 0;
    if (!Number.isInteger(index) || index < 0 || index > count) {
      throw new PolicyEditError(`cannot add a rule at ${index}: the policy has ${count} rule(s)`);
    }
    // An empty `rules: []` in a block document becomes a block sequence; a non-empty flow list stays flow.
    if (root.flow || (isSeq(seq) && seq.flow && count > 0)) {
      if (!isSeq(seq)) {
        if (rulesPair) return this.replaceValue(rulesPair, 'rules', [rule], true);
        return this.insertFlowPair(root, 'rules', `[${ruleJson(rule)}]`, POLICY_KEY_ORDER);
      }
      const json = ruleJson(rule);
      if (index < count) {
        const start = this.flowItemSpan(seq.items[index] as Node)[0];
        return this.splice(start, start, `${json}, `);
      }
      if (count === 0) return this.splice(seq.range![0] + 1, seq.range![0] + 1, json);
      const end = this.flowItemSpan(seq.items[count - 1] as Node)[1];
      return this.splice(end, end, `, ${json}`);
    }
    if (!isSeq(seq) || count === 0) {
      // No rules yet (absent, null or []): write a block sequence.
      const keyColumn = rulesPair ? this.column(rulesPair.key.range![0]) : 0;
      const block = this.ruleBlock(rule, keyColumn + 2, 2).replace(/\n$/, '');
      if (rulesPair) {
        const keyText = this.text.slice(rulesPair.key.range![0], rulesPair.key.range![1]);
        const end =
          rulesPair.value?.range && rulesPair.value.range[1] > rulesPair.value.range[0]
            ? this.contentEnd(rulesPair.value)
            : this.text.indexOf(':', rulesPair.key.range![1]) + 1;
        return this.splice(rulesPair.key.range![0], end, `${keyText}:\n${block}`);
      }
      const sep = this.text === '' || this.text.endsWith('\n') ? '' : '\n';
      return this.text + sep + `rules:\n${block}\n`;
    }
    const reference = seq.items[Math.min(index, count - 1)] as Node;
    const dashColumn = this.indentOf(this.lineOf(reference.range![0]));
    const block = this.ruleBlock(rule, dashColumn, this.sequenceIndent());
    if (index < count) {
      const start = this.ruleSpan(seq, index)[0];
      return this.splice(start, start, block);
    }
    const end = this.ruleSpan(seq, count - 1)[1];
    const sep = end === this.text.length && !this.text.endsWith('\n') ? '\n' : '';
    return this.splice(end, end, sep + block);
  }

  removeRule(index: number): string {
    const seq = this.rulesSeq();
    if (!seq || !Number.isInteger(index) || index < 0 || index >= seq.items.length) {
      throw new PolicyEditError(`there is no rule ${index}`);
    }
    if (seq.flow) return this.removeFlowItem(seq, seq.items[index] as Node);
    const [start, end] = this.ruleSpan(seq, index);
    return this.deleteLines(
      this.lineOf(start),
      this.lineOf(end) - (end === this.text.length && !this.text.endsWith('\n') ? 0 : 1),
    );
  }

  moveRule(from: number, to: number): string {
    const seq = this.rulesSeq();
    const count = seq?.items.length ?? 0;
    for (const [name, value] of [
      ['from', from],
      ['to', to],
    ] as const) {
      if (!Number.isInteger(value) || value < 0 || value >= count) {
        throw new PolicyEditError(`cannot move rule: ${name}=${value} but the policy has ${count} rule(s)`);
      }
    }
    if (from === to) return this.text;
    if (seq!.flow) {
      const [start, end] = this.flowItemSpan(seq!.items[from] as Node);
      const json = this.text.slice(start, end);
      const without = new TextEditor(this.removeFlowItem(seq!, seq!.items[from] as Node));
      const rules = without.rulesSeq()!;
      if (to < rules.items.length) {
        const at = without.flowItemSpan(rules.items[to] as Node)[0];
        return without.splice(at, at, `${json}, `);
      }
      const at = without.flowItemSpan(rules.items[rules.items.length - 1] as Node)[1];
      return without.splice(at, at, `, ${json}`);
    }
    const [start, end] = this.ruleSpan(seq!, from);
    let block = this.text.slice(start, end);
    if (!block.endsWith('\n')) block += '\n';
    const without = new TextEditor(this.splice(start, end, ''));
    const rules = without.rulesSeq()!;
    if (to < rules.items.length) {
      const at = without.ruleSpan(rules, to)[0];
      return without.splice(at, at, block);
    }
    const at = without.ruleSpan(rules, rules.items.length - 1)[1];
    const sep = at === without.text.length && !without.text.endsWith('\n') ? '\n' : '';
    return without.splice(at, at, sep + block);
  }
}
