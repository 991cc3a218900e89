// First run: the welcome screen offers the three ways in, each lands in its section, and the choice is remembered
// by the backend's settings store (the global setup seeds welcomeSeen: true; these tests clear it on purpose).
import { expect, test, type Page } from '@playwright/test';
import { openApp, screenshot } from './support/app.ts';

/** Sets welcomeSeen through the real settings API, with the session cookie the page already holds. */
async function setWelcomeSeen(page: Page, welcomeSeen: boolean): Promise<void> {
  const status = await page.evaluate(async (value) => {
    const response = await fetch('/api/settings.update', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ welcomeSeen: value }),
    });
    return response.status;
  }, welcomeSeen);
  expect(status).toBe(200);
}

async function openAsFirstRun(page: Page): Promise<void> {
  await openApp(page);
  await setWelcomeSeen(page, false);
  await page.reload();
  await expect(page.locator('body[data-app-ready="true"]')).toBeAttached();
}

test.afterEach(async ({ page }) => {
  // Leave the shared user-data folder as the other specs expect it, whatever happened above.
  await setWelcomeSeen(page, true);
});

const WAYS_IN = [
  { name: 'Start a policy from a preset', tab: 'Policy', hash: '#/policy' },
  { name: 'Connect a control-plane node', tab: 'Nodes', hash: '#/nodes' },
  { name: 'Open an audit log', tab: 'Logs', hash: '#/logs' },
] as const;

for (const way of WAYS_IN) {
  test(`“${way.name}” opens the ${way.tab} section and is remembered`, async ({ page }) => {
    await openAsFirstRun(page);
    const welcome = page.getByRole('dialog', { name: 'Welcome to Auditscope' });
    await expect(welcome).toBeVisible();
    await expect(welcome.getByRole('button')).toHaveCount(4); // three ways in and Skip
    if (way.tab === 'Policy') await screenshot(page, 'welcome');

    await welcome.getByRole('button', { name: way.name }).click();
    await expect(welcome).toHaveCount(0);
    if (way.tab === 'Policy') {
      // Starting from a preset lands in the builder with the preset gallery open.
      const gallery = page.getByRole('dialog', { name: 'Start a policy' });
      await expect(gallery).toBeVisible();
      await gallery.getByRole('button', { name: 'Cancel' }).click();
      await expect(gallery).toHaveCount(0);
    }
    await expect(page.getByRole('tab', { name: way.tab, exact: true })).toHaveAttribute('aria-selected', 'true');
    expect(new URL(page.url()).hash).toBe(way.hash);

    await page.reload();
    await expect(page.locator('body[data-app-ready="true"]')).toBeAttached();
    await expect(page.getByRole('tab', { name: way.tab, exact: true })).toBeVisible();
    await expect(page.getByRole('dialog', { name: 'Welcome to Auditscope' })).toHaveCount(0);
  });
}

test('Skip and Escape dismiss it for good; About brings it back without resetting it', async ({ page }) => {
  await openAsFirstRun(page);
  const welcome = page.getByRole('dialog', { name: 'Welcome to Auditscope' });
  // Keyboard: the first way in takes focus inside the dialog, Escape closes it.
  await expect(welcome).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(welcome).toHaveCount(0);
  await page.reload();
  await expect(page.locator('body[data-app-ready="true"]')).toBeAttached();
  await expect(welcome).toHaveCount(0);

  await page.getByRole('button', { name: 'About Auditscope' }).click();
  await page.getByRole('button', { name: 'Show welcome screen' }).click();
  await expect(welcome).toBeVisible();
  await welcome.getByRole('button', { name: 'Skip for now' }).click();
  await expect(welcome).toHaveCount(0);
  await page.reload();
  await expect(page.locator('body[data-app-ready="true"]')).toBeAttached();
  await expect(welcome).toHaveCount(0);
});

test('About shows the running versions and the bundled licences', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'About Auditscope' }).click();
  const about = page.getByRole('dialog', { name: 'About Auditscope' });
  const info = await page.evaluate(
    async () =>
      (await (
        await fetch('/api/app.info', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })
      ).json()) as { value: { version: string; versions: { node: string } } },
  );
  await expect(about.getByText(info.value.version, { exact: true })).toBeVisible();
  await expect(about.getByText(info.value.versions.node, { exact: true })).toBeVisible();
  await expect(about.getByText('Browser mode')).toBeVisible();

  const components = about.getByRole('region', { name: 'Bundled components and their licences' });
  await expect(components.getByText('react', { exact: true })).toBeVisible();
  await about.getByLabel('Filter components').fill('ssh2');
  await expect(components.getByRole('row')).toHaveCount(2); // header + ssh2
  await expect(components.getByText('ssh2', { exact: true })).toBeVisible();
  await about.getByLabel('Filter components').fill('no-such-component');
  await expect(components.getByText('No component matches')).toBeVisible();
  await about.getByRole('button', { name: 'Close' }).click();
  await expect(about).toHaveCount(0);
});
