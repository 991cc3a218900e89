// The built CLI behaves the same in every domain: --help and -h print the usage of the domain or command (exit 0),
// every command a domain lists has its own usage, unknown options exit 2 with that usage on stderr, errors are
// "auditscope: …" lines on stderr, and each domain's exit codes follow 0 ok / 1 invalid or refused / 2 usage or I/O.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { SHARED_DIR } from '../support/shared-dir.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const CORPUS = join(SHARED_DIR, 'corpus');
const DOMAINS = ['policy', 'manifest', 'node', 'logs'];

function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(ROOT, 'bin', 'auditscope.js'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, SSH_AUTH_SOCK: '' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The command words a domain's --help lists, one indented line each under "commands:". */
function listedCommands(domain: string): string[] {
  const help = cli(domain, '--help');
  assert.equal(help.code, 0, help.stderr);
  const block = /\ncommands:\n((?: {2}\S.*\n)+)/.exec(help.stdout);
  assert.ok(block, `auditscope ${domain} --help has no command list:\n${help.stdout}`);
  return block[1]!
    .trimEnd()
    .split('\n')
    .map((line) => /^ {2}([a-z][a-z-]*) {2,}\S/.exec(line)?.[1] ?? assert.fail(`not "  name  summary": ${line}`));
}

let tmp: string;
before(() => {
  const build = spawnSync('npm', ['run', '--silent', 'build:cli'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(build.status, 0, build.stderr);
  tmp = mkdtempSync(join(tmpdir(), 'auditscope-cli-help-'));
});

describe('help', () => {
  test('auditscope --help lists every domain; no domain is a usage error on stderr', () => {
    const help = cli('--help');
    assert.equal(help.code, 0);
    assert.match(help.stdout, new RegExp(`^domains: ${DOMAINS.join(', ')}$`, 'm'));
    for (const domain of DOMAINS) assert.match(help.stdout, new RegExp(`^ {2}${domain} +\\S`, 'm'));
    assert.equal(cli('-h').stdout, help.stdout);
    const none = cli();
    assert.equal(none.code, 2);
    assert.equal(none.stdout, '');
    assert.match(none.stderr, /^auditscope: missing domain\nusage: auditscope <domain>/);
    assert.equal(cli('frobnicate').code, 2);
  });

  test('every domain lists its commands, and every listed command prints its own usage for --help and -h', () => {
    const expected: Record<string, string[]> = {
      policy: ['validate', 'evaluate', 'explain', 'lint', 'simulate'],
      manifest: ['enable-audit', 'disable-audit', 'show-audit'],
      node: ['probe', 'apply', 'revert'],
      logs: ['query', 'tail', 'help-query'],
    };
    for (const domain of DOMAINS) {
      assert.deepEqual(listedCommands(domain), expected[domain], domain);
      for (const command of expected[domain]!) {
        for (const flag of ['--help', '-h']) {
          // After other (even invalid) arguments too: help wins.
          for (const args of [[flag], ['--bogus', 'x', flag]]) {
            const result = cli(domain, command, ...args);
            assert.equal(result.code, 0, `${domain} ${command} ${args.join(' ')}: ${result.stderr}`);
            assert.equal(result.stderr, '');
            assert.match(result.stdout, new RegExp(`^usage: auditscope ${domain} ${command}\\b`));
          }
        }
      }
    }
  });

  test('a missing or unknown command prints the domain usage on stderr with exit 2', () => {
    for (const domain of DOMAINS) {
      const missing = cli(domain);
      assert.equal(missing.code, 2, domain);
      assert.match(missing.stderr, new RegExp(`^auditscope: missing command\\nusage: auditscope ${domain} <command>`));
      const unknown = cli(domain, 'frobnicate');
      assert.equal(unknown.code, 2, domain);
      assert.match(unknown.stderr, new RegExp(`^auditscope: unknown ${domain} command "frobnicate"\\n`));
    }
  });

  test('an unknown option exits 2 with the command usage on stderr and nothing on stdout', () => {
    for (const domain of DOMAINS) {
      for (const command of listedCommands(domain)) {
        const result = cli(domain, command, '--no-such-option');
        assert.equal(result.code, 2, `${domain} ${command}`);
        assert.equal(result.stdout, '', `${domain} ${command}`);
        assert.match(
          result.stderr,
          new RegExp(`^auditscope: unknown option --no-such-option\\nusage: auditscope ${domain} ${command}\\b`),
        );
      }
    }
  });

  test('lint and the other policy commands take --k8s-version alike', () => {
    const policy = join(CORPUS, 'policies', 'audit2rbac-demo-policy.yaml');
    for (const command of ['validate', 'lint']) {
      assert.equal(cli('policy', command, policy, '--k8s-version', '1.30').code, 0, command);
      const bad = cli('policy', command, policy, '--k8s-version', '2.0');
      assert.equal(bad.code, 2, command);
      assert.match(bad.stderr, /^auditscope: --k8s-version: unsupported Kubernetes version "2\.0"/);
      assert.match(cli('policy', command, '--help').stdout, /\[--k8s-version X\.Y\]/);
    }
  });
});

describe('exit codes', () => {
  test('policy: 0 valid, 1 invalid (positions on stderr), 2 I/O error naming the path', () => {
    const valid = join(tmp, 'valid.yaml');
    writeFileSync(valid, 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: Metadata\n');
    const invalid = join(tmp, 'invalid.yaml');
    writeFileSync(invalid, 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: Loud\n');
    assert.equal(cli('policy', 'validate', valid).code, 0);
    const json = cli('policy', 'validate', invalid, '--json');
    assert.equal(json.code, 1);
    assert.equal(JSON.parse(json.stdout).valid, false, 'one JSON object');
    const refused = cli('policy', 'explain', invalid, '--request', '{"verb":"get","path":"/healthz"}');
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /^auditscope: .*invalid\.yaml:4:\d+: error: .*Loud/m);
    const missing = cli('policy', 'lint', join(tmp, 'missing.yaml'));
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr, `auditscope: cannot read ${join(tmp, 'missing.yaml')}: no such file\n`);
  });

  test('policy evaluate: a line that is not a request is invalid input (exit 1), reported in place', () => {
    const policy = join(tmp, 'evaluate.yaml');
    writeFileSync(policy, 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: Metadata\n');
    const requests = join(tmp, 'requests.jsonl');
    writeFileSync(requests, '{"verb":"get","path":"/healthz","isResourceRequest":false}\nnot json\n');
    const result = cli('policy', 'evaluate', policy, '--requests', requests);
    assert.equal(result.code, 1);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    assert.equal(lines[0].level, 'Metadata');
    assert.equal(lines[1].line, 2);
    assert.match(result.stderr, /^auditscope: .*requests\.jsonl:2: not valid JSON/);
  });

  test('manifest: 1 for a refused input with its reason, 2 for a bad option value or a missing file', () => {
    const template = join(CORPUS, 'manifests', 'templates', 'azure-aks-engine__kubernetesmaster-kube-apiserver.yaml');
    const refused = cli('manifest', 'show-audit', template);
    assert.equal(refused.code, 1);
    assert.equal(refused.stdout, '');
    assert.match(refused.stderr, /^auditscope: .*refused: /);
    const badValue = cli('manifest', 'enable-audit', template, '--policy-path', '/p.yaml', '--mode', 'sometimes');
    assert.equal(badValue.code, 2);
    assert.match(badValue.stderr, /^auditscope: --mode must be one of batch, blocking, blocking-strict/);
    const missing = cli('manifest', 'disable-audit', join(tmp, 'nope.yaml'));
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^auditscope: cannot read .*nope\.yaml: no such file\n$/);
  });

  test('logs: 1 for an invalid query, 2 for a missing file (named) or conflicting output modes', () => {
    const log = join(ROOT, 'test', 'fixtures', 'logs', 'damaged.jsonl');
    assert.equal(cli('logs', 'query', log, '--count', '--q', 'verb:(get').code, 1);
    const missing = cli('logs', 'query', join(tmp, 'none.log'), '--count');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^auditscope: .*none\.log/);
    const modes = cli('logs', 'query', log, '--count', '--json');
    assert.equal(modes.code, 2);
    assert.match(
      modes.stderr,
      /^auditscope: choose one of --count, --json, --table, --top\nusage: auditscope logs query/,
    );
  });

  test('node: usage errors before connecting; an unreadable policy is an I/O error naming it', () => {
    const missingUser = cli('node', 'probe', '--host', '127.0.0.1');
    assert.equal(missingUser.code, 2);
    assert.match(missingUser.stderr, /^auditscope: --host and --user are required\nusage: auditscope node probe/);
    const port = cli('node', 'revert', '--host', 'h', '--user', 'u', '--port', '70000');
    assert.equal(port.code, 2);
    assert.match(port.stderr, /^auditscope: --port: "70000" is not a port number/);
    const policy = join(tmp, 'no-policy.yaml');
    const apply = cli('node', 'apply', '--host', '127.0.0.1', '--port', '1', '--user', 'u', '--policy', policy);
    assert.equal(apply.code, 2);
    assert.equal(apply.stderr, `auditscope: cannot read ${policy}: no such file\n`);
    const tail = cli('logs', 'tail', '--host', 'h', '--user', 'u', '--log-path', 'relative.log');
    assert.equal(tail.code, 2);
    assert.match(tail.stderr, /^auditscope: --log-path must be an absolute path on the node/);
  });
});
