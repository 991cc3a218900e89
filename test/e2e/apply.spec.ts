// The Apply flow in browser mode against a real sshd (the rig) and a simulated control-plane node (test/sim): write
// a policy in the builder, add the node and trust its host key, walk the wizard (settings, plan with diffs, the
// in-page confirmation), watch the progress, check the node's files and its restarted API server on disk, then
// revert from the journal and find the node byte-for-byte as before.
import { expect, test, type Page } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rigFixture } from '../rig/node-layout.ts';
import { startRig, type Rig } from '../rig/rig.ts';
import { startSimNode, type SimNode } from '../sim/sim-node.ts';
import { openApp, screenshot, setTheme } from './support/app.ts';

let rig: Rig<'admin'>;
let node: SimNode;
const POLICY = rigFixture('audit-policy.yaml');
const MANIFEST = 'etc/kubernetes/manifests/kube-apiserver.yaml';
const POLICY_FILE = 'etc/kubernetes/audit-policy.yaml';
const AUDIT_LOG = 'var/log/kubernetes/audit/audit.log';

test.beforeAll(async () => {
  rig = await startRig<'admin'>({ users: { admin: { sudo: 'nopasswd' } }, layout: false });
  node = await startSimNode(rig, rig.users.admin, 'e2e');
});
test.afterAll(async ({ browser }) => {
  // Leave the shared e2e inventory empty for the specs after this one, even when this test failed half-way.
  const page = await browser.newPage();
  await openApp(page, '#/nodes');
  await page.evaluate(async () => {
    const call = async (channel: string, input: unknown) =>
      (await (await fetch(`/api/${channel}`, { method: 'POST', body: JSON.stringify(input) })).json()) as {
        value: { clusters: { id: string }[] };
      };
    for (const cluster of (await call('nodes.list', {})).value.clusters)
      await call('nodes.removeCluster', { clusterId: cluster.id });
  });
  await page.close();
  await node?.sim.stop();
  rig?.stop();
});

/** Replaces the builder's YAML the way a paste does. */
async function setYaml(page: Page, text: string): Promise<void> {
  await page.evaluate((value) => {
    const monaco = (
      window as unknown as {
        monaco: { editor: { getModels(): { uri: { path: string }; setValue(v: string): void }[] } };
      }
    ).monaco;
    monaco.editor
      .getModels()
      .find((model) => model.uri.path.endsWith('policy.yaml'))!
      .setValue(value);
  }, text);
}

const onNode = (path: string) => join(node.layout.root, path);

