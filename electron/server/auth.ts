// Request authentication for browser mode: per-launch token, Host and Origin checks (DNS rebinding, CSRF).
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_COOKIE = 'auditscope_token';
export const TOKEN_SUBPROTOCOL_PREFIX = 'auditscope-token.';

export interface AuthConfig {
  token: string;
  /** host:port values the browser may use to reach us, e.g. 127.0.0.1:4173 and localhost:4173. */
  allowedHosts: Set<string>;
}

export type AuthVerdict = { ok: true } | { ok: false; status: 401 | 403; reason: string };

export function allowedHostsFor(bindHost: string, port: number): Set<string> {
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  if (bindHost !== '127.0.0.1') hosts.add(`${bindHost.includes(':') ? `[${bindHost}]` : bindHost}:${port}`);
  return hosts;
}

export function tokensEqual(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function readCookie(request: IncomingMessage, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** Host and Origin must name this server: rejects DNS-rebinding and cross-site requests with 403. */
export function checkOrigin(request: IncomingMessage, config: AuthConfig): AuthVerdict {
  const host = request.headers.host;
  if (!host || !config.allowedHosts.has(host.toLowerCase())) {
    return { ok: false, status: 403, reason: 'forbidden host' };
  }
  const origin = request.headers.origin;
  if (origin !== undefined) {
    let originHost: string;
    try {
      const url = new URL(origin);
      originHost = url.protocol === 'http:' ? url.host : '';
    } catch {
      originHost = '';
    }
    if (!config.allowedHosts.has(originHost.toLowerCase()))
      return { ok: false, status: 403, reason: 'forbidden origin' };
  }
  return { ok: true };
}

/** The token may come from the HttpOnly cookie, a Bearer header, or (WebSocket) a sub-protocol. */
export function presentedToken(request: IncomingMessage): string | undefined {
  const auth = request.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  const protocols = request.headers['sec-websocket-protocol'];
  if (protocols) {
    for (const protocol of protocols.split(',')) {
      const trimmed = protocol.trim();
      if (trimmed.startsWith(TOKEN_SUBPROTOCOL_PREFIX)) return trimmed.slice(TOKEN_SUBPROTOCOL_PREFIX.length);
    }
  }
  return readCookie(request, TOKEN_COOKIE);
}

export function checkRequest(request: IncomingMessage, config: AuthConfig): AuthVerdict {
  const origin = checkOrigin(request, config);
  if (!origin.ok) return origin;
  if (!tokensEqual(presentedToken(request), config.token))
    return { ok: false, status: 401, reason: 'missing or wrong token' };
  return { ok: true };
}
