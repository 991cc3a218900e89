// The manifest editor on hand-written fixtures covering the shapes real control planes have.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { enableAudit } from '../../shared/manifest/enable-audit.ts';
import { disableAudit } from '../../shared/manifest/disable-audit.ts';
import type { AuditSettings } from '../../shared/manifest/audit-settings.ts';
import type { EditResult } from '../../shared/manifest/result.ts';
import {
  apiServerContainer,
  assertLinesKept,
  assertMounted,
  auditFlagNames,
  flagValues,
} from './manifest-assertions.ts';
import { SHARED_DIR } from '../support/shared-dir.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/manifests');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const CORPUS_KUBEADM = readFileSync(
  join(SHARED_DIR, 'corpus/manifests/zetaoss-zeta-linux__v1.29.0-kubeadm-killercoda.yaml'),
  'utf8',
);

const SETTINGS: AuditSettings = {
  policyPath: '/etc/kubernetes/audit-policy.yaml',
  logPath: '/var/log/kubernetes/audit/audit.log',
  maxAge: 30,
  maxBackup: 10,
  maxSize: 100,
  policySha256: 'ab'.repeat(32),
};

function ok(result: EditResult): { text: string; changes: string[] } {
  assert.ok(result.ok, JSON.stringify(result));
  return result;
}

function assertIdempotent(text: string, settings: AuditSettings = SETTINGS): void {
  assert.deepEqual(enableAudit(text, settings), { ok: true, text, changes: [] });
}

function assertStandardAudit(text: string): void {
  const { container } = apiServerContainer(text);
  for (const [flag, value] of [
    ['audit-policy-file', SETTINGS.policyPath],
    ['audit-log-path', SETTINGS.logPath],
    ['audit-log-maxage', '30'],
    ['audit-log-maxbackup', '10'],
    ['audit-log-maxsize', '100'],
  ] as const) {
    assert.deepEqual(flagValues(container, flag), [value], `--${flag} once with its value`);
  }
  assertMounted(text, SETTINGS.policyPath);
  assertMounted(text, '/var/log/kubernetes/audit', { writable: true });
}

