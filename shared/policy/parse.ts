// Parses policy text (YAML or JSON) into the normalised Policy model, keeping the YAML Document for positions.
// Decoding mimics the apiserver (sigs.k8s.io/yaml = YAML 1.1 → JSON → case-sensitive struct decoding):
// unknown fields and duplicate keys are reported as warnings (the apiserver ignores them after 1.26),
// wrong types as errors (the apiserver's decoder refuses them).
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments } from 'yaml';
import type { Document, Node, Pair, YAMLMap } from 'yaml';
import type { Diagnostic, GroupResources, Policy, PolicyRule, SourceRange } from './types.ts';

const MAX_SYNTAX_ERRORS = 5;

export type PolicyPath = (string | number)[];

export interface ParsedPolicy {
  text: string;
  /** null when the text is not a YAML/JSON mapping at all (syntax error, multi-document, a list...). */
  policy: Policy | null;
  /** YAML syntax errors (severity error, code 'yaml-syntax'), multi-document / kind: List ('unsupported-document'),
   *  and strict-decoding warnings: unknown or misspelled fields with "did you mean" ('unknown-field'), duplicate keys ('duplicate-key'), wrong types ('wrong-type'). */
  diagnostics: Diagnostic[];
  /** The parsed YAML document (null for multi-document input). */
  document: Document | null;
  lineCounter: LineCounter;
}

export const POLICY_FIELDS = ['apiVersion', 'kind', 'metadata', 'rules', 'omitStages', 'omitManagedFields'] as const;
export const RULE_FIELDS = [
  'level',
  'users',
  'userGroups',
  'verbs',
  'resources',
  'namespaces',
  'nonResourceURLs',
  'omitStages',
  'omitManagedFields',
] as const;
export const GROUP_RESOURCES_FIELDS = ['group', 'resources', 'resourceNames'] as const;

/** YAML 1.1 like Go's sigs.k8s.io/yaml, so `yes`/`on` are booleans there too. */
export const YAML_OPTIONS = { version: '1.1', uniqueKeys: false, keepSourceTokens: false } as const;

/** "rules[0].resources[1].group" from ['rules', 0, 'resources', 1, 'group']. */
export function formatPath(path: PolicyPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

export function emptyRule(level = ''): PolicyRule {
  return {
    level,
    users: [],
    userGroups: [],
    verbs: [],
    resources: [],
    namespaces: [],
    nonResourceURLs: [],
    omitStages: [],
  };
}

export function parsePolicy(text: string): ParsedPolicy {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { ...YAML_OPTIONS, lineCounter });
  const parsed: ParsedPolicy = { text, policy: null, diagnostics: [], document: null, lineCounter };
  const toRange = (start: number, end: number): SourceRange => offsetRange(lineCounter, start, end);

  if (documents.length === 0) {
    // An EmptyStream: nothing but whitespace / comments.
    parsed.diagnostics.push(documentError('the file is empty: expected a Policy mapping', toRange(0, 0)));
    return parsed;
  }
  const withContent = documents.filter((doc) => doc.contents !== null);
  if (withContent.length > 1) {
    const second = withContent[1]!;
    const start = second.range[0];
    parsed.diagnostics.push(
      documentError(
        `the file holds ${withContent.length} YAML documents (separated by "---"); a policy file must hold exactly one Policy`,
        toRange(start, start),
      ),
    );
    return parsed;
  }
  const document = withContent[0] ?? documents[0]!;
  parsed.document = document;
  // One syntax error often cascades into dozens; the first few locate the problem.
  const shownErrors = document.errors.slice(0, MAX_SYNTAX_ERRORS);
  for (const error of shownErrors) {
    parsed.diagnostics.push({
      code: 'yaml-syntax',
      severity: 'error',
      message: `YAML syntax error: ${firstLine(error.message)}`,
      range: toRange(error.pos[0], error.pos[1]),
    });
  }
  if (document.errors.length > MAX_SYNTAX_ERRORS) {
    const last = document.errors[MAX_SYNTAX_ERRORS]!;
    parsed.diagnostics.push({
      code: 'yaml-syntax',
      severity: 'error',
      message: `${document.errors.length - MAX_SYNTAX_ERRORS} more YAML syntax error(s) follow from the ones above`,
      range: toRange(last.pos[0], last.pos[1]),
    });
  }
  if (document.errors.length > 0) return parsed;

  const contents = resolve(document, document.contents as Node | null);
  if (contents === null || (isScalar(contents) && contents.value === null)) {
    parsed.diagnostics.push(documentError('the file is empty: expected a Policy mapping', toRange(0, 0)));
    return parsed;
  }
  if (!isMap(contents)) {
    const what = isSeq(contents) ? 'a list' : 'a single value';
    parsed.diagnostics.push(
      documentError(`the file holds ${what}, not a Policy mapping`, nodeRange(lineCounter, contents)),
    );
    return parsed;
  }
  const decoder = new Decoder(document, lineCounter, parsed.diagnostics);
  const policy = decoder.policy(contents);
  if (policy.kind === 'List') {
    parsed.diagnostics.push(
      documentError(
        'kind: List is not supported: the apiserver reads a single Policy object (apiVersion: audit.k8s.io/v1, kind: Policy)',
        decoder.rangeAt(contents, 'kind'),
      ),
    );
  } else {
    parsed.policy = policy;
  }
  // Report in reading order, not in the decoder's field order.
  const at = (d: Diagnostic) => (d.range ? d.range.start.line * 1e6 + d.range.start.column : 0);
  parsed.diagnostics.sort((a, b) => at(a) - at(b));
  return parsed;
}

