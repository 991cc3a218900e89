// Settings validation, reading the current audit configuration, and the unified diff used for previews.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { validateAuditSettings, type AuditSettings } from '../../shared/manifest/audit-settings.ts';
import { unifiedDiff } from '../../shared/manifest/diff.ts';
import { enableAudit } from '../../shared/manifest/enable-audit.ts';
import { readAuditConfig } from '../../shared/manifest/read-audit-config.ts';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../fixtures/manifests', name), 'utf8');
const BASE: AuditSettings = {
  policyPath: '/etc/kubernetes/audit-policy.yaml',
  logPath: '/var/log/kubernetes/audit/audit.log',
};
const messages = (settings: AuditSettings) =>
  validateAuditSettings(settings).map((problem) => `${problem.field}: ${problem.message}`);

describe('audit settings validation', () => {
  it('accepts complete settings', () => {
    assert.deepEqual(
      messages({
        ...BASE,
        maxAge: 0,
        maxBackup: 10,
        maxSize: 100,
        compress: true,
        format: 'json',
        mode: 'batch',
        policySha256: 'a'.repeat(64),
      }),
      [],
    );
    assert.deepEqual(
      messages({
        policyPath: '/etc/a.yaml',
        webhookConfigPath: '/etc/kubernetes/webhook.kubeconfig',
        mode: 'blocking',
      }),
      [],
    );
  });

  const bad: [string, AuditSettings, RegExp][] = [
    ['relative policy path', { ...BASE, policyPath: 'audit.yaml' }, /^policyPath: .*absolute path/],
    [
      'policy in the manifests directory',
      { ...BASE, policyPath: '/etc/kubernetes/manifests/audit.yaml' },
      /^policyPath: .*manifests directory/,
    ],
    ['unnormalized path', { ...BASE, logPath: '/var/log/../tmp/a.log' }, /^logPath: .*normalized/],
    ['directory as log path', { ...BASE, logPath: '/var/log/audit/' }, /^logPath: .*not a directory/],
    ['no backend', { policyPath: '/etc/a.yaml' }, /^logPath: .*log path or a webhook/],
    ['negative maxage', { ...BASE, maxAge: -1 }, /^maxAge: .*non-negative integer, got -1/],
    ['fractional maxsize', { ...BASE, maxSize: 1.5 }, /^maxSize: .*non-negative integer/],
    ['rotation on stdout', { ...BASE, logPath: '-', maxBackup: 3 }, /^maxBackup: .*stdout/],
    ['bad mode', { ...BASE, mode: 'async' as never }, /^mode: mode must be one of batch, blocking, blocking-strict/],
    ['bad hash', { ...BASE, policySha256: 'xyz' }, /^policySha256: /],
  ];
  for (const [what, settings, expected] of bad) {
    it(`rejects ${what}`, () => assert.match(messages(settings).join('\n'), expected));
  }
});

describe('reading the audit configuration of a manifest', () => {
  it('reports flags (last one wins), mounts and problems of a partly set manifest', () => {
    const result = readAuditConfig(fixture('partly-set-two-item-flags.yaml'));
    assert.ok(result.ok);
    const config = result.config;
    assert.equal(config.logPath, '/var/log/kubernetes/audit/audit.log');
    assert.equal(config.maxAge, 14);
    assert.equal(config.maxBackup, 3);
    assert.equal(config.policyPath, undefined);
    assert.deepEqual(
      config.flags.map((flag) => [flag.name, flag.line]),
      [
        ['audit-log-path', 16],
        ['audit-log-maxage', 18],
        ['audit-log-maxbackup', 19],
        ['audit-log-maxage', 20],
      ],
    );
    assert.deepEqual(
      config.mounts.map((mount) => [mount.mountPath, mount.hostPath, mount.readOnly]),
      [['/var/log/kubernetes/audit/', '/var/log/kubernetes/audit/', true]],
    );
    assert.deepEqual(config.problems, [
      '--audit-log-maxage appears 2 times; the last one (line 20) wins',
      'the audit log directory /var/log/kubernetes/audit is on a read-only mount (/var/log/kubernetes/audit/)',
      'an audit backend is configured but --audit-policy-file is not set, so nothing is audited',
    ]);
  });

  it('resolves the policy through a directory mount and reads what enableAudit wrote', () => {
    const enabled = enableAudit(fixture('indented-args-quoted.yaml'), {
      ...BASE,
      maxSize: 50,
      compress: true,
      policySha256: 'e'.repeat(64),
    });
    assert.ok(enabled.ok);
    const result = readAuditConfig(enabled.text);
    assert.ok(result.ok);
    assert.deepEqual(result.config.policy, {
      containerPath: BASE.policyPath,
      hostPath: BASE.policyPath,
      mountPath: '/etc/kubernetes',
      readOnly: false,
    });
    assert.equal(result.config.maxSize, 50);
    assert.equal(result.config.compress, true);
    assert.equal(result.config.policySha256, 'e'.repeat(64));
    assert.deepEqual(result.config.problems, []);
  });

  it('refuses what the editors refuse', () => {
    const result = readAuditConfig(fixture('daemonset.yaml'));
    assert.equal(result.ok, false);
  });
});

describe('unified diff', () => {
  it('matches the output of diff -u for an edited manifest', () => {
    const original = fixture('kubeadm-v1.36.yaml');
    const enabled = enableAudit(original, { ...BASE, maxAge: 5 });
    assert.ok(enabled.ok);
    const dir = mkdtempSync(join(tmpdir(), 'auditscope-diff-'));
    writeFileSync(join(dir, 'a'), original);
    writeFileSync(join(dir, 'b'), enabled.text);
    let expected = '';
    try {
      execFileSync('diff', ['-u', '--label', 'a', '--label', 'b', join(dir, 'a'), join(dir, 'b')], {
        encoding: 'utf8',
      });
    } catch (error) {
      expected = (error as { stdout: string }).stdout;
    }
    assert.equal(unifiedDiff(original, enabled.text, { oldLabel: 'a', newLabel: 'b' }), expected);
  });

  it('is empty for equal texts and marks a missing final newline', () => {
    assert.equal(unifiedDiff('a\nb\n', 'a\r\nb\r\n'), '');
    assert.equal(
      unifiedDiff('a\nb', 'a\nb\nc'),
      '--- a\n+++ b\n@@ -1,2 +1,3 @@\n a\n-b\n\\ No newline at end of file\n+b\n+c\n\\ No newline at end of file\n',
    );
  });
});
