// The linter over every real policy in the corpus: it never throws, every finding is positioned, and the findings
// for well-known policies are the ones a reviewer would expect.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { lintPolicy, LINT_CODES } from '../../shared/policy/lint.ts';
import { parsePolicy } from '../../shared/policy/parse.ts';
import type { Diagnostic, KubeVersion } from '../../shared/policy/types.ts';
import { SHARED_DIR } from '../support/shared-dir.ts';

const CORPUS = join(SHARED_DIR, 'corpus/policies');
const FILES = readdirSync(CORPUS).sort();

function lintFile(name: string, version: KubeVersion = { major: 1, minor: 36 }): Diagnostic[] {
  return lintPolicy(parsePolicy(readFileSync(join(CORPUS, name), 'utf8')), version);
}

function codesByRule(findings: Diagnostic[]): string[] {
  return findings.map((d) => `${d.code}@${d.rule ?? '-'}`);
}

describe('lint over the corpus', () => {
  it('runs on every file and every supported version without throwing; every finding has a range inside the file', () => {
    assert.ok(FILES.length >= 15);
    for (const name of FILES) {
      const text = readFileSync(join(CORPUS, name), 'utf8');
      const lines = text.split('\n').length;
      for (const minor of [24, 28, 33, 36]) {
        const findings = lintPolicy(parsePolicy(text), { major: 1, minor });
        for (const d of findings) {
          assert.ok(d.range, `${name}: ${d.code} has no range`);
          assert.ok(
            d.range.start.line >= 1 && d.range.start.line <= lines,
            `${name}: ${d.code} line ${d.range.start.line}`,
          );
          assert.ok(Object.values(LINT_CODES).includes(d.code as never), d.code);
        }
      }
    }
  });

  it('the GCE reference policy: no unreachable rule, a catch-all, no credential bodies', () => {
    const findings = lintFile('gce-gci-configure-helper-audit-policy.yaml');
    assert.deepEqual(
      findings.filter((d) => d.severity === 'warning'),
      [],
    );
    // It still names the "extensions" group, which is gone since 1.22.
    assert.deepEqual(codesByRule(findings), ['removed-group@14', 'removed-group@15']);
  });

  it('the Kubernetes docs example: configmap bodies in kube-system, token requests at Request level', () => {
    const findings = lintFile('kubernetes-website__examples-audit-audit-policy.yaml');
    assert.deepEqual(codesByRule(findings), ['sensitive-body@5', 'sensitive-body@7', 'removed-group@7']);
    assert.match(findings[0]!.message, /configmaps/);
    assert.match(findings[1]!.message, /serviceaccounts\/token/);
  });

  it('the Falco policy puts deployments in the core group', () => {
    const [finding] = lintFile('falco-k8saudit-plugin-audit-policy.yaml').filter(
      (d) => d.code === LINT_CODES.unknownResource,
    );
    assert.match(finding!.message, /"deployments" is not a resource of the core group.*group "apps"/);
    assert.equal(finding!.range!.start.line, 13);
  });

  it('the STRRL dashboard policy repeats the core-group rule and has no catch-all', () => {
    const findings = lintFile('strrl-kubernetes-auditing-dashboard__audit-policy.yaml');
    const unreachable = findings.filter((d) => d.code === LINT_CODES.unreachableRule);
    assert.deepEqual(
      unreachable.map((d) => d.rule),
      [9],
    );
    assert.deepEqual(unreachable[0]!.fix!.edits, [{ op: 'removeRule', index: 9 }]);
    assert.ok(findings.some((d) => d.code === LINT_CODES.noCatchAll));
    assert.ok(findings.some((d) => d.code === LINT_CODES.requestReceivedNotOmitted));
  });

  it('the OpenShift profiles: tokenrequests is not an authentication.k8s.io resource; Default is clean', () => {
    const findings = lintFile('openshift-library-go__profile-writerequestbodies.yaml');
    assert.ok(findings.some((d) => d.code === LINT_CODES.unknownResource && /tokenrequests/.test(d.message)));
    assert.deepEqual(lintFile('openshift-library-go__profile-default.yaml'), []);
  });

  it('the audit2rbac demo policy logs nothing for most requests', () => {
    assert.deepEqual(codesByRule(lintFile('audit2rbac-demo-policy.yaml')), ['no-catch-all@0']);
  });
});
