// The log explorer in browser mode: a generated 100 MB log and a small log of another cluster opened through "Open
// file", counts and top users compared with jq on the same files, a sidebar click adds a filter, the bundled sample,
// light/dark screenshots; and (a corpus test) real-world files of other shapes.
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { openApp, screenshot, setTheme } from './support/app.ts';
import { skipWithoutCorpus } from './support/corpus.ts';
import { writeAuditLog } from '../support/audit-log-generator.ts';
import { corpusPath } from '../support/corpus.ts';

let dir: string;
let generated: string;
let other: string;

function jq(filter: string): string[] {
  const out = execFileSync('jq', ['-r', filter, other, generated], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return out.split('\n').filter((line) => line.length > 0);
}

function countBy(values: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

async function displayedCount(page: Page): Promise<number> {
  const status = page.getByTestId('result-count');
  await expect(status).toHaveAttribute('data-partial', 'false');
  return Number(await status.getAttribute('data-count'));
}

async function expectCount(page: Page, expected: number): Promise<void> {
  await expect(page.getByTestId('result-count')).toHaveAttribute('data-count', String(expected), { timeout: 20_000 });
  expect(await displayedCount(page)).toBe(expected);
}

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'logs-e2e-'));
  generated = join(dir, 'generated-audit.log');
  writeAuditLog(generated, { size: 100e6, seed: 3 });
  other = join(dir, 'other-cluster.log');
  writeAuditLog(other, { size: 300_000, seed: 5, preset: 'sample', start: '2025-01-02T10:00:00Z', hours: 2 });
});

test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('open files, query, compare with jq, filter from the sidebar', async ({ page }) => {
  test.setTimeout(120_000);
  await openApp(page, '#/logs');
  await expect(page.getByText('Open an audit log to explore it')).toBeVisible();

  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open file' }).click();
  await (await chooser).setFiles([other, generated]);
  await expect(page.getByRole('button', { name: /^Source other-cluster\.log: ready/ })).toBeVisible({
    timeout: 60_000,
  });
  await expect(page.getByRole('button', { name: /^Source generated-audit\.log: ready/ })).toBeVisible({
    timeout: 60_000,
  });
  await expectCount(page, jq('select(.kind == "Event") | .auditID').length);

  const query = page.getByRole('combobox', { name: 'Query' });
  await query.fill('verb:delete resource:secrets');
  await query.press('Enter');
  const deleters = jq('select(.verb == "delete" and .objectRef.resource == "secrets") | .user.username');
  expect(deleters.length).toBeGreaterThan(1);
  await expectCount(page, deleters.length);
  await expect(page.getByTestId('result-count')).toHaveText(`${deleters.length.toLocaleString('en-US')} events`);

  // The sidebar's top users equal jq's counts, most frequent first.
  const jqUsers = countBy(deleters);
  const users = page.getByRole('group', { name: 'Field user', exact: true }).locator('[data-value]');
  await expect(users.first()).toBeVisible();
  const shown = await users.evaluateAll((buttons) =>
    buttons.map((button) => [button.getAttribute('data-value')!, Number(button.getAttribute('data-count'))] as const),
  );
  expect(shown.length).toBe(Math.min(8, jqUsers.size));
  for (const [user, count] of shown) expect(count).toBe(jqUsers.get(user));
  const counts = shown.map(([, count]) => count);
  expect(counts).toEqual([...counts].sort((a, b) => b - a));
  expect(counts[0]).toBe(Math.max(...jqUsers.values()));

  // Clicking a user adds the filter.
  const [topUser, topCount] = shown[0];
  await users.first().click();
  await expect(query).toHaveValue(
    new RegExp(`^verb:delete resource:secrets user:"?${topUser.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"?$`),
  );
  await expectCount(page, topCount);

  // The table shows the matching rows; the detail view explains the selected one.
  const firstRow = page.getByRole('row').nth(1);
  await expect(firstRow).toContainText(topUser);
  await firstRow.click();
  await expect(page.getByTestId('event-summary')).toContainText(`${topUser} deleted secret`);

  // Export of the whole result downloads every matching event as JSON lines.
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  const download = page.waitForEvent('download');
  await page.getByRole('dialog').getByRole('button', { name: 'Export', exact: true }).click();
  const file = join(dir, 'export.jsonl');
  await (await download).saveAs(file);
  const exported = execFileSync('jq', ['-r', '.user.username + " " + .verb + " " + .objectRef.resource', file], {
    encoding: 'utf8',
  })
    .trim()
    .split('\n');
  expect(exported).toEqual(Array(topCount).fill(`${topUser} delete secrets`));
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();

  // Request mode counts requests (stages stitched by audit ID).
  await query.fill('verb:delete resource:secrets');
  await query.press('Enter');
  await page.getByRole('switch', { name: 'Requests' }).check();
  const requests = new Set(
    jq('select(.verb == "delete" and .objectRef.resource == "secrets") | .auditID + .requestReceivedTimestamp'),
  );
  await expectCount(page, requests.size);
  await expect(page.getByTestId('result-count')).toHaveText(`${requests.size.toLocaleString('en-US')} requests`);
  await page.getByRole('switch', { name: 'Requests' }).uncheck();

  // Syntax errors are underlined with the parser's message; the last valid result stays.
  await query.fill('verb:delete usr:bob');
  await expect(page.getByRole('alert').filter({ hasText: 'unknown field "usr"' })).toContainText('did you mean "user"');
  await expect(query).toHaveAttribute('aria-invalid', 'true');
});

