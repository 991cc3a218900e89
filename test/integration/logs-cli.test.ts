// The built CLI: `auditscope logs query` output modes, skipped-line reports and exit codes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { writeAuditLog } from '../support/audit-log-generator.ts';
import { corpusPath, corpusTest } from '../support/corpus.ts';

const FIXTURES = new URL('../fixtures/logs/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'auditscope-logs-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync('node', ['bin/auditscope.js', 'logs', ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('--count, --top, --json and --table', () => {
  const damaged = `${FIXTURES}damaged.jsonl`;
  const skipped =
    'auditscope: 5 lines skipped: line 5: not JSON; line 6: not an audit event (kind is not "Event"); line 8: not JSON: unexpected end of line: missing value; line 10: not JSON; line 11: truncated (no newline at end of file): unterminated string\n';
  const invalidUtf8 = 'auditscope: 1 events have invalid UTF-8 in indexed fields (shown as U+FFFD)\n';
  assert.deepEqual(cli('query', damaged, '--count'), { code: 0, stdout: '4\n', stderr: skipped });
  // A count indexes only the fields its query reads: the invalid user name (line 7) is reported when it is one.
  assert.deepEqual(cli('query', damaged, '--count', '--q', 'user:*'), {
    code: 0,
    stdout: '4\n',
    stderr: skipped + invalidUtf8,
  });
  assert.equal(cli('query', damaged, '--table').stderr, skipped + invalidUtf8);
  assert.equal(cli('query', damaged, '--count', '--requests').stdout, '3\n');
  assert.equal(
    cli('query', damaged, '--top', 'code').stdout,
    '{"value":200,"count":1}\n{"value":201,"count":1}\n{"value":404,"count":1}\n',
  );
  const generated = join(dir, 'generated.jsonl');
  writeAuditLog(generated, { size: 200_000, seed: 8 });
  const json = cli('query', generated, '--json', '--q', 'verb:create', '--limit', '2');
  assert.equal(json.code, 0);
  const lines = json.stdout.trim().split('\n');
  assert.equal(lines.length, 2);
  for (const line of lines) assert.equal(JSON.parse(line).verb, 'create');
  // One event pretty-printed over many lines, as `kubectl get --raw` or an editor leaves it.
  const event = JSON.parse(readFileSync(generated, 'utf8').split('\n')[0]!);
  const pretty = join(dir, 'pretty.json');
  writeFileSync(pretty, JSON.stringify(event, null, 2) + '\n');
  const prettyOut = cli('query', pretty, '--json').stdout.trim().split('\n');
  assert.equal(prettyOut.length, 1, 'pretty-printed events come out as one JSON line');
  assert.deepEqual(JSON.parse(prettyOut[0]!), event);
  const table = cli('query', `${FIXTURES}legacy-1.7-staged.log`, '--table', '--since', '2024-03-01T10:00:01Z');
  assert.match(table.stdout, /^TIME +STAGE +VERB/);
  assert.match(table.stdout, /alice/);
  assert.match(table.stdout, /1 of 1 events\n$/);
});

corpusTest('real shapes through --json: Falco trace lines and a pretty-printed AKS event with a BOM', () => {
  const json = cli(
    'query',
    corpusPath('corpus/auditlogs/falco-trace-files/create_configmap_sensitive_values.json'),
    '--json',
    '--q',
    'verb:create',
    '--limit',
    '2',
  );
  assert.equal(json.code, 0);
  const lines = json.stdout.trim().split('\n');
  assert.equal(lines.length, 2);
  for (const line of lines) assert.equal(JSON.parse(line).verb, 'create');
  const pretty = cli(
    'query',
    corpusPath('corpus/auditlogs/sysdiglabs-aks-audit-log__sample_KubeAuditLog_event.bom.pretty.json'),
    '--json',
  );
  assert.equal(pretty.stdout.trim().split('\n').length, 1, 'pretty-printed events come out as one JSON line');
});

test('a bad query exits 1 with the position; usage and I/O errors exit 2', () => {
  const bad = cli('query', `${FIXTURES}damaged.jsonl`, '--count', '--q', 'verb:get usr:bob');
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /invalid query at column 10: unknown field "usr" \(did you mean "user"\?\)/);
  assert.match(bad.stderr, /\n {2}verb:get usr:bob\n {11}\^\^\^\n/);
  assert.equal(cli('query', '/nonexistent/audit.log', '--count').code, 2);
  assert.equal(cli('query', '--count').code, 2);
  assert.equal(cli('query', `${FIXTURES}damaged.jsonl`, '--count', '--json').code, 2);
  assert.equal(cli('query', `${FIXTURES}damaged.jsonl`, '--top', 'time').code, 2);
});

test('a reader that stops early (| head) ends the command quietly with exit 0', () => {
  // Output far beyond a pipe's buffer, so the CLI is still writing when head has gone.
  const log = join(dir, 'epipe.log');
  writeAuditLog(log, { size: 3e6, seed: 5 });
  for (const mode of ['--json', '--table']) {
    const result = spawnSync(
      'bash',
      [
        '-c',
        'set -o pipefail; node bin/auditscope.js logs query "$1" "$2" --limit 100000 | head -c 1 >/dev/null',
        '-',
        log,
        mode,
      ],
      { encoding: 'utf8' },
    );
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stderr, '');
  }
});
