// `auditscope policy lint` end to end through the CLI entry point (run from source with tsx).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SHARED_DIR } from '../support/shared-dir.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CORPUS = join(SHARED_DIR, 'corpus/policies');

function cli(...args: string[]) {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'electron/cli/entry.ts'), 'policy', 'lint', ...args],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function tempPolicy(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'auditscope-lint-')), 'policy.yaml');
  writeFileSync(file, text);
  return file;
}

describe('auditscope policy lint', () => {
  it('prints file:line:col: severity [code] message and exits 0 when there are only warnings', () => {
    const file = join(CORPUS, 'falco-k8saudit-plugin-audit-policy.yaml');
    const { code, stdout } = cli(file);
    assert.equal(code, 0);
    assert.match(
      stdout,
      new RegExp(
        `^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:13:27: warning \\[unknown-resource\\] "deployments"`,
        'm',
      ),
    );
    assert.match(stdout, /0 error\(s\)/);
  });

  it('--json prints {"warnings":[{code,severity,message,line,column,rule}]}', () => {
    const file = tempPolicy(
      'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: Metadata\n  - level: None\n    verbs: ["*"]\n',
    );
    const { code, stdout } = cli(file, '--json');
    assert.equal(code, 0);
    const out = JSON.parse(stdout) as { warnings: Record<string, unknown>[] };
    const byCode = Object.fromEntries(out.warnings.map((w) => [w.code, w]));
    assert.deepEqual(byCode['unreachable-rule'], {
      code: 'unreachable-rule',
      severity: 'warning',
      message: byCode['unreachable-rule']!.message,
      line: 5,
      column: 12,
      rule: 1,
    });
    assert.equal((byCode['literal-wildcard'] as { line: number }).line, 6);
    assert.equal((byCode['request-received-not-omitted'] as { rule: unknown }).rule, null);
  });

  it('exits 1 and reports errors for an invalid policy; --k8s-version changes the verdict', () => {
    const file = tempPolicy(
      'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: Metadata\n    resources:\n      - group: "*"\n',
    );
    const old = cli(file, '--k8s-version', '1.35', '--json');
    assert.equal(old.code, 1);
    assert.ok(
      (JSON.parse(old.stdout) as { warnings: { severity: string }[] }).warnings.some((w) => w.severity === 'error'),
    );
    assert.equal(cli(file, '--k8s-version', '1.36').code, 0);
  });

  it('exits 2 on usage and I/O errors', () => {
    assert.equal(cli().code, 2);
    assert.equal(cli('/nonexistent/policy.yaml').code, 2);
    assert.equal(cli(join(CORPUS, 'audit2rbac-demo-policy.yaml'), '--k8s-version', '2.0').code, 2);
    assert.equal(cli(join(CORPUS, 'audit2rbac-demo-policy.yaml'), '--bogus').code, 2);
  });
});