describe('manifest editing on fixtures', () => {
  for (const name of ['kubeadm-v1.24.yaml', 'kubeadm-v1.36.yaml', 'kubectl-get-dump.yaml', 'no-volumes-minimal.yaml']) {
    it(`round-trips ${name}`, () => {
      const original = fixture(name);
      const enabled = ok(enableAudit(original, SETTINGS));
      assertStandardAudit(enabled.text);
      assertLinesKept(original, enabled.text);
      assertIdempotent(enabled.text);
      assert.equal(ok(disableAudit(enabled.text)).text, original);
    });
  }

  it('keeps the status block and existing annotations of a kubectl dump', () => {
    const enabled = ok(enableAudit(fixture('kubectl-get-dump.yaml'), SETTINGS));
    const { pod } = apiServerContainer(enabled.text);
    const annotations = pod.metadata!.annotations!;
    assert.equal(annotations['kubernetes.io/config.seen'], '2025-03-14T09:26:53.123456789Z');
    assert.equal(annotations['auditscope.io/policy-sha256'], SETTINGS.policySha256);
    assert.match(enabled.text, /\nstatus:\n {2}conditions:\n/);
  });

  it('creates volumeMounts and volumes lists when the manifest has none', () => {
    const enabled = ok(enableAudit(fixture('no-volumes-minimal.yaml'), SETTINGS));
    assert.match(enabled.text, /\n {4}volumeMounts:\n {4}- mountPath: \/etc\/kubernetes\/audit-policy.yaml\n/);
    assert.match(
      enabled.text,
      /\n {2}volumes:\n {2}- hostPath:\n {6}path: \/etc\/kubernetes\/audit-policy.yaml\n {6}type: File\n {4}name: audit-policy\n/,
    );
  });

  it('fixes a partly set manifest: two-item flags, duplicates, quotes, comments, $(POD_IP), read-only log mount', () => {
    const original = fixture('partly-set-two-item-flags.yaml');
    const enabled = ok(enableAudit(original, SETTINGS));
    assertStandardAudit(enabled.text);
    const lines = enabled.text.split('\n');
    // The two-item form keeps its shape; the quoted item keeps its quotes; the duplicate (and its comment) goes.
    assert.deepEqual(
      lines.slice(lines.indexOf('    - --audit-log-path'), lines.indexOf('    - --audit-log-path') + 2),
      ['    - --audit-log-path', '    - /var/log/kubernetes/audit/audit.log'],
    );
    assert.ok(lines.includes('    - "--audit-log-maxbackup=10"'));
    assert.ok(!enabled.text.includes('--audit-log-maxage=14'));
    assert.ok(lines.includes('    - --advertise-address=$(POD_IP)   # filled in by the kubelet from the downward API'));
    assert.ok(lines.includes('    - name: k8s-certs # certificates'));
    // The existing name-first audit-log volume is reused (made writable), the new ones are written name-first too.
    assert.equal(
      apiServerContainer(enabled.text).container.volumeMounts!.find((m) => m.name === 'audit-log')!.readOnly,
      false,
    );
    assert.match(
      enabled.text,
      /\n {2}- name: audit-policy\n {4}hostPath:\n {6}path: \/etc\/kubernetes\/audit-policy.yaml\n {6}type: File\n/,
    );
    assert.match(
      enabled.text,
      /\n {4}- name: audit-policy\n {6}mountPath: \/etc\/kubernetes\/audit-policy.yaml\n {6}readOnly: true\n/,
    );
    assertLinesKept(original, enabled.text, (line) => line.includes('audit') || line === '      readOnly: true');
    assertIdempotent(enabled.text);
    // Disabling removes every audit flag, mount and volume, including the ones that were there before.
    const disabled = ok(disableAudit(enabled.text));
    const { pod, container } = apiServerContainer(disabled.text);
    assert.deepEqual(auditFlagNames(container), []);
    assert.deepEqual(
      container.volumeMounts!.map((mount) => mount.name),
      ['k8s-certs'],
    );
    assert.deepEqual(
      pod.spec.volumes!.map((volume) => volume.name),
      ['k8s-certs'],
    );
    assert.equal(pod.metadata!.annotations, undefined);
    assertLinesKept(disabled.text, original);
  });

  it('writes flags into args (indented, double-quoted) and reuses the /etc/kubernetes directory mount', () => {
    const original = fixture('indented-args-quoted.yaml');
    const enabled = ok(enableAudit(original, SETTINGS));
    const { container } = apiServerContainer(enabled.text);
    assert.deepEqual(container.command, ['kube-apiserver']);
    assert.deepEqual(flagValues(container, 'audit-policy-file'), [SETTINGS.policyPath]);
    assert.ok(enabled.text.includes('\n        - "--audit-policy-file=/etc/kubernetes/audit-policy.yaml"\n'));
    assert.ok(
      !enabled.changes.some((change) => change.includes('volume audit-policy')),
      'policy is visible via /etc/kubernetes',
    );
    assertMounted(enabled.text, SETTINGS.policyPath);
    assertMounted(enabled.text, '/var/log/kubernetes/audit', { writable: true, type: 'DirectoryOrCreate' });
    assert.match(
      enabled.text,
      /\n {4}- name: audit-log\n {6}hostPath:\n {8}path: \/var\/log\/kubernetes\/audit\n {8}type: DirectoryOrCreate\n#EOF\n$/,
    );
    assertLinesKept(original, enabled.text);
    assertIdempotent(enabled.text);
    assert.equal(ok(disableAudit(enabled.text)).text, original);
  });

  it('preserves CRLF line endings, a byte-order mark and a missing final newline', () => {
    const original = '\uFEFF' + CORPUS_KUBEADM.replace(/\n/g, '\r\n').replace(/\r\n$/, '');
    const enabled = ok(enableAudit(original, SETTINGS));
    assert.ok(enabled.text.startsWith('\uFEFFapiVersion: v1\r\n'));
    assert.ok(!/[^\r]\n/.test(enabled.text), 'every line break is CRLF');
    assert.ok(enabled.text.endsWith('status: {}'), 'still no final newline');
    assertStandardAudit(enabled.text);
    assertIdempotent(enabled.text);
    assert.equal(ok(disableAudit(enabled.text)).text, original);
  });

  it('appends at the end of a file without final newline whose last list is volumes', () => {
    const original = CORPUS_KUBEADM.replace(/status: \{\}\n$/, '').replace(/\n$/, '');
    const enabled = ok(enableAudit(original, SETTINGS));
    assert.ok(enabled.text.endsWith('\n    name: audit-log'));
    assertStandardAudit(enabled.text);
    assertIdempotent(enabled.text);
    assert.equal(ok(disableAudit(enabled.text)).text, original);
  });

  it('a policy-only change touches only the annotation', () => {
    const enabled = ok(enableAudit(CORPUS_KUBEADM, SETTINGS));
    const changed = ok(enableAudit(enabled.text, { ...SETTINGS, policySha256: 'cd'.repeat(32) }));
    assert.equal(changed.changes.length, 1);
    const before = enabled.text.split('\n');
    const after = changed.text.split('\n');
    assert.equal(after.length, before.length);
    assert.deepEqual(
      after.filter((line, index) => line !== before[index]),
      [`    auditscope.io/policy-sha256: ${'cd'.repeat(32)}`],
    );
  });

  it('moves the mounts when the paths change instead of leaving stale ones', () => {
    const enabled = ok(enableAudit(CORPUS_KUBEADM, SETTINGS));
    const moved = ok(
      enableAudit(enabled.text, {
        ...SETTINGS,
        policyPath: '/etc/kubernetes/audit/policy.yaml',
        logPath: '/var/log/apiserver-audit/audit.log',
      }),
    );
    const { pod, container } = apiServerContainer(moved.text);
    assert.deepEqual(flagValues(container, 'audit-policy-file'), ['/etc/kubernetes/audit/policy.yaml']);
    assertMounted(moved.text, '/etc/kubernetes/audit/policy.yaml', { type: 'File' });
    assertMounted(moved.text, '/var/log/apiserver-audit', { writable: true });
    assert.equal(pod.spec.volumes!.length, 8, 'no volume was added');
    assert.ok(!moved.text.includes('/var/log/kubernetes/audit'));
    assert.equal(ok(disableAudit(moved.text)).text, CORPUS_KUBEADM);
  });

  it('toggles compress, sets format and mode, and switches on a webhook backend', () => {
    const enabled = ok(enableAudit(CORPUS_KUBEADM, { ...SETTINGS, compress: true, format: 'json', mode: 'batch' }));
    let { container } = apiServerContainer(enabled.text);
    assert.deepEqual(flagValues(container, 'audit-log-compress'), ['true']);
    assert.deepEqual(flagValues(container, 'audit-log-mode'), ['batch']);
    const off = ok(
      enableAudit(enabled.text, {
        ...SETTINGS,
        compress: false,
        webhookConfigPath: '/etc/kubernetes/audit-webhook.kubeconfig',
      }),
    );
    ({ container } = apiServerContainer(off.text));
    assert.deepEqual(flagValues(container, 'audit-log-compress'), []);
    assert.deepEqual(flagValues(container, 'audit-log-format'), ['json'], 'undefined settings keep the manifest value');
    assert.deepEqual(flagValues(container, 'audit-webhook-config-file'), ['/etc/kubernetes/audit-webhook.kubeconfig']);
    assertMounted(off.text, '/etc/kubernetes/audit-webhook.kubeconfig', { type: 'File' });
    assert.equal(ok(disableAudit(off.text)).text, CORPUS_KUBEADM);
  });

  it('writes numbers quoted in the two-item form so they stay strings', () => {
    const original = fixture('partly-set-two-item-flags.yaml').replace(
      / {4}- --audit-log-maxage=7\n {4}- "--audit-log-maxbackup=3"\n {4}- --audit-log-maxage=14 .*\n/,
      '',
    );
    const twoItem = original.replace('    - --allow-privileged=true\n', '    - --allow-privileged\n    - "true"\n');
    const enabled = ok(
      enableAudit(twoItem, { ...SETTINGS, logPath: '-', maxAge: undefined, maxBackup: undefined, maxSize: undefined }),
    );
    const { container } = apiServerContainer(enabled.text);
    assert.deepEqual(flagValues(container, 'audit-log-path'), ['-']);
    assert.ok(enabled.text.includes('    - --audit-log-path\n    - "-"\n'));
  });

  const refusals: [string, string | (() => string), RegExp, number?][] = [
    ['a DaemonSet', 'daemonset.yaml', /DaemonSet, not a Pod/, 2],
    ['tab indentation', 'tabs.yaml', /invalid YAML: Tabs are not allowed/, 8],
    ['several documents', 'multi-document.yaml', /2 YAML documents/, 10],
    ['a pod without kube-apiserver', 'kube-scheduler.yaml', /no kube-apiserver container/, 11],
    [
      'a flow-style command',
      () =>
        CORPUS_KUBEADM.replace(
          / {2}- command:\n( {4}- .*\n)+/,
          (block) =>
            `  - command: [${block
              .split('\n')
              .slice(1, -1)
              .map((l) => l.slice(6))
              .join(', ')}]\n`,
        ),
      /flow style/,
      14,
    ],
    ['an empty file', () => '', /empty/],
    ['a Jinja comment', () => CORPUS_KUBEADM + '{# rendered by ansible #}\n', /template/, 129],
  ];
  for (const [what, input, reason, line] of refusals) {
    it(`refuses ${what}`, () => {
      const text = typeof input === 'string' ? fixture(input) : input();
      const results = [enableAudit(text, SETTINGS)];
      // A flow-style command holding no audit flag needs no edit to disable audit, so it is not refused there.
      if (!what.includes('flow')) results.push(disableAudit(text));
      for (const result of results) {
        assert.equal(result.ok, false);
        if (result.ok) return;
        assert.match(result.reason, reason);
        assert.equal(result.line, line);
      }
    });
  }

  it('refuses invalid settings before looking at the manifest', () => {
    const result = enableAudit(CORPUS_KUBEADM, { ...SETTINGS, policyPath: '/etc/kubernetes/manifests/audit.yaml' });
    assert.equal(result.ok, false);
    assert.match(!result.ok ? result.reason : '', /inside the manifests directory/);
  });
});
