// Live sources in the explorer, in browser mode against a real sshd (the rig): a node of the inventory is tailed
// from the sources bar ("Tail all control-plane nodes of …"), its unknown host key trusted in the Nodes section's
// dialog; events appended to its audit log show in the table within a second, survive a lumberjack rotation
// (rename + new file), pausing the source stops the view from moving, and with Live off a "new events" pill waits.
import { expect, test, type Page } from '@playwright/test';
import { appendFileSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateLog } from '../integration/logs-tail-support.ts';
import { startRig, type Rig } from '../rig/rig.ts';
import { openApp, screenshot, setTheme } from './support/app.ts';

let rig: Rig<'admin'>;
let template: Record<string, unknown>;
const INITIAL = 30;

test.beforeAll(async () => {
  rig = await startRig<'admin'>({ users: { admin: { sudo: 'nopasswd' } }, layout: { logBytes: null } });
  const generated = generateLog(join(rig.dir, 'seed.jsonl'), '100KB', 17);
  const lines = readFileSync(generated, 'utf8').split('\n').filter(Boolean);
  template = JSON.parse(lines[0]!) as Record<string, unknown>;
  writeFileSync(rig.layout!.logPath, lines.slice(0, INITIAL).join('\n') + '\n', { mode: 0o600 });
});

test.afterAll(async ({ browser }) => {
  // Leave the shared e2e inventory empty for the specs after this one.
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
  rig?.stop();
});

/** One audit event marked by its user name, timestamped now (so it is the newest row). */
function markerLine(marker: string): string {
  const now = new Date().toISOString().replace('Z', '000Z');
  const event = {
    ...template,
    auditID: `00000000-0000-4000-8000-${marker.replace(/\D/g, '').padStart(12, '0')}`,
    stage: 'ResponseComplete',
    user: { username: marker, groups: ['system:authenticated'] },
    requestReceivedTimestamp: now,
    stageTimestamp: now,
  };
  return JSON.stringify(event) + '\n';
}

async function apiCall<T>(page: Page, channel: string, input: unknown): Promise<T> {
  return page.evaluate(
    async ([name, payload]) => {
      const response = await fetch(`/api/${name}`, { method: 'POST', body: JSON.stringify(payload) });
      const body = (await response.json()) as { ok: boolean; value: unknown; error?: { message: string } };
      if (!body.ok) throw new Error(body.error?.message);
      return body.value;
    },
    [channel, input] as const,
  ) as Promise<T>;
}

/** Appends a marker event and returns how long it took to show as the table's newest row. */
async function appendAndTime(page: Page, logPath: string, marker: string): Promise<number> {
  const shown = page.waitForFunction(
    (text) => document.querySelector('[role="row"][aria-rowindex="2"]')?.textContent?.includes(text) ?? false,
    marker,
    { polling: 'raf', timeout: 10_000 },
  );
  const started = Date.now();
  appendFileSync(logPath, markerLine(marker));
  await shown;
  return Date.now() - started;
}

