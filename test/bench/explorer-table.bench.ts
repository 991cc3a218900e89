// The explorer's UI under load, measured in Debian's Chromium driven by Playwright against the built browser-mode
// server (`npm run build` first): (1) responsiveness while a 1 GiB log (~1 M events) is indexed — the page's frame
// times, long tasks and timer lag, and the latency of `logs.state` / `logs.query` calls during ingest; (2) frame
// times while the event table scrolls through all ~1 M rows from top to bottom (scrollbar-style sweep, wheel,
// keyboard); (3) backend latency during a text search, and a newer search abandoning an older one. Frame times come from requestAnimationFrame timestamps; a "dropped" frame is a 16.7 ms slot missed.
import { chromium, type Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatedLog } from './generated-log.ts';

const SERVER = 'dist/server/server.mjs';
const FRAME_MS = 1000 / 60;

function load(): string {
  return `load ${loadavg()
    .map((value) => value.toFixed(2))
    .join(' ')}`;
}

async function startServer(userData: string): Promise<{ url: string; stop(): void }> {
  writeFileSync(join(userData, 'settings.json'), JSON.stringify({ welcomeSeen: true }));
  const server = spawn(process.execPath, [SERVER, '--port', '0'], {
    env: { ...process.env, AUDITSCOPE_USER_DATA: userData },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), 15_000);
    server.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    server.on('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
  return { url, stop: () => server.kill('SIGTERM') };
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function frameReport(label: string, deltas: number[]): string {
  const dropped = deltas.reduce((sum, delta) => sum + Math.max(0, Math.round(delta / FRAME_MS) - 1), 0);
  const slots = deltas.reduce((sum, delta) => sum + Math.max(1, Math.round(delta / FRAME_MS)), 0);
  return (
    `${label.padEnd(30)} frames ${String(deltas.length).padStart(5)}  ` +
    `p50 ${percentile(deltas, 50).toFixed(1)} ms  p95 ${percentile(deltas, 95).toFixed(1)} ms  ` +
    `p99 ${percentile(deltas, 99).toFixed(1)} ms  max ${Math.max(...deltas).toFixed(1)} ms  ` +
    `dropped ${dropped} (${((100 * dropped) / Math.max(1, slots)).toFixed(1)} %)`
  );
}

function busy(longTasks: number[]): string {
  return `long tasks ${longTasks.length} (${longTasks.reduce((a, b) => a + b, 0).toFixed(0)} ms)`;
}

/** Starts sampling frames, long tasks and timer lag in the page. */
async function startSampling(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as Record<string, unknown>;
    const frames: number[] = [];
    const longTasks: number[] = [];
    const lags: number[] = [];
    let last = performance.now();
    let running = true;
    const tick = (now: number) => {
      frames.push(now - last);
      last = now;
      if (running) requestAnimationFrame(tick);
    };
    requestAnimationFrame((now) => {
      last = now;
      requestAnimationFrame(tick);
    });
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) longTasks.push(entry.duration);
    });
    observer.observe({ type: 'longtask' });
    let expected = performance.now() + 50;
    const timer = setInterval(() => {
      const now = performance.now();
      lags.push(Math.max(0, now - expected));
      expected = now + 50;
    }, 50);
    w.__bench = {
      stop: () => {
        running = false;
        observer.disconnect();
        clearInterval(timer);
        return { frames: frames.slice(1), longTasks, lags };
      },
    };
  });
}

async function stopSampling(page: Page): Promise<{ frames: number[]; longTasks: number[]; lags: number[] }> {
  return page.evaluate(() =>
    (
      window as unknown as { __bench: { stop(): { frames: number[]; longTasks: number[]; lags: number[] } } }
    ).__bench.stop(),
  );
}

async function call<T>(page: Page, channel: string, input: unknown): Promise<{ ms: number; value: T }> {
  return page.evaluate(
    async ([name, payload]) => {
      const started = performance.now();
      const response = await fetch(`/api/${name}`, { method: 'POST', body: JSON.stringify(payload) });
      const body = (await response.json()) as { ok: boolean; value: unknown; error?: { message: string } };
      if (!body.ok) throw new Error(body.error?.message);
      return { ms: performance.now() - started, value: body.value };
    },
    [channel, input] as const,
  ) as Promise<{ ms: number; value: T }>;
}

