// Every kube-apiserver manifest in the shared corpus: literal Pods are edited, re-applied idempotently and reversed
// byte-for-byte; templates and other objects are refused with a reason and a position.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { enableAudit } from '../../shared/manifest/enable-audit.ts';
import { disableAudit } from '../../shared/manifest/disable-audit.ts';
import { readAuditConfig } from '../../shared/manifest/read-audit-config.ts';
import type { AuditSettings } from '../../shared/manifest/audit-settings.ts';
import {
  apiServerContainer,
  assertLinesKept,
  assertMounted,
  auditFlagNames,
  flagValues,
} from './manifest-assertions.ts';
import { SHARED_DIR } from '../support/shared-dir.ts';

const CORPUS = join(SHARED_DIR, 'corpus/manifests');

function corpusFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? corpusFiles(path) : [path];
  });
}

const SETTINGS: AuditSettings = {
  policyPath: '/etc/kubernetes/audit-policy.yaml',
  logPath: '/var/log/kubernetes/audit/audit.log',
  maxAge: 30,
  maxBackup: 10,
  maxSize: 100,
  policySha256: '3f'.repeat(32),
};

const files = corpusFiles(CORPUS).sort();

describe('manifest editing on the corpus', () => {
  it('finds the corpus', () => assert.ok(files.length >= 7, `corpus has ${files.length} files`));

  for (const file of files.filter((each) => each.includes('/templates/'))) {
    it(`refuses the template ${file.slice(CORPUS.length + 1)}`, () => {
      const text = readFileSync(file, 'utf8');
      for (const result of [enableAudit(text, SETTINGS), disableAudit(text), readAuditConfig(text)]) {
        assert.equal(result.ok, false);
        if (result.ok) return;
        assert.match(result.reason, /template/);
        assert.ok(result.line! >= 1 && result.column! >= 1);
        const line = text.split('\n')[result.line! - 1]!;
        assert.match(line.slice(result.column! - 1), /^\{[{%#]/, 'the position points at the template marker');
      }
    });
  }

  it('refuses the kind Cluster config (not a Pod)', () => {
    const result = enableAudit(
      readFileSync(join(CORPUS, 'related/kind-docs__kind-config-audit.yaml'), 'utf8'),
      SETTINGS,
    );
    assert.deepEqual(result, {
      ok: false,
      reason: 'this is a Cluster, not a Pod: only the kube-apiserver static pod manifest can be edited',
      line: 1,
      column: 7,
    });
  });

  for (const file of files.filter((each) => !each.includes('/templates/') && !each.includes('/related/'))) {
    it(`edits, re-applies and reverses ${file.slice(CORPUS.length + 1)}`, () => {
      const original = readFileSync(file, 'utf8');
      assert.equal(
        auditFlagNames(apiServerContainer(original).container).length,
        0,
        'corpus file starts without audit',
      );
      const enabled = enableAudit(original, SETTINGS);
      assert.ok(enabled.ok, JSON.stringify(enabled));
      const { pod, container } = apiServerContainer(enabled.text);
      assert.deepEqual(flagValues(container, 'audit-policy-file'), [SETTINGS.policyPath]);
      assert.deepEqual(flagValues(container, 'audit-log-path'), [SETTINGS.logPath]);
      assert.deepEqual(flagValues(container, 'audit-log-maxage'), ['30']);
      assert.deepEqual(flagValues(container, 'audit-log-maxbackup'), ['10']);
      assert.deepEqual(flagValues(container, 'audit-log-maxsize'), ['100']);
      assertMounted(enabled.text, SETTINGS.policyPath, { type: 'File' });
      assertMounted(enabled.text, '/var/log/kubernetes/audit', { writable: true, type: 'DirectoryOrCreate' });
      assert.equal(pod.metadata?.annotations?.['auditscope.io/policy-sha256'], SETTINGS.policySha256);
      assertLinesKept(original, enabled.text);
      assert.equal(enabled.text.split('\n').length - original.split('\n').length, 19, 'only added lines');

      const again = enableAudit(enabled.text, SETTINGS);
      assert.deepEqual(again, { ok: true, text: enabled.text, changes: [] });

      const disabled = disableAudit(enabled.text);
      assert.ok(disabled.ok);
      assert.equal(disabled.text, original);
      assert.deepEqual(disableAudit(original), { ok: true, text: original, changes: [] });
    });
  }
});
