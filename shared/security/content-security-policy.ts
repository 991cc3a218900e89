// The one Content-Security-Policy of the renderer, for the desktop window (app:// protocol) and browser mode alike;
// each shell only adds the sources its transport needs.

export interface CspAdditions {
  /** Extra connect-src sources: browser mode's WebSocket, Vite's HMR socket in `npm run dev`. */
  connectSources?: readonly string[];
  /** Only `npm run dev`: Vite's React refresh preamble is an inline script. */
  inlineScripts?: boolean;
}

export function contentSecurityPolicy(additions: CspAdditions = {}): string {
  return [
    "default-src 'self'",
    additions.inlineScripts ? "script-src 'self' 'unsafe-inline'" : "script-src 'self'",
    // MUI (emotion) and Monaco inject <style> elements at run time.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "worker-src 'self' blob:",
    ["connect-src 'self'", ...(additions.connectSources ?? [])].join(' '),
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}
