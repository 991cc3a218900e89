// The WebAssembly fast path must index every line exactly as the JavaScript scanner does: same rows, columns,
// dictionaries, skipped lines and warnings, for any column selection. Differential tests over the real corpus, a
// generated log, and lines mutated at random (truncations, escapes, duplicate keys, stray brackets, newlines, …).
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { createWasmLineScanner } from '../../electron/backend/logs/load-fast-scanner.ts';
import {
  M_GROUP,
  M_SOURCEIP,
  S_DECISION,
  S_IMPERSONATED,
  S_REASON,
  S_RESOURCE,
  S_USER,
  S_VERB,
  type ColumnSelection,
} from '../../shared/logs/event-schema.ts';
import { JsonEventScanner } from '../../shared/logs/json-event-scanner.ts';
import { ingestLines } from '../../shared/logs/record-ingest.ts';
import { SegmentBuilder, type SegmentData } from '../../shared/logs/segment-builder.ts';
import type { WasmLineScanner } from '../../shared/logs/fast-scanner-client.ts';
import { writeAuditLog } from '../support/audit-log-generator.ts';
import { corpusPath, corpusTest } from '../support/corpus.ts';

const INPUT_BYTES = 4 * 1024 * 1024;
const SELECTIONS: (ColumnSelection | undefined)[] = [
  undefined,
  { strings: [S_VERB, S_RESOURCE], multis: [], times: false },
  { strings: [S_VERB, S_RESOURCE], multis: [], times: true },
  { strings: [S_USER], multis: [M_GROUP], times: true },
  { strings: [S_DECISION, S_REASON, S_IMPERSONATED], multis: [M_SOURCEIP], times: false },
  { strings: [], multis: [], times: false },
];

let fast: WasmLineScanner;
let dir: string;
let generatedLines: string[];

before(() => {
  const scanner = createWasmLineScanner(INPUT_BYTES);
  assert.ok(scanner, 'dist/cli/fast-scanner.wasm is missing or does not load: run npm run build:cli');
  fast = scanner;
  dir = mkdtempSync(join(tmpdir(), 'auditscope-wasm-'));
  const generated = join(dir, 'generated.jsonl');
  writeAuditLog(generated, { size: 3e6, seed: 17 });
  generatedLines = readFileSync(generated, 'utf8').split('\n').filter(Boolean);
});

after(() => rmSync(dir, { recursive: true, force: true }));

/** Both scanners over the same bytes; the fast path reads them in its own memory, with junk after them. */
function compare(bytes: Uint8Array, columns: ColumnSelection | undefined, final: boolean, label: string): number {
  assert.ok(bytes.length <= INPUT_BYTES - 64, label);
  const reference = new JsonEventScanner();
  reference.setColumns(columns);
  const expected = ingest(bytes, reference, final);

  fast.bytes.set(bytes);
  // What follows the data must not matter: quotes, brackets, newlines the fast path may read ahead.
  fast.bytes.set(new TextEncoder().encode('"}]\n\\"{[\n"x"}\n\n"\\'.repeat(4)), bytes.length);
  const accelerated = new JsonEventScanner();
  accelerated.setColumns(columns);
  accelerated.setAccelerator(fast);
  const before = fast.fastLines;
  const actual = ingest(fast.bytes.subarray(0, bytes.length), accelerated, final, fast.bytes, bytes.length);
  assert.deepStrictEqual(actual, expected, label);
  return fast.fastLines - before;
}

function ingest(
  bytes: Uint8Array,
  scanner: JsonEventScanner,
  final: boolean,
  whole: Uint8Array = bytes,
  length = bytes.length,
): { data: SegmentData; consumed: number; nextLine: number } {
  const builder = new SegmentBuilder(16);
  const result = ingestLines({ bytes: whole, baseOffset: 0, builder, scanner, legacy: new Map(), final }, 0, length, 1);
  return { data: builder.finish(), ...result };
}

function corpusFiles(root: string): string[] {
  return readdirSync(root).flatMap((name) => {
    const path = join(root, name);
    return statSync(path).isDirectory() ? corpusFiles(path) : [path];
  });
}

corpusTest('the fast path indexes the real corpus exactly as the JavaScript scanner', () => {
  const files = corpusFiles(corpusPath('corpus/auditlogs'));
  assert.ok(files.length >= 20);
  let fastLines = 0;
  for (const file of files) {
    const bytes = readFileSync(file);
    for (const columns of SELECTIONS) fastLines += compare(bytes, columns, true, file);
  }
  assert.ok(fastLines > 0, 'some corpus events take the fast path');
});

test('the fast path takes every line of a generated log, with the same results', () => {
  const bytes = new TextEncoder().encode(generatedLines.join('\n') + '\n');
  for (const columns of SELECTIONS) {
    const fastLines = compare(bytes, columns, true, `generated, columns ${JSON.stringify(columns)}`);
    assert.equal(fastLines, generatedLines.length);
  }
  // Without a final newline and not final: the partial last line is left for later, by both.
  const partial = bytes.subarray(0, bytes.length - 100);
  compare(partial, undefined, false, 'partial last line');
  compare(partial, undefined, true, 'truncated last line');
});

