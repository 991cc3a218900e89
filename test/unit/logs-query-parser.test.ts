import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseQuery } from '../../shared/logs/query-parser.ts';
import type { QueryNode } from '../../shared/logs/query-ast.ts';

function ast(text: string): QueryNode {
  const result = parseQuery(text);
  assert.ok(result.ok, `expected "${text}" to parse: ${result.ok ? '' : result.message}`);
  return result.ast;
}

function error(text: string): { message: string; position: number; end: number } {
  const result = parseQuery(text);
  assert.ok(!result.ok, `expected "${text}" to fail`);
  return result;
}

test('the first colon separates field and value; values keep later colons and wildcards', () => {
  const node = ast('user:system:serviceaccount:kube-system:*');
  assert.equal(node.type, 'match');
  if (node.type !== 'match') return;
  assert.deepEqual(node.field, { kind: 'indexed', name: 'user' });
  assert.equal(node.values[0].text, 'system:serviceaccount:kube-system:*');
});

test('quoted values, value lists, presence, comparisons and aliases', () => {
  const list = ast('ns:(prod OR "kube system")');
  assert.ok(list.type === 'match' && list.values.map((v) => v.text).join('|') === 'prod|kube system');
  assert.equal(ast('impersonated:*').type, 'present');
  const cmp = ast('latency>500ms');
  assert.ok(cmp.type === 'compare' && cmp.value === 500_000 && cmp.op === '>');
  const time = ast('time>=2026-01-02T15:00:00Z');
  assert.ok(time.type === 'compare' && time.value === Date.parse('2026-01-02T15:00:00Z') * 1000);
  const day = ast('received<2026-01-02');
  assert.ok(day.type === 'compare' && day.value === Date.parse('2026-01-02T00:00:00Z') * 1000);
  const alias = ast('namespace:prod');
  assert.ok(alias.type === 'match' && alias.field.kind === 'indexed' && alias.field.name === 'ns');
  const code = ast('code>=400');
  assert.ok(code.type === 'compare' && code.value === 400);
});

test('JSON paths with quoted segments', () => {
  const node = ast('annotations."pod-security.kubernetes.io/enforce-policy":restricted*');
  assert.ok(node.type === 'match' && node.field.kind === 'path');
  if (node.type === 'match' && node.field.kind === 'path') {
    assert.deepEqual(node.field.segments, ['annotations', 'pod-security.kubernetes.io/enforce-policy']);
  }
  const deep = ast('requestObject.spec.hostNetwork:true');
  assert.ok(deep.type === 'match' && deep.field.kind === 'path' && deep.field.segments.length === 3);
  // Event keys that have an indexed twin use the index.
  const top = ast('requestURI:/api*');
  assert.ok(top.type === 'match' && top.field.kind === 'indexed' && top.field.name === 'uri');
  const kind = ast('kind:Event');
  assert.ok(kind.type === 'match' && kind.field.kind === 'path');
});

test('boolean structure: implicit AND, OR precedence, NOT, minus, parentheses', () => {
  const node = ast('verb:get -user:alice OR NOT (code:200 AND stage:ResponseComplete)');
  assert.equal(node.type, 'or');
  if (node.type !== 'or') return;
  assert.equal(node.children[0].type, 'and');
  assert.equal(node.children[1].type, 'not');
  const text = ast('kafka "config map" -deleted');
  assert.ok(text.type === 'and' && text.children[0].type === 'text' && text.children[2].type === 'not');
  assert.equal(ast('   ').type, 'all');
  // lower-case keywords are words
  const words = ast('a or b');
  assert.ok(words.type === 'and' && words.children.length === 3);
});

test('syntax errors point at the problem', () => {
  const unknown = error('verb:get usr:bob');
  assert.equal(unknown.position, 9);
  assert.equal(unknown.end, 12);
  assert.match(unknown.message, /unknown field "usr".*did you mean "user"/);
  expectError('(verb:get', 0, /missing "\)"/);
  expectError('verb:get)', 8, /unmatched "\)"/);
  expectError('verb:', 4, /missing value/);
  expectError('user:"abc', 5, /missing closing quote/);
  expectError('code>abc', 5, /not a number/);
  expectError('latency>5parsecs', 8, /not a duration/);
  expectError('time>yesterday', 5, /not a time/);
  expectError('user>bob', 0, /is text/);
  expectError('verb:get OR', 9, /OR needs a term after it/);
  expectError('AND verb:get', 0, /AND needs a term before it/);
  expectError('ns:(a b)', 6, /expected OR/);
  expectError('()', 0, /empty parentheses/);
  expectError('NOT', 0, /NOT needs a term/);
});

function expectError(text: string, position: number, message: RegExp): void {
  const e = error(text);
  assert.equal(e.position, position, `position of the error in "${text}" (${e.message})`);
  assert.match(e.message, message);
}
