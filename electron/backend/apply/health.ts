// Is the API server back? The kubelet's view: a kube-apiserver container that did not exist before the change must be
// running (crictl), and /livez on the node must answer "ok" twice in a row (through kubectl with admin.conf when the
// node has it, so a server with anonymous auth disabled is checked too). Containers that keep exiting mean a crash
// loop.
import { ADMIN_KUBECONFIG } from './kubeadm-configmap.ts';
import type { RemoteNode } from './remote-node.ts';

export interface ApiServerContainer {
  id: string;
  running: boolean;
  createdAt: string;
}

export interface HealthTimings {
  /** How long the API server may take to come back (default 3 min; real ones take 30–90 s). */
  restartTimeoutMs: number;
  /** How long to wait for the audit log to grow once healthy (default 60 s). */
  logTimeoutMs: number;
  /** Poll interval (default 2 s). */
  pollMs: number;
}

export const DEFAULT_TIMINGS: HealthTimings = { restartTimeoutMs: 180_000, logTimeoutMs: 60_000, pollMs: 2000 };

/** Crash-loop detection: this many new containers that exited means the new configuration does not start. */
const CRASHED_CONTAINERS_LIMIT = 2;

export async function apiServerContainers(node: RemoteNode): Promise<ApiServerContainer[]> {
  const crictl = await node.crictl();
  if (!crictl) throw new Error('crictl was not found on the node; it is needed to see the API server restart');
  const out = await node.run([crictl, 'ps', '-a', '--name', 'kube-apiserver', '-o', 'json']);
  let parsed: { containers?: { id?: string; state?: string; createdAt?: string }[] };
  try {
    parsed = JSON.parse(out);
  } catch {
    throw new Error(`unexpected output from crictl ps: ${out.slice(0, 200)}`);
  }
  return (parsed.containers ?? [])
    .filter((c) => typeof c.id === 'string')
    .map((c) => ({ id: c.id!, running: c.state === 'CONTAINER_RUNNING', createdAt: String(c.createdAt ?? '') }));
}

/** How /livez is asked on the node, and one answer. */
export interface LivezCheck {
  /** For messages: "kubectl get --raw /livez with /etc/kubernetes/admin.conf" or "anonymous curl <url>". */
  how: string;
  /** True when the check has no credentials (fails against --anonymous-auth=false). */
  anonymous: boolean;
  ask(): Promise<{ ok: boolean; answer: string }>;
}

const clip = (text: string) => text.trim().replace(/\s+/g, ' ').slice(0, 200);

/**
 * The API server's own /livez on this node, asked the way an admin on the node would: through kubectl with kubeadm's
 * admin.conf credentials when both exist (works with anonymous auth disabled), else an anonymous curl. Only the
 * body "ok" counts; 401/403 mean "not known to be healthy", never "up".
 */
export async function livezCheck(node: RemoteNode, url: string): Promise<LivezCheck> {
  const parsed = new URL(url);
  const kubectl = await node.tool('kubectl');
  if (kubectl && (await node.stat(ADMIN_KUBECONFIG))) {
    const path = parsed.pathname + parsed.search;
    // --server: this node's API server, not admin.conf's endpoint (often a load balancer in front of all of them).
    const argv = [kubectl, '--kubeconfig', node.at(ADMIN_KUBECONFIG), '--server', parsed.origin];
    // Its serving certificate names "kubernetes" (always among kubeadm's SANs), not 127.0.0.1: verify that name.
    if (parsed.protocol === 'https:') argv.push('--tls-server-name', 'kubernetes');
    argv.push('--request-timeout', '3s', 'get', '--raw', path);
    return {
      how: `kubectl get --raw ${path} with ${ADMIN_KUBECONFIG}`,
      anonymous: false,
      ask: async () => {
        // admin.conf is root-only: through sudo when configured.
        const result = await node.exec(argv);
        return { ok: result.code === 0 && result.stdout.trim() === 'ok', answer: clip(result.stdout + result.stderr) };
      },
    };
  }
  return {
    how: `anonymous curl ${url}`,
    anonymous: true,
    ask: async () => {
      // -k: the serving certificate is for the cluster names, not 127.0.0.1; we only ask whether it is alive.
      const result = await node.session.exec(['curl', '-ksS', '--max-time', '3', '-w', '\n%{http_code}', url]);
      const lines = result.stdout.trimEnd().split('\n');
      const status = lines.pop() ?? '';
      const body = lines.join('\n').trim();
      const ok = result.code === 0 && status === '200' && body === 'ok';
      return { ok, answer: result.code === 0 ? `HTTP ${status} ${clip(body)}` : clip(result.stderr) };
    },
  };
}

