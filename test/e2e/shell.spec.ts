// The app shell in browser mode: every section opens, the theme switches and persists, nothing leaves loopback.
import { expect, test } from '@playwright/test';
import { openApp, screenshot, setTheme } from './support/app.ts';

test('navigates every section in both themes without errors or remote requests', async ({ page }) => {
  const errors: string[] = [];
  const foreignRequests: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('request', (request) => {
    const host = new URL(request.url()).hostname;
    if (
      !['127.0.0.1', 'localhost'].includes(host) &&
      !request.url().startsWith('data:') &&
      !request.url().startsWith('blob:')
    ) {
      foreignRequests.push(request.url());
    }
  });

  await openApp(page);
  for (const theme of ['light', 'dark'] as const) {
    await setTheme(page, theme);
    await expect(page.locator(`html[data-theme="${theme}"]`)).toBeAttached();
    for (const section of ['Policy', 'Nodes', 'Logs']) {
      await page.getByRole('tab', { name: section, exact: true }).click();
      await expect(page.getByRole('tab', { name: section, exact: true })).toHaveAttribute('aria-selected', 'true');
      await expect(page.getByRole('tabpanel')).toBeVisible();
      await page.waitForLoadState('networkidle');
      await screenshot(page, `shell-${section.toLowerCase()}-${theme}`);
    }
  }

  // The theme choice is stored by the backend and survives a reload.
  await page.reload();
  await expect(page.locator('html[data-theme="dark"]')).toBeAttached();

  // Keyboard: Alt+1 returns to Policy.
  await page.keyboard.press('Alt+1');
  await expect(page.getByRole('tab', { name: 'Policy', exact: true })).toHaveAttribute('aria-selected', 'true');

  expect(errors).toEqual([]);
  expect(foreignRequests).toEqual([]);
});
