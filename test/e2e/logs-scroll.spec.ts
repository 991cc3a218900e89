// The event table beyond the browser's element-height limit: 300,000 events make the scrolled body taller than
// useScaledScroll's cap, so the scroll position is scaled onto the rows. The scrollbar must reach every row, the
// wheel and the keyboard must move by real rows, and the rows shown must be the right events (newest first).
import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp } from './support/app.ts';

const EVENTS = 300_000;
const ROW_HEIGHT = 30;
let dir: string;
let log: string;

/** Small events one millisecond apart, so the row shown at table index r (newest first) is event EVENTS-1-r. */
function writeLog(path: string): void {
  const start = Date.UTC(2026, 0, 2, 3, 0, 0);
  const lines: string[] = [];
  for (let i = 0; i < EVENTS; i++) {
    const time = new Date(start + i).toISOString().replace('Z', '000Z');
    lines.push(
      `{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":"id-${i}","stage":"ResponseComplete",` +
        `"requestURI":"/api/v1/namespaces/ns/pods/p${i}","verb":"get","user":{"username":"user-${i % 7}"},` +
        `"objectRef":{"resource":"pods","namespace":"ns","name":"p${i}","apiVersion":"v1"},"responseStatus":{"code":200},` +
        `"requestReceivedTimestamp":"${time}","stageTimestamp":"${time}"}`,
    );
  }
  writeFileSync(path, lines.join('\n') + '\n');
}

/** Table indices of the data rows inside the grid's viewport, and the event each one shows. */
async function visibleRows(page: Page): Promise<{ index: number; event: number }[]> {
  return page.evaluate(() => {
    const grid = document.querySelector<HTMLElement>('[role="grid"][aria-label="Events"]')!;
    const box = grid.getBoundingClientRect();
    const header = grid.querySelector<HTMLElement>('[role="row"][aria-rowindex="1"]')!.getBoundingClientRect();
    return Array.from(grid.querySelectorAll<HTMLElement>('[role="row"][data-event-id]'))
      .filter((row) => {
        const rect = row.getBoundingClientRect();
        return rect.top >= header.bottom - 1 && rect.bottom <= box.bottom + 1;
      })
      .map((row) => ({ index: Number(row.getAttribute('aria-rowindex')) - 2, event: Number(row.dataset.eventId) }))
      .sort((a, b) => a.index - b.index);
  });
}

/** Visible rows once they are consecutive, fully loaded and in order (pages arrive asynchronously). */
async function settledRows(page: Page): Promise<{ index: number; event: number }[]> {
  let rows: { index: number; event: number }[] = [];
  await expect(async () => {
    rows = await visibleRows(page);
    expect(rows.length).toBeGreaterThan(5);
    rows.forEach((row, at) => {
      expect(row.index).toBe(rows[0]!.index + at);
      expect(row.event).toBe(EVENTS - 1 - row.index);
    });
  }).toPass({ timeout: 10_000 });
  return rows;
}

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'logs-scroll-e2e-'));
  log = join(dir, 'many-events.log');
  writeLog(log);
});

test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('300,000 events: scrollbar, wheel and keyboard reach every row and show the right events', async ({ page }) => {
  test.setTimeout(120_000);
  await openApp(page, '#/logs');
  await page.getByRole('button', { name: 'Open path…' }).click();
  await page.getByRole('textbox', { name: 'Path' }).fill(log);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(page.getByTestId('result-count')).toHaveAttribute('data-count', String(EVENTS), { timeout: 60_000 });
  await expect(page.getByTestId('result-count')).toHaveAttribute('data-partial', 'false');

  const grid = page.getByRole('grid', { name: 'Events' });
  const geometry = await grid.evaluate((element) => ({
    scrollHeight: element.scrollHeight,
    clientHeight: element.clientHeight,
  }));
  // The body is capped well below EVENTS × ROW_HEIGHT: this is the scaled mode.
  expect(geometry.scrollHeight).toBeLessThan((EVENTS * ROW_HEIGHT) / 1.05);
  expect((await settledRows(page))[0]).toEqual({ index: 0, event: EVENTS - 1 });

  // The scrollbar dragged to the middle shows the middle rows, to the end the last ones.
  await grid.evaluate((element) => (element.scrollTop = (element.scrollHeight - element.clientHeight) / 2));
  const middle = await settledRows(page);
  expect(Math.abs(middle[0]!.index - EVENTS / 2)).toBeLessThan(EVENTS * 0.01);
  await grid.evaluate((element) => (element.scrollTop = element.scrollHeight));
  const bottom = await settledRows(page);
  expect(bottom[bottom.length - 1]).toEqual({ index: EVENTS - 1, event: 0 });

  // The wheel scrolls by content pixels: three notches of 120 px are twelve rows, not thousands.
  await grid.evaluate((element) => (element.scrollTop = (element.scrollHeight - element.clientHeight) / 3));
  const before = (await settledRows(page))[0]!.index;
  const box = (await grid.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let notch = 0; notch < 3; notch++) await page.mouse.wheel(0, 120);
  await expect(async () => expect((await visibleRows(page))[0]?.index).toBe(before + 12)).toPass({ timeout: 10_000 });
  await settledRows(page);

  // Keyboard: End selects and shows the last row, Home the first, Page Down moves by a page.
  await grid.focus();
  await page.keyboard.press('End');
  await expect(grid.locator(`[role="row"][aria-rowindex="${EVENTS + 1}"]`)).toHaveAttribute('aria-selected', 'true');
  expect((await settledRows(page)).at(-1)).toEqual({ index: EVENTS - 1, event: 0 });
  await page.keyboard.press('Home');
  await expect(grid.locator('[role="row"][aria-rowindex="2"]')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('PageDown');
  const selected = Number(await grid.locator('[role="row"][aria-selected="true"]').getAttribute('aria-rowindex')) - 2;
  expect(selected).toBeGreaterThan(5);
  expect((await settledRows(page)).some((row) => row.index === selected)).toBe(true);
});
