// Serves the built renderer from one folder, never outside it; unknown paths get the app (client-side routes).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.jsonl': 'application/x-ndjson',
  '.log': 'text/plain; charset=utf-8',
};

export type AssetHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

export function staticFiles(root: string): AssetHandler {
  const base = normalize(root + sep);
  return async (request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    let file = normalize(join(base, pathname));
    if (!file.startsWith(base)) {
      response.writeHead(404).end();
      return;
    }
    let info = await stat(file).catch(() => undefined);
    if (!info || info.isDirectory()) {
      file = join(base, 'index.html');
      info = await stat(file).catch(() => undefined);
    }
    if (!info) {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('renderer not built: run "npm run build"\n');
      return;
    }
    const isHtml = file.endsWith('.html');
    response.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Length': info.size,
      // Hashed assets can be cached; the page itself must not be, so a new launch picks up a new build.
      'Cache-Control': isHtml ? 'no-store' : 'private, max-age=31536000, immutable',
    });
    createReadStream(file).pipe(response);
  };
}
