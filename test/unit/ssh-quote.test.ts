// The quoting function is checked by running its output through a real `sh -c` (dash on Debian) and through bash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { command, quote, UnquotableArgumentError } from '../../electron/backend/ssh/quote.ts';

/** What a shell sees as argv after parsing our command line: printf each word NUL-terminated. */
function wordsAfterShell(shell: string, args: string[]): string[] {
  const out = execFileSync(shell, ['-c', `printf '%s\\0' ${command(args)}`], { encoding: 'utf8' });
  const words = out.split('\0');
  words.pop();
  return words;
}

const hostile = [
  "it's",
  "'",
  "''",
  "'\\''",
  '$(touch MARKER)',
  '`touch MARKER`',
  '; touch MARKER',
  '&& touch MARKER',
  '| touch MARKER',
  'a\ntouch MARKER',
  '\r\n',
  '$HOME',
  '${IFS}',
  '*',
  '~',
  '!',
  '\\',
  '"',
  '"$(touch MARKER)"',
  '-n',
  '--',
  '',
  ' leading and trailing ',
  '\t',
  'ünïcödé ✓ 日本語 🙂',
  '\u202e reversed',
  "x'; touch MARKER; echo '",
];

for (const shell of ['sh', 'bash']) {
  test(`hostile strings survive ${shell} -c unchanged and run nothing`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'quote-'));
    try {
      const args = hostile.map((s) => s.replaceAll('MARKER', join(dir, 'marker')));
      assert.deepEqual(wordsAfterShell(shell, args), args);
      assert.equal(existsSync(join(dir, 'marker')), false, 'a hostile argument executed a command');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('random strings round-trip through sh -c', () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.string({ unit: 'binary' }).filter((s) => !s.includes('\0')),
        { minLength: 1, maxLength: 5 },
      ),
      (args) => {
        assert.deepEqual(wordsAfterShell('sh', args), args);
      },
    ),
    { numRuns: 60 },
  );
});

test('quote wraps in single quotes and escapes embedded quotes', () => {
  assert.equal(quote('abc'), "'abc'");
  assert.equal(quote("a'b"), "'a'\\''b'");
  assert.equal(quote(''), "''");
});

test('a NUL byte is rejected with the argument position', () => {
  assert.throws(
    () => command(['ok', 'bad\0arg']),
    (error: unknown) => {
      assert.ok(error instanceof UnquotableArgumentError);
      assert.equal(error.index, 1);
      return true;
    },
  );
});

test('an empty argv is rejected', () => {
  assert.throws(() => command([]), /empty argv/);
});
