// Browser mode: the same Backend as the Electron app, over HTTP (calls) and WebSocket (events), on loopback only.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Backend } from '../backend/backend.ts';
import { allowedHostsFor, checkOrigin, checkRequest, TOKEN_COOKIE, tokensEqual, type AuthConfig } from './auth.ts';
import { securityHeaders, type DevRelaxation } from './security-headers.ts';
import type { AssetHandler } from './static-files.ts';

export interface BrowserServerOptions {
  backend: Backend;
  assets: AssetHandler;
  host?: string;
  port?: number;
  /** Binding anything but loopback exposes the backend (SSH, files) to the network; it needs an explicit opt-in. */
  allowNonLoopback?: boolean;
  /** Development only (npm run dev): the relaxed CSP Vite's hot reload needs. */
  dev?: DevRelaxation;
}

export interface RunningBrowserServer {
  server: Server;
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 32 * 1024 * 1024;
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export class BindRefused extends Error {}

export async function startBrowserServer(options: BrowserServerOptions): Promise<RunningBrowserServer> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host) && !options.allowNonLoopback) {
    throw new BindRefused(
      `refusing to listen on ${host}: browser mode serves local files and SSH access, so it binds 127.0.0.1 only ` +
        '(pass --allow-non-loopback to override, at your own risk)',
    );
  }
  const token = randomBytes(32).toString('base64url');
  const auth: AuthConfig = { token, allowedHosts: new Set() };
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent)
        sendJson(response, 500, { ok: false, error: { code: 'internal', message: String(error) } });
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    for (const [name, value] of Object.entries(securityHeaders(port, options.dev))) response.setHeader(name, value);
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');

    // The printed URL carries the token once; trade it for an HttpOnly cookie and drop it from the address bar.
    const queryToken = url.searchParams.get('token');
    if (request.method === 'GET' && queryToken !== null) {
      const origin = checkOrigin(request, auth);
      if (!origin.ok)
        return sendJson(response, origin.status, { ok: false, error: { code: 'forbidden', message: origin.reason } });
      if (!tokensEqual(queryToken, token)) return sendJson(response, 401, unauthorized());
      url.searchParams.delete('token');
      response.writeHead(303, {
        'Set-Cookie': `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        Location: url.pathname + url.search,
      });
      response.end();
      return;
    }

    const verdict = checkRequest(request, auth);
    if (!verdict.ok) {
      return sendJson(
        response,
        verdict.status,
        verdict.status === 401 ? unauthorized() : { ok: false, error: { code: 'forbidden', message: verdict.reason } },
      );
    }

    if (url.pathname.startsWith('/api/')) {
      const channel = url.pathname.slice('/api/'.length);
      if (request.method !== 'POST')
        return sendJson(response, 405, { ok: false, error: { code: 'method', message: 'use POST' } });
      let payload: unknown;
      try {
        const body = await readBody(request);
        payload = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
      } catch (error) {
        return sendJson(response, 400, {
          ok: false,
          error: { code: 'invalid-json', message: `request body is not valid JSON: ${(error as Error).message}` },
        });
      }
      const result = await options.backend.call(channel, payload);
      if (!result.ok && result.invalid) {
        return sendJson(response, result.error.code === 'unknown-channel' ? 404 : 400, {
          ok: false,
          error: result.error,
        });
      }
      return sendJson(
        response,
        200,
        result.ok ? { ok: true, value: result.value } : { ok: false, error: result.error },
      );
    }
    await options.assets(request, response);
  }

  const sockets = new WebSocketServer({ noServer: true, handleProtocols: (protocols) => [...protocols][0] ?? false });
  server.on('upgrade', (request, socket, head) => {
    const verdict = checkRequest(request, auth);
    if (!verdict.ok) {
      socket.end(
        `HTTP/1.1 ${verdict.status} ${verdict.status === 401 ? 'Unauthorized' : 'Forbidden'}\r\nConnection: close\r\n\r\n`,
      );
      return;
    }
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    if (path === '/ws') {
      const tab = new URL(request.url ?? '/', 'http://127.0.0.1').searchParams.get('tab');
      sockets.handleUpgrade(request, socket, head, (ws) => attachEvents(ws, options.backend, tab));
    } else {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  auth.allowedHosts = allowedHostsFor(host, port);
  const displayHost = host === '::1' ? '[::1]' : host === 'localhost' ? '127.0.0.1' : host;
  return {
    server,
    port,
    token,
    url: `http://${displayHost}:${port}/?token=${token}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of sockets.clients) client.terminate();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Tab ids are the explorer session ids the renderer keeps per tab (a UUID). */
const TAB_ID = /^[A-Za-z0-9-]{8,64}$/;

function attachEvents(ws: WebSocket, backend: Backend, tab: string | null): void {
  const unsubscribe = backend.subscribe((channel, payload) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ channel, payload }));
  });
  // While its tab is connected, the tab's explorer session (and its live tails) is kept; see SessionHolds.
  const release = tab !== null && TAB_ID.test(tab) ? backend.holdLogSession(tab) : () => undefined;
  const detach = () => {
    unsubscribe();
    release();
  };
  ws.on('close', detach);
  ws.on('error', detach);
}

function unauthorized() {
  return {
    ok: false,
    error: { code: 'unauthorized', message: 'missing or wrong token: open the URL printed when Auditscope started' },
  };
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(text);
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error(`body larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
