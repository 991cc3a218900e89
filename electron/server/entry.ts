// Entry point of browser mode: `node dist/server/server.mjs [--port N] [--host H] [--open]`.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Backend } from '../backend/backend.ts';
import { defaultUserDataDir } from '../backend/user-data.ts';
import { BindRefused, startBrowserServer } from './browser-server.ts';
import { staticFiles } from './static-files.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    'allow-non-loopback': { type: 'boolean', default: false },
    open: { type: 'boolean', default: false },
    renderer: { type: 'string' },
  },
});

const rendererDir = values.renderer ?? fileURLToPath(new URL('../renderer', import.meta.url));
const backend = new Backend({ mode: 'browser', userDataDir: defaultUserDataDir() });

try {
  if (values.host !== '127.0.0.1' && values['allow-non-loopback']) {
    process.stderr.write(
      `WARNING: listening on ${values.host}: anyone who can reach it and knows the token controls this backend\n`,
    );
  }
  const running = await startBrowserServer({
    backend,
    assets: staticFiles(rendererDir),
    host: values.host,
    port: Number(values.port),
    allowNonLoopback: values['allow-non-loopback'],
  });
  process.stdout.write(`Auditscope is running in browser mode at ${running.url}\n`);
  if (values.open) openBrowser(running.url);
  const stop = () => void running.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (error) {
  process.stderr.write(`auditscope: ${error instanceof BindRefused ? error.message : String(error)}\n`);
  process.exit(2);
}

/** Opens the default browser when the desktop has one; a headless machine just uses the printed URL. */
function openBrowser(url: string): void {
  const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return;
  if (process.platform === 'linux' && !['/usr/bin/xdg-open', '/bin/xdg-open'].some((path) => existsSync(path))) return;
  const child = spawn(opener, [url], { stdio: 'ignore', detached: true });
  child.on('error', () => undefined);
  child.unref();
}
