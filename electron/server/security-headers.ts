// Response headers that hold the browser-mode page to the same strict policy as the Electron window.
import { contentSecurityPolicy } from '../../shared/security/content-security-policy.ts';

/** Only `npm run dev` relaxes the policy: Vite's React refresh preamble is inline and HMR uses its own socket. */
export interface DevRelaxation {
  inlineScripts: boolean;
  connectSources: string[];
}

/** The renderer's policy, plus this server's own WebSocket (and Vite's in `npm run dev`). */
export function browserModeCsp(port: number, dev?: DevRelaxation): string {
  return contentSecurityPolicy({
    inlineScripts: dev?.inlineScripts,
    connectSources: [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`, ...(dev?.connectSources ?? [])],
  });
}

export function securityHeaders(port: number, dev?: DevRelaxation): Record<string, string> {
  return {
    'Content-Security-Policy': browserModeCsp(port, dev),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}