test('tails a node live: new events within a second, through a rotation, pause freezes the view', async ({ page }) => {
  test.setTimeout(90_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  const layout = rig.layout!;
  await openApp(page, '#/logs');
  await setTheme(page, 'light');
  // The node, as the Nodes section stores it: the rig's layout is the node's file-system root.
  const cluster = await apiCall<{ id: string }>(page, 'nodes.addCluster', { name: 'rig-live' });
  await apiCall(page, 'nodes.addNode', {
    clusterId: cluster.id,
    node: {
      name: 'cp-1',
      host: '127.0.0.1',
      port: rig.sshd.port,
      user: rig.users.admin.name,
      auth: { kind: 'key', privateKeyPath: rig.users.admin.privateKeyPath },
      sudo: 'nopasswd',
      paths: {
        manifestPath: '/etc/kubernetes/manifests/kube-apiserver.yaml',
        policyPath: '/etc/kubernetes/audit-policy.yaml',
        logPath: '/var/log/kubernetes/audit/audit.log',
        fsRoot: layout.root,
      },
    },
  });

  // One click tails every node of the cluster; the unknown host key is asked about with the Nodes dialog.
  await page.getByRole('button', { name: 'Tail nodes…' }).click();
  await page.getByRole('button', { name: 'Tail all control-plane nodes of rig-live' }).click();
  const problem = page.getByRole('alert').filter({ hasText: 'cp-1: the host key of 127.0.0.1 is not trusted yet' });
  await expect(problem).toBeVisible();
  await expect(problem.getByRole('button', { name: 'Open Nodes section' })).toBeVisible();
  await problem.getByRole('button', { name: 'Check host key…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Unknown host key' });
  await dialog.getByRole('button', { name: 'Trust this key and connect' }).click();
  await expect(problem).toBeHidden();

  const source = page.getByTestId('live-source');
  await expect(source).toHaveAttribute('data-source-state', 'following');
  await expect(source.getByTestId('live-source-state')).toHaveText('following audit.log');
  await expect(page.getByTestId('result-count')).toHaveText(`${INITIAL} events`);
  await expect(source).toContainText(`${INITIAL} events`);

  // New events: within a second of being written, as the newest row.
  const latencies: number[] = [];
  for (let i = 1; i <= 3; i++) {
    latencies.push(await appendAndTime(page, layout.logPath, `live-marker-${i}`));
    await page.waitForTimeout(300);
  }
  await expect(page.getByTestId('result-count')).toHaveText(`${INITIAL + 3} events`);

  // Rotation as lumberjack does it: the file is renamed to a timestamped backup and a new one is started.
  appendFileSync(layout.logPath, markerLine('live-marker-4'));
  renameSync(layout.logPath, join(layout.logPath, '..', 'audit-2026-01-02T03-04-05.678.log'));
  writeFileSync(layout.logPath, '', { mode: 0o600 });
  await page.waitForTimeout(200);
  latencies.push(await appendAndTime(page, layout.logPath, 'live-marker-5'));
  await expect(page.getByTestId('result-count')).toHaveText(`${INITIAL + 5} events`);
  // Within a second as a rule; the machine is shared (load far above its cores at times), so one scheduling
  // hiccup may not fail the run: the median must be under a second and none may take more than 2.5 s.
  const sorted = [...latencies].sort((a, b) => a - b);
  const median = (sorted[1]! + sorted[2]!) / 2;
  expect(median, `latencies ${latencies.join(', ')} ms`).toBeLessThan(1000);
  for (const latency of latencies) expect(latency, `latencies ${latencies.join(', ')} ms`).toBeLessThan(2500);
  test.info().annotations.push({ type: 'write-to-row latency (ms)', description: latencies.join(', ') });

  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await screenshot(page, 'logs-live-light');
  await setTheme(page, 'dark');
  await page.waitForTimeout(500);
  await screenshot(page, 'logs-live-dark');
  await setTheme(page, 'light');

  // Pause: what is written meanwhile does not move the view.
  await source.getByRole('button', { name: 'Pause cp-1' }).click();
  await expect(source).toHaveAttribute('data-source-state', 'paused');
  const firstRow = page.locator('[role="row"][aria-rowindex="2"]');
  const before = await firstRow.textContent();
  appendFileSync(layout.logPath, markerLine('live-marker-6'));
  appendFileSync(layout.logPath, markerLine('live-marker-7'));
  await page.waitForTimeout(1500);
  expect(await firstRow.textContent()).toBe(before);
  await expect(page.getByTestId('result-count')).toHaveText(`${INITIAL + 5} events`);
  await source.getByRole('button', { name: 'Resume cp-1' }).click();
  await expect(firstRow).toContainText('live-marker-7');
  await expect(page.getByTestId('result-count')).toHaveText(`${INITIAL + 7} events`);
  await expect(source).toHaveAttribute('data-source-state', 'following');

  // Live off: the view stays, a pill counts what arrived, and clicking it shows them.
  await page.getByRole('switch', { name: 'Live' }).uncheck();
  const rowBefore = await firstRow.textContent();
  appendFileSync(layout.logPath, markerLine('live-marker-8'));
  const pill = page.getByRole('button', { name: '1 new event' });
  await expect(pill).toBeVisible();
  expect(await firstRow.textContent()).toBe(rowBefore);
  await pill.click();
  await expect(firstRow).toContainText('live-marker-8');

  // Closing the source stops the tail.
  await source.getByRole('button', { name: 'Close cp-1' }).click();
  await expect(source).toHaveCount(0);
  expect(errors).toEqual([]);
});