export async function lastLogLines(node: RemoteNode, containerId: string, lines = 40): Promise<string> {
  const crictl = await node.crictl();
  if (!crictl) return '';
  const result = await node.exec([crictl, 'logs', '--tail', String(lines), containerId]);
  return (result.stdout + result.stderr).trim();
}

export type RestartOutcome =
  { ok: true; containerId: string; how: string } | { ok: false; reason: string; failedContainerId: string | null };

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

/** Waits until a container not in `before` runs and /livez answers ok twice; stops early on a crash loop. */
export async function waitForRestart(
  node: RemoteNode,
  before: readonly string[],
  livezUrl: string,
  timings: HealthTimings,
  signal?: AbortSignal,
): Promise<RestartOutcome> {
  const deadline = Date.now() + timings.restartTimeoutMs;
  const livez = await livezCheck(node, livezUrl);
  let healthyOnce: string | null = null;
  let newest: string | null = null;
  let lastAnswer: string | null = null;
  while (Date.now() < deadline && !signal?.aborted) {
    const fresh = (await apiServerContainers(node)).filter((c) => !before.includes(c.id));
    newest = fresh[0]?.id ?? newest;
    const running = fresh.find((c) => c.running);
    const exited = fresh.filter((c) => !c.running);
    if (exited.length >= CRASHED_CONTAINERS_LIMIT && !running) {
      return {
        ok: false,
        reason: `the new kube-apiserver keeps exiting (${exited.length} containers exited)`,
        failedContainerId: exited[0]!.id,
      };
    }
    const answer = running ? await livez.ask() : null;
    if (running && answer) lastAnswer = answer.answer;
    if (running && answer?.ok) {
      if (healthyOnce === running.id) return { ok: true, containerId: running.id, how: livez.how };
      healthyOnce = running.id;
    } else healthyOnce = null;
    await sleep(timings.pollMs, signal);
  }
  if (signal?.aborted)
    return { ok: false, reason: 'cancelled while waiting for the API server', failedContainerId: newest };
  const seconds = Math.round(timings.restartTimeoutMs / 1000);
  const refused = livez.anonymous && /^HTTP 40[13]\b/.test(lastAnswer ?? '');
  return {
    ok: false,
    reason: newest
      ? `the new kube-apiserver did not become healthy within ${seconds} s (${livez.how}: last answer ` +
        `"${lastAnswer ?? 'none'}")` +
        (refused
          ? `; anonymous requests are refused, so the check needs kubectl and ${ADMIN_KUBECONFIG} on the node`
          : '')
      : `no new kube-apiserver container appeared within ${seconds} s (the kubelet did not restart it)`,
    failedContainerId: newest,
  };
}

/** Size of the audit log now (0 when it does not exist yet). */
export async function logSize(node: RemoteNode, nodePath: string): Promise<number> {
  return (await node.stat(nodePath))?.size ?? 0;
}

/** Waits until the audit log has grown past `from` bytes (or shrunk: it was rotated). */
export async function waitForLogGrowth(
  node: RemoteNode,
  nodePath: string,
  from: number,
  timings: HealthTimings,
  signal?: AbortSignal,
): Promise<boolean> {
  const deadline = Date.now() + timings.logTimeoutMs;
  while (Date.now() < deadline && !signal?.aborted) {
    const stat = await node.stat(nodePath);
    if (stat && stat.size !== from) return true;
    await sleep(Math.min(timings.pollMs, 1000), signal);
  }
  return false;
}
