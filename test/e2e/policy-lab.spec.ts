// The policy lab on real traffic: a generated 100 MB log replayed through the GCE reference policy; adding a None
// rule for the noisiest user from the top talkers lowers the projected volume.
import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp, screenshot } from './support/app.ts';
import { SHARED_DIR } from '../support/shared-dir.ts';

const GCE_POLICY = join(SHARED_DIR, 'corpus/policies/gce-gci-configure-helper-audit-policy.yaml');
const GENERATOR = join(SHARED_DIR, 'tools/gen-audit-log.mjs');

let dir: string;
let logPath: string;

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'auditscope-lab-e2e-'));
  logPath = join(dir, 'audit.log');
  execFileSync(process.execPath, [GENERATOR, '--size', '100MB', '--seed', '42', '--out', logPath], { stdio: 'ignore' });
  if (!existsSync(logPath)) throw new Error('the log generator wrote nothing');
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('replays a 100 MB log through the GCE policy and a None rule for the top talker cuts the projected volume', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openApp(page, '#/policy');
  await page.getByTestId('policy-file-input').setInputFiles({
    name: 'gce-audit-policy.yaml',
    mimeType: 'application/yaml',
    buffer: readFileSync(GCE_POLICY),
  });
  const ruleCards = page.getByRole('list', { name: 'Policy rules' }).getByRole('listitem');
  await expect(ruleCards).toHaveCount(17);
  const rulesBefore = 17;

  await page.getByRole('tab', { name: 'Lab' }).click();
  await page.getByRole('combobox', { name: 'Sample' }).click();
  await page.getByRole('option', { name: 'Files on this machine…' }).click();
  await page.getByLabel('Log files or folders (absolute paths, comma-separated)').fill(logPath);
  await page.getByRole('button', { name: 'Replay' }).click();

  // Per-rule counts appear in the lab table and on the rule cards.
  // The generated log has about 93,000 events; wait for the replay of all of it.
  await expect
    .poll(
      async () =>
        Number(
          (/([\d,]+) events/.exec(await page.getByTestId('lab-totals').innerText())?.[1] ?? '0').replace(/,/g, ''),
        ),
      {
        timeout: 90_000,
      },
    )
    .toBeGreaterThan(50_000);
  await expect(page.getByRole('progressbar', { name: 'Simulating' })).toHaveCount(0, { timeout: 90_000 });
  await expect(page.getByTestId('rule-lab-count').first()).toBeVisible({ timeout: 60_000 });
  const projected = page.getByTestId('lab-projected-day');
  await expect(projected).toBeVisible();
  const before = parseBytes(await projected.innerText());
  await screenshot(page, 'policy-lab-light');

  const talkers = page.getByRole('region', { name: 'Top talkers' });
  const addNone = talkers.getByRole('button', { name: /^Add a None rule for / }).first();
  await addNone.click();
  await expect(ruleCards).toHaveCount(rulesBefore + 1);
  await expect.poll(async () => parseBytes(await projected.innerText()), { timeout: 60_000 }).toBeLessThan(before);
});

/** "1.2 GB/day" → bytes. */
function parseBytes(text: string): number {
  const match = /([\d.,]+)\s*(B|KB|KiB|MB|MiB|GB|GiB|TB|TiB)/.exec(text);
  if (!match) throw new Error(`no size in "${text}"`);
  const units: Record<string, number> = {
    B: 1,
    KB: 1e3,
    KiB: 1024,
    MB: 1e6,
    MiB: 1024 ** 2,
    GB: 1e9,
    GiB: 1024 ** 3,
    TB: 1e12,
    TiB: 1024 ** 4,
  };
  return Number(match[1]!.replace(/,/g, '')) * units[match[2]!]!;
}
