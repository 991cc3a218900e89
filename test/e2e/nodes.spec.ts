// The Nodes section in browser mode against a real sshd (the rig): add a cluster and a node, probe it, accept the
// unknown host key in the dialog, and see the detected manifest and audit status on the node's card.
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fingerprintSha256 } from '../../electron/backend/ssh/host-keys.ts';
import { startRig, type Rig } from '../rig/rig.ts';
import { openApp, screenshot, setTheme } from './support/app.ts';

let rig: Rig<'admin'>;

test.beforeAll(async () => {
  rig = await startRig<'admin'>({ users: { admin: { sudo: 'nopasswd' } }, fakeProcesses: ['kubelet'] });
});
test.afterAll(() => rig?.stop());

test('adds a node, trusts its host key explicitly, probes it and shows the audit setup', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await openApp(page, '#/nodes');
  await setTheme(page, 'light');
  await expect(page.getByRole('heading', { name: 'No clusters yet' })).toBeVisible();

  await page.getByRole('button', { name: 'Add cluster' }).first().click();
  await page.getByLabel('Cluster name').fill('staging');
  await page.getByRole('dialog').getByRole('button', { name: 'Add cluster' }).click();
  await expect(page.getByRole('heading', { name: 'staging' })).toBeVisible();

  await page.getByRole('button', { name: 'Add node' }).click();
  const form = page.getByRole('dialog', { name: 'Add node' });
  await form.getByLabel('Name', { exact: true }).fill('cp-1');
  await form.getByLabel('Host', { exact: true }).fill('127.0.0.1');
  await form.getByLabel('Port', { exact: true }).fill(String(rig.sshd.port));
  await form.getByLabel('User', { exact: true }).fill(rig.users.admin.name);
  await form.getByLabel('Authentication: key file').fill(rig.users.admin.privateKeyPath);
  await form.getByLabel('File-system root (advanced)').fill(rig.layout!.root);
  await form.getByRole('button', { name: 'Save node' }).click();
  await expect(form).toBeHidden();

  const card = page.getByRole('region', { name: 'Node cp-1' });
  await expect(card).toContainText('Not checked yet');
  await card.getByRole('button', { name: 'Probe' }).click();

  // The key is unknown: the dialog shows it, and nothing happens until the explicit click.
  const dialog = page.getByRole('dialog', { name: 'Unknown host key' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('host-key-fingerprint')).toHaveText(fingerprintSha256(rig.sshd.hostKeyBlob));
  await expect(dialog.getByTestId('host-key-type')).toHaveText('ssh-ed25519');
  const userData = process.env.AUDITSCOPE_E2E_USER_DATA!;
  const store = () => {
    try {
      return readFileSync(join(userData, 'known_hosts'), 'utf8');
    } catch {
      return '';
    }
  };
  expect(store()).not.toContain(`[127.0.0.1]:${rig.sshd.port}`);
  await dialog.getByRole('button', { name: 'Trust this key and connect' }).click();

  await expect(card.getByTestId('manifest-status')).toHaveText('found: /etc/kubernetes/manifests/kube-apiserver.yaml', {
    timeout: 30_000,
  });
  await expect(card.getByTestId('audit-status')).toHaveText('enabled');
  await expect(card.getByTestId('policy-sha256')).toContainText('sha256 ');
  await expect(card).toContainText('kubeadm (static pod)');
  await expect(card).toContainText('/var/log/kubernetes/audit/audit.log · 4.0 KiB');
  await expect(card).toContainText('max age 30 d, 10 backups, max size 100 MB');
  expect(store()).toContain(`[127.0.0.1]:${rig.sshd.port} ssh-ed25519 ${rig.sshd.hostKeyBase64}`);

  // No focus tooltip over the pictures.
  const blur = () => page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await blur();
  await screenshot(page, 'nodes-light');
  await setTheme(page, 'dark');
  await expect(page.locator('html[data-theme="dark"]')).toBeAttached();
  await blur();
  // Let MUI's colour transitions finish, or buttons are caught half-way between the themes.
  await page.waitForTimeout(500);
  await screenshot(page, 'nodes-dark');

  // A second test of the connection reuses the recorded key: no dialog.
  await card.getByRole('button', { name: 'Test connection' }).click();
  await expect(card).toContainText(`Connected as ${rig.users.admin.name}`);
  await expect(page.getByRole('dialog')).toHaveCount(0);
  expect(errors).toEqual([]);
});
