// `auditscope manifest ...` through the real built CLI: output on stdout, refusals on stderr, the input untouched.
import assert from 'node:assert/strict';
import { spawnSync, execSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { SHARED_DIR } from '../support/shared-dir.ts';

const ROOT = join(import.meta.dirname, '../..');
const MANIFEST = join(SHARED_DIR, 'corpus/manifests/zetaoss-zeta-linux__v1.29.0-kubeadm-killercoda.yaml');
const TEMPLATE = join(SHARED_DIR, 'corpus/manifests/templates/azure-aks-engine__kubernetesmaster-kube-apiserver.yaml');

function cli(...args: string[]) {
  const result = spawnSync('node', ['bin/auditscope.js', 'manifest', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const ENABLE = [
  '--policy-path',
  '/etc/kubernetes/audit-policy.yaml',
  '--log-path',
  '/var/log/kubernetes/audit/audit.log',
];

describe('auditscope manifest', () => {
  before(() => execSync('npm run build:cli', { cwd: ROOT, stdio: 'pipe' }));

  it('enable-audit prints the edited manifest with the hash of --policy and leaves the input alone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'auditscope-manifest-'));
    const input = join(dir, 'kube-apiserver.yaml');
    const original = readFileSync(MANIFEST, 'utf8');
    writeFileSync(input, original);
    const policy = join(dir, 'policy.yaml');
    writeFileSync(policy, 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- level: Metadata\n');
    const result = cli(
      'enable-audit',
      input,
      ...ENABLE,
      '--maxage',
      '30',
      '--maxbackup',
      '10',
      '--maxsize',
      '100',
      '--compress',
      '--policy',
      policy,
    );
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, '');
    assert.equal(readFileSync(input, 'utf8'), original);
    const pod = parse(result.stdout);
    const command: string[] = pod.spec.containers[0].command;
    for (const flag of [
      '--audit-log-maxage=30',
      '--audit-log-maxbackup=10',
      '--audit-log-maxsize=100',
      '--audit-log-compress=true',
    ]) {
      assert.equal(command.filter((item) => item === flag).length, 1, flag);
    }
    const hash = createHash('sha256').update(readFileSync(policy)).digest('hex');
    assert.equal(pod.metadata.annotations['auditscope.io/policy-sha256'], hash);

    writeFileSync(join(dir, 'enabled.yaml'), result.stdout);
    const again = cli(
      'enable-audit',
      join(dir, 'enabled.yaml'),
      ...ENABLE,
      '--maxage',
      '30',
      '--maxbackup',
      '10',
      '--maxsize',
      '100',
      '--compress',
      '--policy',
      policy,
    );
    assert.equal(again.stdout, result.stdout, 'idempotent');
    const disabled = cli('disable-audit', join(dir, 'enabled.yaml'));
    assert.equal(disabled.code, 0);
    assert.equal(disabled.stdout, original);
  });

  it('--diff prints a unified diff', () => {
    const result = cli('enable-audit', MANIFEST, ...ENABLE, '--diff');
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^--- .*\n\+\+\+ .*\(edited\)\n@@ /);
    assert.match(result.stdout, /\n\+ {4}- --audit-policy-file=\/etc\/kubernetes\/audit-policy.yaml\n/);
  });

  it('refuses a template with exit 1, a positioned reason on stderr and nothing on stdout', () => {
    for (const args of [
      ['enable-audit', TEMPLATE, ...ENABLE],
      ['disable-audit', TEMPLATE],
      ['show-audit', TEMPLATE],
    ]) {
      const result = cli(...args);
      assert.equal(result.code, 1);
      assert.equal(result.stdout, '');
      assert.match(
        result.stderr,
        /azure-aks-engine__kubernetesmaster-kube-apiserver\.yaml:14:14: refused: this is a template/,
      );
    }
  });

  it('exits 2 on usage and I/O errors', () => {
    assert.equal(cli('enable-audit', MANIFEST, '--log-path', '/var/log/a.log').code, 2, 'missing --policy-path');
    const relative = cli('enable-audit', MANIFEST, '--policy-path', 'audit.yaml', '--log-path', '/var/log/a.log');
    assert.equal(relative.code, 2);
    assert.match(relative.stderr, /absolute path/);
    assert.equal(cli('enable-audit', MANIFEST, ...ENABLE, '--maxage', 'ten').code, 2);
    assert.equal(cli('enable-audit', MANIFEST, ...ENABLE, '--policy', '/nonexistent/policy.yaml').code, 2);
    const missing = cli('disable-audit', '/nonexistent/kube-apiserver.yaml');
    assert.equal(missing.code, 2);
    assert.equal(missing.stdout, '');
    assert.equal(cli('frobnicate').code, 2);
  });

  it('show-audit --json reports the configuration', () => {
    const result = cli('show-audit', join(ROOT, 'test/fixtures/manifests/partly-set-two-item-flags.yaml'), '--json');
    assert.equal(result.code, 0);
    const config = JSON.parse(result.stdout);
    assert.equal(config.maxAge, 14);
    assert.equal(config.logPath, '/var/log/kubernetes/audit/audit.log');
  });

  it('--kubeadm edits a ClusterConfiguration', () => {
    const result = cli(
      'enable-audit',
      join(ROOT, 'test/fixtures/manifests/kubeadm-clusterconfig-v1beta4.yaml'),
      '--kubeadm',
      ...ENABLE,
    );
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(parse(result.stdout).apiServer.extraArgs[1], {
      name: 'audit-policy-file',
      value: '/etc/kubernetes/audit-policy.yaml',
    });
  });
});