async function sessionId(page: Page): Promise<string> {
  return page.evaluate(() => sessionStorage.getItem('auditscope.logs.session') ?? '');
}

export default async function run(): Promise<void> {
  if (!existsSync(SERVER)) throw new Error(`${SERVER} is missing: run "npm run build" first`);
  // The same cached file as logs-ingest.bench.ts.
  const log = generatedLog('1GiB');
  const userData = mkdtempSync(join(tmpdir(), 'auditscope-bench-ui-'));
  const server = await startServer(userData);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    // tsx compiles named functions inside page.evaluate callbacks with an `__name` helper the page lacks.
    await page.addInitScript({ content: 'globalThis.__name = (target) => target;' });
    const url = new URL(server.url);
    url.hash = '#/logs';
    await page.goto(url.toString());
    await page.locator('body[data-app-ready="true"]').waitFor({ state: 'attached' });
    await page.getByRole('button', { name: 'Open file' }).waitFor();
    const session = await sessionId(page);

    // (1) Indexing 1 GiB while the page runs and the backend is asked for state and results.
    console.log(`(1) responsiveness while ${log} (1 GiB) is indexed — ${load()}`);
    await startSampling(page);
    const started = Date.now();
    await call(page, 'logs.addSources', { sessionId: session, sources: [{ kind: 'path', path: log }] });
    const stateLatencies: number[] = [];
    const queryLatencies: number[] = [];
    let events = 0;
    for (;;) {
      const state = await call<{ ingesting: boolean; events: number }>(page, 'logs.state', { sessionId: session });
      stateLatencies.push(state.ms);
      events = state.value.events;
      const query = await call(page, 'logs.query', {
        sessionId: session,
        query: 'verb:delete',
        offset: 0,
        limit: 100,
        sort: 'time-desc',
      });
      queryLatencies.push(query.ms);
      if (!state.value.ingesting) break;
      await page.waitForTimeout(100);
    }
    const ingestSeconds = (Date.now() - started) / 1000;
    const during = await stopSampling(page);
    console.log(`  indexed ${events.toLocaleString('en-US')} events in ${ingestSeconds.toFixed(1)} s (${load()})`);
    console.log(`  ${frameReport('page frames during ingest', during.frames)}`);
    console.log(
      `  long tasks: ${during.longTasks.length} (total ${during.longTasks.reduce((a, b) => a + b, 0).toFixed(0)} ms, ` +
        `max ${Math.max(0, ...during.longTasks).toFixed(0)} ms); 50 ms timer lag p50 ${percentile(during.lags, 50).toFixed(1)} ms, ` +
        `p95 ${percentile(during.lags, 95).toFixed(1)} ms, max ${Math.max(...during.lags).toFixed(1)} ms`,
    );
    console.log(
      `  logs.state latency: n ${stateLatencies.length}  p50 ${percentile(stateLatencies, 50).toFixed(1)} ms  ` +
        `p95 ${percentile(stateLatencies, 95).toFixed(1)} ms  max ${Math.max(...stateLatencies).toFixed(1)} ms`,
    );
    console.log(
      `  logs.query (verb:delete, newest 100) latency: p50 ${percentile(queryLatencies, 50).toFixed(1)} ms  ` +
        `p95 ${percentile(queryLatencies, 95).toFixed(1)} ms  max ${Math.max(...queryLatencies).toFixed(1)} ms`,
    );

    // (2) Scrolling the table through every row.
    const status = page.getByTestId('result-count');
    await status.filter({ hasText: `${events.toLocaleString('en-US')} events` }).waitFor({ timeout: 60_000 });
    const grid = page.getByRole('grid', { name: 'Events' });
    await grid.focus();
    await page.waitForTimeout(1000);
    console.log(`(2) scrolling ${events.toLocaleString('en-US')} rows — ${load()}`);

    // Baseline: the same page doing nothing for 3 s (on a shared machine this shows what the load alone costs).
    await startSampling(page);
    await page.waitForTimeout(3000);
    const idle = await stopSampling(page);
    console.log(`  ${frameReport('idle baseline (3 s)', idle.frames)}  ${busy(idle.longTasks)}`);

    // A scrollbar-style sweep from top to bottom: the scroll position moves every frame for 10 s.
    await startSampling(page);
    await page.evaluate(async () => {
      const element = document.querySelector<HTMLElement>('[role="grid"][aria-label="Events"]')!;
      const max = element.scrollHeight - element.clientHeight;
      const frames = 600;
      for (let i = 1; i <= frames; i++) {
        await new Promise((resolve) => requestAnimationFrame(resolve));
        element.scrollTop = (max * i) / frames;
      }
    });
    const sweep = await stopSampling(page);
    const bottomRow = await page.evaluate(() => {
      const rows = Array.from(document.querySelectorAll('[role="grid"] [role="row"][aria-rowindex]'));
      return Math.max(...rows.map((row) => Number(row.getAttribute('aria-rowindex'))));
    });
    console.log(
      `  ${frameReport('sweep top→bottom (10 s)', sweep.frames)}  ${busy(sweep.longTasks)}  last row ${bottomRow - 1}`,
    );

    // Wheel: 300 notches of 120 px from the top.
    await page.keyboard.press('Home');
    await page.waitForTimeout(500);
    const box = (await grid.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await startSampling(page);
    for (let i = 0; i < 300; i++) await page.mouse.wheel(0, 120);
    await page.waitForTimeout(200);
    const wheel = await stopSampling(page);
    const afterWheel = await page.evaluate(() =>
      Number(
        document
          .querySelector('[role="grid"] [role="row"][aria-rowindex]:not([aria-rowindex="1"])')
          ?.getAttribute('aria-rowindex'),
      ),
    );
    console.log(
      `  ${frameReport('wheel 300 × 120 px', wheel.frames)}  ${busy(wheel.longTasks)}  first rendered row ${afterWheel - 2}`,
    );

    // Keyboard: 200 × Page Down, then End (the last row is selected and shown).
    await startSampling(page);
    for (let i = 0; i < 200; i++) await page.keyboard.press('PageDown');
    await page.keyboard.press('End');
    await page.waitForTimeout(300);
    const keys = await stopSampling(page);
    const selected = await page.evaluate(() =>
      Number(document.querySelector('[role="grid"] [role="row"][aria-selected="true"]')?.getAttribute('aria-rowindex')),
    );
    console.log(
      `  ${frameReport('keyboard 200 × PageDown + End', keys.frames)}  selected row ${selected - 1} of ${events}`,
    );
    const all = [...sweep.frames, ...wheel.frames, ...keys.frames];
    console.log(`  ${frameReport('all scrolling', all)}  (${load()})`);

    // (3) A text search reads every raw event (about a second per GiB): the backend keeps answering meanwhile, and
    // a newer query abandons the older one's scan instead of queueing behind it.
    console.log(`(3) text search over ${events.toLocaleString('en-US')} events — ${load()}`);
    const textLatencies: number[] = [];
    let searching = true;
    const search = (query: string) =>
      call<{ total: number }>(page, 'logs.query', {
        sessionId: session,
        query,
        offset: 0,
        limit: 100,
        sort: 'time-desc',
      });
    const polling = (async () => {
      while (searching) textLatencies.push((await call(page, 'logs.state', { sessionId: session })).ms);
    })();
    const first = search('kafka-config');
    await page.waitForTimeout(200);
    const second = search('dashboard -verb:watch');
    const [abandoned, answered] = await Promise.allSettled([first, second]);
    searching = false;
    await polling;
    const outcome =
      answered.status === 'fulfilled'
        ? `${answered.value.value.total} events in ${answered.value.ms.toFixed(0)} ms`
        : 'failed';
    console.log(
      `  first search ${abandoned.status === 'rejected' ? 'abandoned' : 'completed'}; second: ${outcome}; ` +
        `logs.state meanwhile: n ${textLatencies.length}  p50 ${percentile(textLatencies, 50).toFixed(1)} ms  ` +
        `p95 ${percentile(textLatencies, 95).toFixed(1)} ms  max ${Math.max(...textLatencies).toFixed(1)} ms`,
    );
    await call(page, 'logs.closeSession', { sessionId: session });
  } finally {
    await browser.close();
    server.stop();
    rmSync(userData, { recursive: true, force: true });
  }
}