test('the sample log, an investigation, the JSON tree and object history', async ({ page }) => {
  await openApp(page, '#/logs');
  await page.getByRole('button', { name: 'Try the sample log' }).click();
  const sample = 'electron/backend/logs-service/sample/sample-audit.log';
  const sampleCount = execFileSync('jq', ['-c', '.auditID', sample], { encoding: 'utf8' }).trim().split('\n').length;
  await expectCount(page, sampleCount);

  await page.getByRole('button', { name: 'Investigations' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'exec, attach and port-forward' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Run' }).click();
  await expect(page.getByRole('combobox', { name: 'Query' })).toHaveValue(
    'subresource:(exec OR attach OR portforward)',
  );
  // One row per session: exec, attach and port-forward log two or three stages each.
  const sessions = new Set(
    execFileSync(
      'jq',
      [
        '-r',
        'select(.objectRef.subresource == "exec" or .objectRef.subresource == "attach" or ' +
          '.objectRef.subresource == "portforward") | .auditID + " " + .requestReceivedTimestamp',
        sample,
      ],
      { encoding: 'utf8' },
    )
      .trim()
      .split('\n'),
  );
  expect(sessions.size).toBeGreaterThan(0);
  await expectCount(page, sessions.size);
  await expect(page.getByTestId('result-count')).toHaveText(`${sessions.size} requests`);

  // The detail of a session names who opened it.
  const openers = execFileSync(
    'jq',
    [
      '-r',
      'select(.objectRef.subresource == "exec" or .objectRef.subresource == "attach" or .objectRef.subresource == "portforward") | .user.username',
      sample,
    ],
    { encoding: 'utf8' },
  )
    .trim()
    .split('\n');
  await page.getByRole('row').nth(1).click();
  const summary = page.getByTestId('event-summary');
  await expect(summary).toContainText(' opened ');
  const opener = (await summary.innerText()).split(' opened ')[0]!.trim();
  expect(openers).toContain(opener);
  await page.getByRole('tab', { name: 'JSON' }).click();
  await page.getByLabel('Search in event').fill(opener);
  await expect(page.locator('mark').first()).toHaveText(opener);
  await page.getByRole('tab', { name: 'Object history' }).click();
  await expect(page.getByText(/requests for resource:pods name:/)).toBeVisible();

  // Clicking a source's close button removes it and returns to the empty state.
  await page
    .getByRole('button', { name: /^Source Sample audit log/ })
    .getByLabel('Close Sample audit log')
    .click();
  await expect(page.getByText('Open an audit log to explore it')).toBeVisible();
});

test('screenshots of the explorer in light and dark', async ({ page }) => {
  test.setTimeout(120_000);
  await openApp(page, '#/logs');
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open file' }).click();
  await (await chooser).setFiles([generated]);
  await expect(page.getByRole('button', { name: /^Source generated-audit\.log: ready/ })).toBeVisible({
    timeout: 60_000,
  });
  const query = page.getByRole('combobox', { name: 'Query' });
  await query.fill('-user:system:* verb:(create OR update OR patch OR delete)');
  await query.press('Enter');
  const writes = execFileSync(
    'jq',
    [
      '-r',
      'select(.kind == "Event" and ((.user.username // "") | startswith("system:") | not) and ' +
        '(.verb == "create" or .verb == "update" or .verb == "patch" or .verb == "delete")) | .auditID',
      generated,
    ],
    { encoding: 'utf8' },
  )
    .trim()
    .split('\n').length;
  await expectCount(page, writes);
  await page.getByRole('row').nth(3).click();
  await expect(page.getByTestId('event-summary')).toBeVisible();
  await setTheme(page, 'light');
  await screenshot(page, 'logs-light');
  await setTheme(page, 'dark');
  await screenshot(page, 'logs-dark');
});

test('real-world files of other shapes open with every event: JSON lines, a pretty-printed event, an EventList', async ({
  page,
}) => {
  skipWithoutCorpus();
  const files = [
    'corpus/auditlogs/falco-trace-files/delete_secret.json',
    'corpus/auditlogs/sysdiglabs-aks-audit-log__sample_KubeAuditLog_event.bom.pretty.json',
    'corpus/auditlogs/docs-extracts/kubernetes-website-2017__v1alpha1-webhook-EventList.json',
  ].map(corpusPath);
  // Counted here from the JSON itself: one object per line, one pretty-printed object, or an EventList's items.
  const events = files.reduce((sum, file) => sum + eventsIn(readFileSync(file, 'utf8').replace(/^\uFEFF/, '')), 0);
  await openApp(page, '#/logs');
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open file' }).click();
  await (await chooser).setFiles(files);
  for (const file of files) {
    const name = basename(file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    await expect(page.getByRole('button', { name: new RegExp(`^Source ${name}: ready`) })).toBeVisible({
      timeout: 30_000,
    });
  }
  await expectCount(page, events);
});

function eventsIn(text: string): number {
  try {
    const value = JSON.parse(text) as { kind?: string; items?: unknown[] };
    return value.kind === 'EventList' ? value.items!.length : 1;
  } catch {
    return text.split('\n').filter((line) => line.trim() !== '').length;
  }
}
