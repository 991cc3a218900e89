// Accessibility: axe-core on every section and on the shell's dialogs, in light and dark theme, with zero serious
// or critical violations (WCAG 2.x A/AA rules, colour contrast included); keyboard focus is visibly drawn.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { openApp, screenshot, setTheme } from './support/app.ts';

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const SECTIONS = ['Policy', 'Nodes', 'Logs'] as const;

/** Runs axe on the page (or a part of it) and returns the serious and critical findings, readable in a diff. */
async function seriousViolations(page: Page, include?: string): Promise<string[]> {
  let builder = new AxeBuilder({ page }).withTags(WCAG_TAGS);
  if (include) builder = builder.include(include);
  const { violations } = await builder.analyze();
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .flatMap((violation) =>
      violation.nodes.map(
        (node) =>
          `${violation.id} (${violation.impact}): ${node.target.join(' ')} ${node.html.slice(0, 160)} — ${
            node.failureSummary?.split('\n')[1]?.trim() ?? violation.help
          }`,
      ),
    );
}

async function openSection(page: Page, name: (typeof SECTIONS)[number]): Promise<void> {
  await page.getByRole('tab', { name, exact: true }).click();
  await expect(page.getByRole('tab', { name, exact: true })).toHaveAttribute('aria-selected', 'true');
  await page.waitForLoadState('networkidle');
  // Lazy sections show a progress indicator first; check the section, not its loading state.
  await expect(page.getByRole('tabpanel').getByRole('progressbar')).toHaveCount(0);
}

for (const theme of ['light', 'dark'] as const) {
  for (const section of SECTIONS) {
    test(`${section} section has no serious or critical violations (${theme})`, async ({ page }) => {
      await openApp(page);
      await setTheme(page, theme);
      await openSection(page, section);
      await expect(page.locator(`html[data-theme="${theme}"]`)).toBeAttached();
      expect(await seriousViolations(page)).toEqual([]);
    });
  }

  test(`About and welcome dialogs have no serious or critical violations (${theme})`, async ({ page }) => {
    await openApp(page);
    await setTheme(page, theme);
    await page.getByRole('button', { name: 'About Auditscope' }).click();
    const about = page.getByRole('dialog', { name: 'About Auditscope' });
    await expect(about.getByRole('term').filter({ hasText: 'Version' })).toBeVisible();
    expect(await seriousViolations(page, '[role="dialog"]')).toEqual([]);
    await screenshot(page, `about-${theme}`);

    await about.getByRole('button', { name: 'Show welcome screen' }).click();
    const welcome = page.getByRole('dialog', { name: 'Welcome to Auditscope' });
    await expect(welcome).toBeVisible();
    await expect(about).toHaveCount(0);
    expect(await seriousViolations(page, '[role="dialog"]')).toEqual([]);
    await welcome.getByRole('button', { name: 'Skip for now' }).click();
    await expect(welcome).toHaveCount(0);
  });
}

test('keyboard focus is visibly outlined in both themes', async ({ page }) => {
  await openApp(page);
  for (const theme of ['light', 'dark'] as const) {
    await setTheme(page, theme);
    const button = page.getByRole('button', { name: 'About Auditscope' });
    // Focus the control before it, then Tab, so the browser treats the focus as keyboard focus (:focus-visible).
    await page.getByRole('button', { name: 'Switch theme' }).focus();
    await page.keyboard.press('Tab');
    await expect(button).toBeFocused();
    const ring = await button.evaluate((element) => {
      const style = getComputedStyle(element);
      return { style: style.outlineStyle, width: parseFloat(style.outlineWidth), color: style.outlineColor };
    });
    expect(ring.style).not.toBe('none');
    expect(ring.width).toBeGreaterThanOrEqual(2);
    expect(ring.color).toBe(theme === 'light' ? 'rgb(36, 87, 197)' : 'rgb(138, 180, 255)');
  }
});
