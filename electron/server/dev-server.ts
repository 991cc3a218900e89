// `npm run dev`: browser mode with hot reload. The same token-protected server and Backend as production, with
// Vite's dev middleware serving the renderer and its HMR socket on a loopback port of its own.
import { fileURLToPath } from 'node:url';
import { createServer as createViteServer } from 'vite';
import { Backend } from '../backend/backend.ts';
import { defaultUserDataDir } from '../backend/user-data.ts';
import { startBrowserServer } from './browser-server.ts';

const HMR_PORT = 24679;

export async function startDevServer(): Promise<void> {
  const vite = await createViteServer({
    configFile: fileURLToPath(new URL('../../build/vite.config.ts', import.meta.url)),
    server: { middlewareMode: true, hmr: { host: '127.0.0.1', port: HMR_PORT } },
    appType: 'spa',
  });
  const backend = new Backend({ mode: 'browser', userDataDir: defaultUserDataDir() });
  const running = await startBrowserServer({
    backend,
    port: Number(process.env.PORT ?? 0),
    dev: { inlineScripts: true, connectSources: [`ws://127.0.0.1:${HMR_PORT}`] },
    assets: (request, response) =>
      new Promise<void>((resolve) => {
        response.on('finish', () => resolve());
        response.on('close', () => resolve());
        vite.middlewares(request, response, () => {
          response.statusCode = 404;
          response.end();
        });
      }),
  });
  process.stdout.write(`Auditscope (dev, hot reload) is running at ${running.url}\n`);
  const stop = async () => {
    await running.close();
    await vite.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}