/** 1-based range of the node at a JSON path like ['rules', 0, 'level'] (or of the nearest existing parent). */
export function rangeOf(parsed: ParsedPolicy, path: PolicyPath): SourceRange | undefined {
  const node = nodeAt(parsed, path);
  return node ? nodeRange(parsed.lineCounter, node) : undefined;
}

/** Range of the key of the pair at `path` (falls back to rangeOf when the last segment is not a present map key). */
export function keyRangeOf(parsed: ParsedPolicy, path: PolicyPath): SourceRange | undefined {
  const last = path[path.length - 1];
  if (typeof last === 'string' && parsed.document) {
    const parent = nodeAt(parsed, path.slice(0, -1), true);
    if (parent && isMap(parent)) {
      const pair = findPair(parent, last);
      if (pair && pair.key) return nodeRange(parsed.lineCounter, pair.key as Node);
    }
  }
  return rangeOf(parsed, path);
}

/** The YAML node at `path`, or the nearest existing parent unless `exact`. */
export function nodeAt(parsed: ParsedPolicy, path: PolicyPath, exact = false): Node | undefined {
  const document = parsed.document;
  if (!document) return undefined;
  let node = resolve(document, document.contents as Node | null);
  if (!node) return undefined;
  for (const segment of path) {
    let next: Node | null = null;
    if (typeof segment === 'number' && isSeq(node)) {
      next = resolve(document, (node.items[segment] as Node | undefined) ?? null);
    } else if (typeof segment === 'string' && isMap(node)) {
      const pair = findPair(node, segment);
      next = pair ? resolve(document, (pair.value as Node | null) ?? null) : null;
    }
    if (!next || !next.range) return exact ? undefined : node;
    node = next;
  }
  return node;
}

/** Last pair with that key (the decoder lets a later duplicate win, as Go's JSON decoding does). */
export function findPair(map: YAMLMap, key: string): Pair | undefined {
  let found: Pair | undefined;
  for (const pair of map.items) if (keyString(pair) === key) found = pair as Pair;
  return found;
}

export function offsetRange(lineCounter: LineCounter, start: number, end: number): SourceRange {
  const a = lineCounter.linePos(start);
  const b = lineCounter.linePos(end);
  return { start: { line: a.line, column: a.col }, end: { line: b.line, column: b.col } };
}

export function nodeRange(lineCounter: LineCounter, node: Node): SourceRange | undefined {
  if (!node.range) return undefined;
  return offsetRange(lineCounter, node.range[0], node.range[1]);
}

function documentError(message: string, range: SourceRange | undefined): Diagnostic {
  return { code: 'unsupported-document', severity: 'error', message, ...(range ? { range } : {}) };
}

/** The yaml package appends "at line L, column C:" and a code excerpt; the range carries the position instead. */
function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

function resolve(document: Document, node: Node | null): Node | null {
  if (node && isAlias(node)) return (node.resolve(document) as Node | undefined) ?? null;
  return node;
}