test('applies the builder policy to a node through the wizard, then reverts it from the journal', async ({ page }) => {
  test.setTimeout(120_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  const manifestBefore = readFileSync(onNode(MANIFEST));
  expect(existsSync(onNode(POLICY_FILE))).toBe(false);
  const containerBefore = node.sim.runningContainerId();

  // 1. The policy, written in the builder.
  await openApp(page, '#/policy');
  // Follow the system theme, so the pictures below can be taken in either scheme without leaving the wizard.
  await setTheme(page, 'system');
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(page.getByRole('region', { name: 'Policy YAML' }).locator('.monaco-editor')).toBeVisible();
  await setYaml(page, POLICY);
  await expect(page.getByRole('region', { name: 'Policy YAML' })).toContainText('omitStages');

  // 2. The node, added in the Nodes section; its host key is trusted explicitly on the first probe.
  await page.getByRole('tab', { name: 'Nodes' }).click();
  await page.getByRole('button', { name: 'Add cluster' }).first().click();
  await page.getByLabel('Cluster name').fill('sim');
  await page.getByRole('dialog').getByRole('button', { name: 'Add cluster' }).click();
  await page.getByRole('button', { name: 'Add node' }).click();
  const form = page.getByRole('dialog', { name: 'Add node' });
  await form.getByLabel('Name', { exact: true }).fill('cp-sim');
  await form.getByLabel('Host', { exact: true }).fill('127.0.0.1');
  await form.getByLabel('Port', { exact: true }).fill(String(rig.sshd.port));
  await form.getByLabel('User', { exact: true }).fill(rig.users.admin.name);
  await form.getByLabel('Authentication: key file').fill(rig.users.admin.privateKeyPath);
  await form.getByLabel('File-system root (advanced)').fill(node.layout.root);
  await form.getByRole('button', { name: 'Save node' }).click();
  await expect(form).toBeHidden();
  const card = page.getByRole('region', { name: 'Node cp-sim' });
  await card.getByRole('button', { name: 'Probe' }).click();
  await page
    .getByRole('dialog', { name: 'Unknown host key' })
    .getByRole('button', { name: 'Trust this key and connect' })
    .click();
  await expect(card.getByTestId('audit-status')).toHaveText('not enabled', { timeout: 30_000 });

  // 3. The wizard: settings.
  await page.getByRole('region', { name: 'Cluster sim' }).getByRole('button', { name: 'Apply audit policy' }).click();
  const panel = page.getByRole('dialog', { name: /^Apply audit settings — cp-sim/ });
  await expect(panel).toBeVisible();
  await panel.getByLabel('Max age (days)').fill('7');
  await expect(panel.getByTestId('disk-estimate')).toContainText('up to about 1.1 GiB');
  // The simulator serves /livez over plain HTTP on its own port, not https://127.0.0.1:6443.
  await panel.getByLabel('Health URL (advanced, optional)').fill(node.target.livezUrl!);
  await panel.getByRole('button', { name: 'Review plan' }).click();

  // 4. The plan: checks and side-by-side diffs; nothing written yet.
  const plan = panel.getByRole('region', { name: 'Plan for cp-sim' });
  await expect(plan).toContainText('Kubernetes 1.29');
  await expect(plan.locator('[data-check-status="failed"]')).toHaveCount(0);
  await expect(plan).toContainText('valid for Kubernetes 1.29');
  const diffs = plan.getByTestId('change-diff');
  await expect(diffs).toHaveCount(2);
  await expect(diffs.nth(0)).toContainText('Policy file: /etc/kubernetes/audit-policy.yaml (new file)');
  await expect(diffs.nth(1)).toContainText('kube-apiserver manifest: /etc/kubernetes/manifests/kube-apiserver.yaml');
  await expect(diffs.nth(1).locator('.monaco-diff-editor')).toContainText('--audit-log-maxage=7');
  expect(readFileSync(onNode(MANIFEST))).toEqual(manifestBefore);
  await screenshot(page, 'apply-plan-light');

  // 5. Confirm in the page's dialog, which names the node.
  await panel.getByRole('button', { name: 'Apply…' }).click();
  const confirm = page.getByRole('dialog', { name: 'Apply on 1 node?' });
  await expect(confirm).toContainText('cp-sim');
  await confirm.getByRole('button', { name: 'Apply', exact: true }).click();

  // 6. Per-node progress and success.
  const progress = panel.getByRole('region', { name: 'Progress of cp-sim' });
  await expect(panel.getByTestId('run-outcome')).toHaveText('Rollout succeeded', { timeout: 30_000 });
  for (const step of ['connect', 'verify', 'backup', 'write-policy', 'write-manifest', 'wait-restart', 'check-log'])
    await expect(progress.locator(`[data-step="${step}"][data-status="ok"]`)).toHaveCount(1);
  await expect(progress).toContainText('applied: applied and healthy');
  await expect(progress).toContainText('Backup: /etc/kubernetes/auditscope-backups/');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.locator('html[data-theme="dark"]')).toBeAttached();
  // Let MUI's colour transitions finish.
  await page.waitForTimeout(500);
  await screenshot(page, 'apply-progress-dark');

  // 7. On the node: the policy, the manifest, a new API server and audit events in the log.
  expect(readFileSync(onNode(POLICY_FILE), 'utf8')).toBe(POLICY);
  const manifest = readFileSync(onNode(MANIFEST), 'utf8');
  expect(manifest).toContain('- --audit-policy-file=/etc/kubernetes/audit-policy.yaml');
  expect(manifest).toContain('- --audit-log-maxage=7');
  expect(manifest).toMatch(/auditscope\.io\/policy-sha256: /);
  expect(node.sim.runningContainerId()).not.toBe(containerBefore);
  const events = readFileSync(onNode(AUDIT_LOG), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { kind: string; level: string });
  expect(events.length).toBeGreaterThan(0);
  expect(events.every((event) => event.kind === 'Event' && event.level === 'Metadata')).toBe(true);

  // 8. Revert from the journal, through the same plan and confirmation.
  await page.emulateMedia({ colorScheme: 'light' });
  await panel.getByRole('button', { name: 'Show journal' }).click();
  const entry = panel.getByTestId('journal-entry');
  await expect(entry).toHaveCount(1);
  await entry.getByRole('button').first().click();
  await expect(entry).toContainText('cp-sim');
  await entry.getByRole('button', { name: /^Revert the apply of / }).click();
  await expect(plan).toContainText('the node still has what that apply wrote');
  await expect(diffs).toHaveCount(2);
  await expect(diffs.nth(0)).toContainText('Policy file: /etc/kubernetes/audit-policy.yaml (removed)');
  await panel.getByRole('button', { name: 'Revert…' }).click();
  await page.getByRole('dialog', { name: 'Revert on 1 node?' }).getByRole('button', { name: 'Revert' }).click();
  await expect(panel.getByTestId('run-outcome')).toHaveText('Rollout succeeded', { timeout: 30_000 });
  await expect(progress).toContainText('applied: applied and healthy');

  // The node is byte-for-byte as before: the manifest restored, the policy file gone again.
  expect(readFileSync(onNode(MANIFEST))).toEqual(manifestBefore);
  expect(existsSync(onNode(POLICY_FILE))).toBe(false);
  await panel.getByRole('button', { name: 'Show journal' }).click();
  await expect(entry).toHaveCount(2);
  await expect(entry.first()).toContainText('revert');
  await panel.getByRole('button', { name: 'Close the apply panel' }).click();
  await expect(panel).toBeHidden();
  expect(errors).toEqual([]);
});
