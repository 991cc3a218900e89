// The browser-mode server's boundary, tested over real HTTP and WebSocket connections.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { WebSocket } from 'ws';
import { Backend } from '../../electron/backend/backend.ts';
import { BindRefused, startBrowserServer, type RunningBrowserServer } from '../../electron/server/browser-server.ts';
import { staticFiles } from '../../electron/server/static-files.ts';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(
  port: number,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? 'GET',
        headers: { Host: `127.0.0.1:${port}`, ...options.headers },
      },
      (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('browser-mode server', () => {
  let server: RunningBrowserServer;
  let userData: string;
  let rendererDir: string;
  const bearer = () => ({ Authorization: `Bearer ${server.token}` });

  before(async () => {
    userData = mkdtempSync(join(tmpdir(), 'auditscope-server-'));
    rendererDir = mkdtempSync(join(tmpdir(), 'auditscope-renderer-'));
    server = await startBrowserServer({
      backend: new Backend({ mode: 'browser', userDataDir: userData }),
      assets: staticFiles(rendererDir),
    });
  });
  after(async () => {
    await server.close();
    rmSync(userData, { recursive: true, force: true });
    rmSync(rendererDir, { recursive: true, force: true });
  });

  test('prints a loopback URL with a fresh random token', () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
  });

  test('answers 401 without the token or with a wrong one, on pages and API calls', async () => {
    assert.equal((await send(server.port, '/')).status, 401);
    assert.equal((await send(server.port, '/api/app.info', { method: 'POST', body: '{}' })).status, 401);
    const wrong = await send(server.port, '/api/app.info', {
      method: 'POST',
      body: '{}',
      headers: { Authorization: 'Bearer nope' },
    });
    assert.equal(wrong.status, 401);
    assert.equal((await send(server.port, `/?token=${server.token.slice(1)}x`)).status, 401);
  });

  test('answers 403 to a foreign Host (DNS rebinding) and a foreign Origin, even with the token', async () => {
    const rebind = await send(server.port, '/api/app.info', {
      method: 'POST',
      body: '{}',
      headers: { ...bearer(), Host: `evil.example:${server.port}` },
    });
    assert.equal(rebind.status, 403);
    const otherPort = await send(server.port, '/api/app.info', {
      method: 'POST',
      body: '{}',
      headers: { ...bearer(), Host: `127.0.0.1:1` },
    });
    assert.equal(otherPort.status, 403);
    const origin = await send(server.port, '/api/app.info', {
      method: 'POST',
      body: '{}',
      headers: { ...bearer(), Origin: 'http://evil.example' },
    });
    assert.equal(origin.status, 403);
    assert.equal(origin.headers['access-control-allow-origin'], undefined);
  });

  test('accepts the token as a header, and from the URL once in exchange for an HttpOnly SameSite=Strict cookie', async () => {
    const info = await send(server.port, '/api/app.info', {
      method: 'POST',
      body: '{}',
      headers: { ...bearer(), Origin: `http://localhost:${server.port}` },
    });
    assert.equal(info.status, 200);
    assert.equal(JSON.parse(info.body).value.mode, 'browser');
    assert.equal(info.headers['access-control-allow-origin'], undefined);

    const exchange = await send(server.port, `/?token=${server.token}`);
    assert.equal(exchange.status, 303);
    assert.equal(exchange.headers.location, '/');
    const cookie = String(exchange.headers['set-cookie']);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    const withCookie = await send(server.port, '/api/settings.get', {
      method: 'POST',
      body: '{}',
      headers: { Cookie: cookie.split(';')[0]! },
    });
    assert.equal(withCookie.status, 200);
    assert.match(String(withCookie.headers['content-security-policy']), /default-src 'self'/);
  });

  test('rejects payloads that fail validation with 400 and a clear message, unknown calls with 404', async () => {
    const bad = await send(server.port, '/api/settings.update', {
      method: 'POST',
      body: '{"theme":"blue"}',
      headers: bearer(),
    });
    assert.equal(bad.status, 400);
    const error = JSON.parse(bad.body).error;
    assert.equal(error.code, 'invalid-payload');
    assert.match(error.message, /theme/);
    const extra = await send(server.port, '/api/app.info', { method: 'POST', body: '{"x":1}', headers: bearer() });
    assert.equal(extra.status, 400);
    const notJson = await send(server.port, '/api/app.info', { method: 'POST', body: '{', headers: bearer() });
    assert.equal(notJson.status, 400);
    assert.equal(
      (await send(server.port, '/api/no.such', { method: 'POST', body: '{}', headers: bearer() })).status,
      404,
    );
    assert.equal((await send(server.port, '/api/app.info', { method: 'GET', headers: bearer() })).status, 405);
  });

  test('WebSocket upgrades need the token and deliver backend events', async () => {
    const url = `ws://127.0.0.1:${server.port}/ws`;
    const refused = new WebSocket(url);
    const status = await new Promise<string>((resolve) => {
      refused.on('error', (error) => resolve(error.message));
      refused.on('open', () => resolve('opened'));
    });
    assert.match(status, /401/);

    const socket = new WebSocket(url, [`auditscope-token.${server.token}`]);
    await new Promise<void>((resolve, reject) => {
      socket.on('open', () => resolve());
      socket.on('error', reject);
    });
    const received = new Promise<{ channel: string; payload: { theme: string } }>((resolve) =>
      socket.once('message', (data) => resolve(JSON.parse(String(data)))),
    );
    await send(server.port, '/api/settings.update', { method: 'POST', body: '{"theme":"dark"}', headers: bearer() });
    const message = await received;
    assert.equal(message.channel, 'settings.changed');
    assert.equal(message.payload.theme, 'dark');
    socket.close();
  });

  test('is not reachable on any address but loopback', async () => {
    const addresses = Object.values(networkInterfaces())
      .flat()
      .filter((entry) => entry && !entry.internal && entry.family === 'IPv4')
      .map((entry) => entry!.address);
    // 127.0.0.2 is loopback-range but not the bound address: it must be refused too.
    for (const address of [...addresses, '127.0.0.2']) {
      const outcome = await new Promise<string>((resolve) => {
        const socket = connect({ host: address, port: server.port, timeout: 2000 });
        socket.on('connect', () => {
          socket.destroy();
          resolve('connected');
        });
        socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
        socket.on('timeout', () => {
          socket.destroy();
          resolve('timeout');
        });
      });
      assert.notEqual(outcome, 'connected', `reachable on ${address}`);
    }
  });

  test('refuses to bind a non-loopback address without the explicit flag', async () => {
    await assert.rejects(
      startBrowserServer({
        backend: new Backend({ mode: 'browser', userDataDir: userData }),
        assets: staticFiles(rendererDir),
        host: '0.0.0.0',
      }),
      BindRefused,
    );
  });
});