/** Ways real and hostile lines differ from what the API server writes. */
const MUTATIONS: ((line: string, at: number, extra: string) => string)[] = [
  (line, at) => line.slice(0, at), // truncated
  (line, at, extra) => line.slice(0, at) + extra + line.slice(at), // inserted text
  (line, at) => line.slice(0, at) + line.slice(at + 1), // a byte removed
  (line, at) => line.slice(0, at) + '\\' + line.slice(at), // a stray backslash
  (line, at) => line.slice(0, at) + '\n' + line.slice(at), // a line break in the middle
  (line, at) => line.slice(0, at) + ' \t ' + line.slice(at), // whitespace
  (line) => line + '\r', // CRLF
  (line) => '  ' + line + '  ', // blanks around
  (line) => line.replace(/"(verb|resource|username|stage|auditID|code)":/, (_, key) => `"${key}":"x","${key}":`), // duplicate key
  (line) => line.replace(/"(verb|username|resource|namespace|stageTimestamp)":"([^"]*)"/, '"$1":null'), // not a string
  (line) => line.replace(/"(verb|username|resource|decision)":"([a-z])/, '"$1":"\\u00e9\\"$2'), // escapes
  (line) => line.replace(/"(verb|auditID)":"/, '"$1":"\\ud83d\\ude00'), // a surrogate pair
  (line) => line.replace(/"kind":"Event"/, '"kind":"EventList"'),
  (line) => line.replace(/"apiVersion":"audit.k8s.io\//, '"apiVersion":"v1/'),
  (line) => line.replace(/"code":\d+/, '"code":1234567890'),
  (line) => line.replace(/"code":\d+/, '"code":-1'),
  (line) => line.replace(/"groups":\[/, '"groups":[1,'),
  (line) => line.replace(/\{"username"/, '{"user\\u006eame"'), // an escaped key
  (line) => line.replace(/}}$/, '}]'), // mismatched bracket
  (line) => line.replace(/"extra":\{/, '"extra":{"deep":' + '['.repeat(1100) + ']'.repeat(1100) + ','),
  (line) => line.replace(/"sourceIPs":\[/, '"items":['),
  (line) => line.replace(/"stageTimestamp":"[^"]*"/, '"stageTimestamp":"2024-05-14T10:00:00+02:00"'),
  (line, at) => {
    // Timestamps in the API server's layout, valid or not, near the limits of the calendar.
    const times = [
      '0000-01-01T00:00:00.000000Z',
      '2024-02-30T23:59:60.999999Z',
      '2024-13-01T00:00:00.000000Z',
      '9999-12-31T23:59:59.999999Z',
      '2024-05-14T24:00:00.000000Z',
      '2024-05-14T10:00:00.00000aZ',
      '2024-05-14 10:00:00.000000Z',
    ];
    return line.replace(/"(stageTimestamp|requestReceivedTimestamp)":"[^"]*"/, `"$1":"${times[at % times.length]}"`);
  },
];

test('lines mutated at random are indexed alike by both scanners', () => {
  const extras = fc.constantFrom('"', '}', '{', '[', ']', ',', ':', '\\"', 'é', '\u0000', '"a":1', '\\u0041', '\ufffd');
  fc.assert(
    fc.property(
      fc.array(
        fc.record({
          line: fc.nat(generatedLines.length - 1),
          mutation: fc.nat(MUTATIONS.length - 1),
          at: fc.nat(4000),
          extra: extras,
        }),
        { minLength: 1, maxLength: 8 },
      ),
      fc.nat(SELECTIONS.length - 1),
      fc.boolean(),
      (edits, selection, final) => {
        const lines = edits.map(({ line, mutation, at, extra }) => {
          const original = generatedLines[line];
          return MUTATIONS[mutation](original, at % (original.length + 1), extra);
        });
        const text = lines.join('\n') + (final ? '' : '\n');
        try {
          compare(new TextEncoder().encode(text), SELECTIONS[selection], final, text.slice(0, 2000));
        } catch (e) {
          console.log(String(e).slice(0, 3000));
          throw e;
        }
      },
    ),
    { numRuns: 3000 },
  );
});

test('random bytes and invalid UTF-8 are indexed alike by both scanners', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 3000 }), fc.nat(generatedLines.length - 1), (noise, line) => {
      const head = new TextEncoder().encode(generatedLines[line]).subarray(0, 300);
      const bytes = new Uint8Array(head.length + noise.length);
      bytes.set(head);
      bytes.set(noise, head.length);
      compare(bytes, undefined, true, 'noise');
    }),
    { numRuns: 500 },
  );
});
