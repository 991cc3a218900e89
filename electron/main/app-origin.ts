// The renderer is served from a custom protocol; only frames from this origin may call the backend.
import { contentSecurityPolicy } from '../../shared/security/content-security-policy.ts';

export const APP_SCHEME = 'app';
export const APP_HOST = 'auditscope';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** External links the app may open in the system browser (compared by origin, never by prefix). */
export const EXTERNAL_LINK_ORIGINS = new Set(['https://kubernetes.io', 'https://github.com']);

export function isAppUrl(url: string): boolean {
  try {
    // Compared by scheme and host: URL.origin is "null" for custom schemes outside Electron.
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

export function isAllowedExternalUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && EXTERNAL_LINK_ORIGINS.has(parsed.origin);
  } catch {
    return false;
  }
}

export const ELECTRON_CSP = contentSecurityPolicy();
