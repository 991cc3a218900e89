// Helpers shared by the e2e specs: open the app with its token, wait for the ready marker, take screenshots.
import { expect, type Page } from '@playwright/test';
import { copyFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const SCREENSHOT_DIR = fileURLToPath(new URL('../../../test-results/screenshots/', import.meta.url));

/** Where the user guide's images live; `npm run screenshots` (AUDITSCOPE_DOCS_SCREENSHOTS=1) refreshes them. */
export const DOCS_IMAGE_DIR = fileURLToPath(new URL('../../../docs/images/', import.meta.url));

/**
 * The screenshots docs/user-guide.md embeds (as docs/images/<name>.png). Only these are copied into docs/, so a
 * test run never litters the guide's folder; test/unit/docs-guide.test.ts checks the guide uses nothing else.
 */
export const DOCS_SCREENSHOTS: readonly string[] = [
  'welcome',
  'policy-builder-light',
  'policy-explain',
  'policy-lab-light',
  'nodes-light',
  'apply-plan-light',
  'apply-progress-dark',
  'logs-light',
  'about-light',
];

export function appUrl(): string {
  const url = process.env.AUDITSCOPE_URL;
  if (!url) throw new Error('AUDITSCOPE_URL is not set: run through build/playwright.config.ts');
  return url;
}

export async function openApp(page: Page, hash = ''): Promise<void> {
  const url = new URL(appUrl());
  url.hash = hash;
  await page.goto(url.toString());
  await expect(page.locator('body[data-app-ready="true"]')).toBeAttached();
}

/** Sets the theme through the UI switch until the preference is the wanted one. */
export async function setTheme(page: Page, theme: 'light' | 'dark' | 'system'): Promise<void> {
  const button = page.getByRole('button', { name: 'Switch theme' });
  for (let i = 0; i < 3; i++) {
    const current = await button.getAttribute('data-theme-preference');
    if (current === theme) return;
    await button.click();
    // Wait for the switch to re-render before reading it again, or a slow render makes us click twice.
    await expect(button).not.toHaveAttribute('data-theme-preference', current ?? '');
  }
  await expect(button).toHaveAttribute('data-theme-preference', theme);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  // Park the pointer so no hover tooltip covers the picture.
  await page.mouse.move(1, 890);
  const path = `${SCREENSHOT_DIR}${name}.png`;
  await page.screenshot({ path });
  if (process.env.AUDITSCOPE_DOCS_SCREENSHOTS === '1' && DOCS_SCREENSHOTS.includes(name)) {
    mkdirSync(DOCS_IMAGE_DIR, { recursive: true });
    copyFileSync(path, `${DOCS_IMAGE_DIR}${name}.png`);
  }
}
