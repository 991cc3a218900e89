// Where the node's API server answers /livez: the profile's override, else loopback at its --secure-port.
import type { NodeTarget } from './node-target.ts';

export function livezUrlFor(target: NodeTarget, manifestText: string): string {
  if (target.livezUrl) return target.livezUrl;
  // --secure-port is not an audit flag; read it from the command list directly (last one wins).
  const matches = [...manifestText.matchAll(/--secure-port(?:=|\s*\n\s*-\s*)["']?(\d{1,5})/g)];
  const port = matches.length > 0 ? matches[matches.length - 1]![1] : '6443';
  return `https://127.0.0.1:${port}/livez`;
}

/** Whether the manifest turns anonymous requests off (then an anonymous /livez check can never pass). */
export function anonymousAuthDisabled(manifestText: string): boolean {
  const matches = [...manifestText.matchAll(/--anonymous-auth(?:=|\s*\n\s*-\s*)["']?(true|false)/g)];
  return matches.length > 0 && matches[matches.length - 1]![1] === 'false';
}