function keyString(pair: Pair): string | undefined {
  const key = pair.key as unknown;
  if (isScalar(key)) return key.value === null ? '' : String(key.value);
  return undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** Closest known field for a misspelling: same letters in another case, a missing plural "s", or ≤2 edits. */
export function suggestField(unknown: string, known: readonly string[]): string | undefined {
  const lower = unknown.toLowerCase();
  const caseOnly = known.find((field) => field.toLowerCase() === lower);
  if (caseOnly) return caseOnly;
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(unknown.length / 4)) + 1;
  for (const field of known) {
    const distance = editDistance(lower, field.toLowerCase());
    if (distance < bestDistance) {
      best = field;
      bestDistance = distance;
    }
  }
  return best;
}

/** Walks the YAML nodes and builds the Policy the way Go's decoder would, collecting findings. */
class Decoder {
  constructor(
    private readonly document: Document,
    private readonly lineCounter: LineCounter,
    private readonly diagnostics: Diagnostic[],
  ) {}

  rangeAt(map: YAMLMap, key: string): SourceRange | undefined {
    const pair = findPair(map, key);
    const node = (pair?.value ?? pair?.key ?? map) as Node;
    return nodeRange(this.lineCounter, node);
  }

  policy(map: YAMLMap): Policy {
    const fields = this.fields(map, [], POLICY_FIELDS, 'the policy');
    const rulesNode = fields.get('rules');
    return {
      apiVersion: this.string(fields.get('apiVersion'), ['apiVersion']),
      kind: this.string(fields.get('kind'), ['kind']),
      rules: this.list(rulesNode, ['rules'], (node, path) => this.rule(node, path)),
      omitStages: this.strings(fields.get('omitStages'), ['omitStages']),
      omitManagedFields: this.bool(fields.get('omitManagedFields'), ['omitManagedFields']) ?? false,
    };
  }

  private rule(node: Node | null, path: PolicyPath): PolicyRule {
    const rule = emptyRule();
    if (node === null || this.isNull(node)) return rule;
    if (!isMap(node)) {
      this.wrongType(node, path, 'a rule mapping');
      return rule;
    }
    const fields = this.fields(node, path, RULE_FIELDS, 'a rule');
    rule.level = this.string(fields.get('level'), [...path, 'level']);
    rule.users = this.strings(fields.get('users'), [...path, 'users']);
    rule.userGroups = this.strings(fields.get('userGroups'), [...path, 'userGroups']);
    rule.verbs = this.strings(fields.get('verbs'), [...path, 'verbs']);
    rule.resources = this.list(fields.get('resources'), [...path, 'resources'], (item, itemPath) =>
      this.groupResources(item, itemPath),
    );
    rule.namespaces = this.strings(fields.get('namespaces'), [...path, 'namespaces']);
    rule.nonResourceURLs = this.strings(fields.get('nonResourceURLs'), [...path, 'nonResourceURLs']);
    rule.omitStages = this.strings(fields.get('omitStages'), [...path, 'omitStages']);
    const omitManagedFields = this.bool(fields.get('omitManagedFields'), [...path, 'omitManagedFields']);
    if (omitManagedFields !== undefined) rule.omitManagedFields = omitManagedFields;
    return rule;
  }

  private groupResources(node: Node | null, path: PolicyPath): GroupResources {
    const entry: GroupResources = { group: '', resources: [], resourceNames: [] };
    if (node === null || this.isNull(node)) return entry;
    if (!isMap(node)) {
      this.wrongType(node, path, 'a mapping with group/resources/resourceNames');
      return entry;
    }
    const fields = this.fields(node, path, GROUP_RESOURCES_FIELDS, 'a resources entry');
    entry.group = this.string(fields.get('group'), [...path, 'group']);
    entry.resources = this.strings(fields.get('resources'), [...path, 'resources']);
    entry.resourceNames = this.strings(fields.get('resourceNames'), [...path, 'resourceNames']);
    return entry;
  }

  /** Known fields of a mapping (a later duplicate wins); reports unknown and duplicate keys. */
  private fields(map: YAMLMap, path: PolicyPath, known: readonly string[], what: string): Map<string, Node | null> {
    const values = new Map<string, Node | null>();
    const seen = new Set<string>();
    for (const item of map.items) {
      const pair = item as Pair;
      const key = keyString(pair);
      const keyNode = pair.key as Node | null;
      if (key === undefined) {
        this.push('wrong-type', 'error', `${this.where(path)}: a mapping key must be a plain string`, path, keyNode);
        continue;
      }
      const fieldPath = formatPath([...path, key]);
      if (seen.has(key)) {
        this.push(
          'duplicate-key',
          'warning',
          `duplicate field "${fieldPath}": the apiserver keeps only the last value and ignores the earlier one`,
          [...path, key],
          keyNode,
        );
      }
      seen.add(key);
      if (known.includes(key)) {
        values.set(key, resolve(this.document, (pair.value as Node | null) ?? null));
        continue;
      }
      this.push(
        'unknown-field',
        'warning',
        this.unknownFieldMessage(fieldPath, key, known, what),
        [...path, key],
        keyNode,
      );
    }
    return values;
  }

