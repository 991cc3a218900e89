import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const log = process.argv[2]!;
const mode = process.argv[3] ?? 'wheel';
const userData = mkdtempSync(join(tmpdir(), 'uiprof-'));
writeFileSync(join(userData, 'settings.json'), JSON.stringify({ welcomeSeen: true }));
const server = spawn(process.execPath, ['dist/server/server.mjs', '--port', '0'], { env: { ...process.env, AUDITSCOPE_USER_DATA: userData }, stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise<string>((resolve) => { let out = ''; server.stdout.on('data', (c: Buffer) => { out += c; const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out); if (m) resolve(m[1]!); }); });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
await page.addInitScript({ content: 'globalThis.__name = (target) => target;' });
const u = new URL(url); u.hash = '#/logs';
await page.goto(u.toString());
await page.locator('body[data-app-ready="true"]').waitFor({ state: 'attached' });
const session = await page.evaluate(() => sessionStorage.getItem('auditscope.logs.session') ?? '');
const cdp = await page.context().newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
if (mode === 'ingest') await cdp.send('Profiler.start');
await page.evaluate(async ([s, p]) => { await fetch('/api/logs.addSources', { method: 'POST', body: JSON.stringify({ sessionId: s, sources: [{ kind: 'path', path: p }] }) }); }, [session, log] as const);
for (;;) {
  const st = await page.evaluate(async (s) => (await (await fetch('/api/logs.state', { method: 'POST', body: JSON.stringify({ sessionId: s }) })).json()).value, session);
  if (!st.ingesting) break;
  await page.waitForTimeout(200);
}
await page.waitForTimeout(1500);
const grid = page.getByRole('grid', { name: 'Events' });
await grid.focus();
const box = (await grid.boundingBox())!;
await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
if (mode !== 'ingest') { await cdp.send('Profiler.start'); await browser.startTracing(page, { path: `/tmp/uiprof/${mode}.trace.json`, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'cc', 'viz'] }); }
const t0 = Date.now();
if (mode === 'wheel') for (let i = 0; i < 100; i++) await page.mouse.wheel(0, 120);
if (mode === 'keys') for (let i = 0; i < 60; i++) await page.keyboard.press('PageDown');
if (mode === 'sweep') await page.evaluate(async () => { const el = document.querySelector<HTMLElement>('[role="grid"][aria-label="Events"]')!; const max = el.scrollHeight - el.clientHeight; for (let i = 1; i <= 300; i++) { await new Promise((r) => requestAnimationFrame(r)); el.scrollTop = (max * i) / 300; } });
console.log('action ms', Date.now() - t0);
console.log(await page.evaluate(() => { let rules = 0; const sheets = document.styleSheets.length; for (const sh of Array.from(document.styleSheets)) { try { rules += sh.cssRules.length; } catch {} } return { sheets, rules, styleTags: document.querySelectorAll('style').length, elements: document.querySelectorAll('*').length }; }));
if (mode !== 'ingest') await browser.stopTracing();
const { profile } = await cdp.send('Profiler.stop');
writeFileSync(`/tmp/uiprof/${mode}.cpuprofile`, JSON.stringify(profile));
await browser.close();
server.kill();
