// The WebAssembly scanner reads its column numbers and output slots from a generated file: it must be current, and
// the numbers must be the event schema's.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { LAYOUT_FILE, scannerLayoutSource } from '../../build/scripts/gen-scanner-layout.ts';
import { MULTI_COLUMNS, S_URI, STRING_COLUMNS } from '../../shared/logs/event-schema.ts';
import { OUT_ASCII, OUT_MICROS, OUT_SLOTS, scannerLayoutConstants } from '../../shared/logs/scanner-layout.ts';

test('shared/wasm/layout.generated.ts is what the generator writes (run npm run build:cli after a schema change)', () => {
  assert.equal(readFileSync(LAYOUT_FILE, 'utf8'), scannerLayoutSource());
});

test('the layout follows the schema: a column number per name, slots that do not overlap', () => {
  const constants = new Map(scannerLayoutConstants());
  STRING_COLUMNS.forEach((name, index) => assert.equal(constants.get(`S_${name.toUpperCase()}`), index));
  MULTI_COLUMNS.forEach((name, index) => assert.equal(constants.get(`M_${name.toUpperCase()}`), index));
  assert.equal(S_URI, STRING_COLUMNS.indexOf('uri'));
  assert.equal(OUT_ASCII, 3 * STRING_COLUMNS.length);
  assert.equal(OUT_MICROS % 2, 0, 'float64 times are 8-byte aligned');
  const slots = scannerLayoutConstants().filter(([name]) => name.startsWith('OUT_'));
  const values = slots.map(([, value]) => value);
  assert.deepEqual(
    [...values].sort((a, b) => a - b),
    values,
    'slots are in increasing order',
  );
  assert.equal(new Set(values).size, values.length);
  assert.ok(OUT_SLOTS > OUT_MICROS);
});