  private unknownFieldMessage(fieldPath: string, key: string, known: readonly string[], what: string): string {
    const base = `unknown field "${fieldPath}": the apiserver ignores it`;
    const suggestion = suggestField(key, known);
    if (suggestion) return `${base}; did you mean "${suggestion}"?`;
    const elsewhere = ([RULE_FIELDS, GROUP_RESOURCES_FIELDS, POLICY_FIELDS] as readonly (readonly string[])[]).find(
      (fields) => fields !== known && fields.includes(key),
    );
    if (elsewhere) {
      const owner =
        elsewhere === RULE_FIELDS ? 'a rule' : elsewhere === POLICY_FIELDS ? 'the policy' : 'a resources entry';
      return `${base}; "${key}" is a field of ${owner}, not of ${what}: check the indentation`;
    }
    return `${base}; known fields of ${what}: ${known.join(', ')}`;
  }

  private list<T>(
    node: Node | null | undefined,
    path: PolicyPath,
    item: (node: Node | null, path: PolicyPath) => T,
  ): T[] {
    if (node === undefined || node === null || this.isNull(node)) return [];
    if (!isSeq(node)) {
      this.wrongType(node, path, 'a list');
      return [];
    }
    return node.items.map((child, index) =>
      item(resolve(this.document, (child as Node | null) ?? null), [...path, index]),
    );
  }

  private strings(node: Node | null | undefined, path: PolicyPath): string[] {
    const values: string[] = [];
    for (const value of this.list(node, path, (child, childPath) => this.optionalString(child, childPath))) {
      // Go decodes a null list item into "" for []string.
      values.push(value ?? '');
    }
    return values;
  }

  private string(node: Node | null | undefined, path: PolicyPath): string {
    return this.optionalString(node ?? null, path) ?? '';
  }

  private optionalString(node: Node | null, path: PolicyPath): string | undefined {
    if (node === null || this.isNull(node)) return undefined;
    if (isScalar(node) && typeof node.value === 'string') return node.value;
    this.wrongType(node, path, 'a string');
    return undefined;
  }

  private bool(node: Node | null | undefined, path: PolicyPath): boolean | undefined {
    if (node === undefined || node === null || this.isNull(node)) return undefined;
    if (isScalar(node) && typeof node.value === 'boolean') return node.value;
    this.wrongType(node, path, 'true or false');
    return undefined;
  }

  private isNull(node: Node): boolean {
    return isScalar(node) && node.value === null;
  }

  private wrongType(node: Node, path: PolicyPath, expected: string): void {
    const found = isMap(node)
      ? 'a mapping'
      : isSeq(node)
        ? 'a list'
        : isScalar(node)
          ? `${typeof node.value === 'string' ? 'the string' : `the ${typeof node.value}`} ${JSON.stringify(node.value)}`
          : 'something else';
    const hint =
      expected === 'a string' && isScalar(node) && typeof node.value !== 'string'
        ? ' (quote it to make it a string)'
        : '';
    this.push(
      'wrong-type',
      'error',
      `${this.where(path)} must be ${expected}, found ${found}${hint}; the apiserver cannot decode this file`,
      path,
      node,
    );
  }

  private where(path: PolicyPath): string {
    return path.length === 0 ? 'the policy' : `"${formatPath(path)}"`;
  }

  private push(code: string, severity: Diagnostic['severity'], message: string, path: PolicyPath, node: Node | null) {
    const range = node ? nodeRange(this.lineCounter, node) : undefined;
    const ruleIndex = path[0] === 'rules' && typeof path[1] === 'number' ? path[1] : undefined;
    this.diagnostics.push({
      code,
      severity,
      message,
      path: formatPath(path),
      ...(range ? { range } : {}),
      ...(ruleIndex !== undefined ? { rule: ruleIndex } : {}),
    });
  }
}
