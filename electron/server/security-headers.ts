// Response headers that hold the browser-mode page to the same strict policy as the Electron window.
/** Only `npm run dev` relaxes the policy: Vite's React refresh preamble is inline and HMR uses its own socket. */
export interface DevRelaxation {
  inlineScripts: boolean;
  connectSources: string[];
}

export function contentSecurityPolicy(port: number, dev?: DevRelaxation): string {
  return [
    "default-src 'self'",
    dev?.inlineScripts ? "script-src 'self' 'unsafe-inline'" : "script-src 'self'",
    // MUI (emotion) and Monaco inject <style> elements at run time.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "worker-src 'self' blob:",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}${dev ? ' ' + dev.connectSources.join(' ') : ''}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

export function securityHeaders(port: number, dev?: DevRelaxation): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(port, dev),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}
