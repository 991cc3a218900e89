// Helpers for the nodes handler tests: a Backend over a temp user-data folder, every emitted event recorded, and
// a way to run a check (which answers through events) to its outcome.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NodeInput, NodeStatus } from '../../shared/ipc/contract/nodes.ts';
import type { RequestChannel, RequestInput, RequestOutput } from '../../shared/ipc/contract.ts';
import { Backend } from '../../electron/backend/backend.ts';
import type { PlatformServices } from '../../electron/backend/platform.ts';

export interface Harness {
  dir: string;
  backend: Backend;
  /** Every event as [channel, payload]. */
  events: [string, unknown][];
  call<K extends RequestChannel>(channel: K, input: RequestInput<K>): Promise<RequestOutput<K>>;
  /** The failure of a call expected to fail. */
  failure(channel: RequestChannel, input: unknown): Promise<{ code: string; message: string }>;
  check(nodeId: string, mode: 'connect' | 'probe', extra?: Record<string, unknown>): Promise<NodeStatus>;
}

export function harness(
  options: { mode?: 'electron' | 'browser'; platform?: PlatformServices; knownHostsFiles?: string[] } = {},
): Harness {
  const dir = mkdtempSync(join(tmpdir(), 'auditscope-nodes-'));
  // Only the app's own store (and the given files): the tests must not depend on this machine's ~/.ssh.
  const backend = new Backend({
    mode: options.mode ?? 'browser',
    userDataDir: dir,
    platform: options.platform,
    nodes: { hostKeys: { knownHostsFiles: options.knownHostsFiles ?? [], appStorePath: join(dir, 'known_hosts') } },
  });
  const events: [string, unknown][] = [];
  backend.subscribe((channel, payload) => events.push([channel, payload]));
  const call = async <K extends RequestChannel>(channel: K, input: RequestInput<K>) => {
    const result = await backend.call(channel, input);
    if (!result.ok) assert.fail(`${channel} failed: ${result.error.code}: ${result.error.message}`);
    return result.value as RequestOutput<K>;
  };
  return {
    dir,
    backend,
    events,
    call,
    async failure(channel, input) {
      const result = await backend.call(channel, input);
      if (result.ok) assert.fail(`${channel} was expected to fail`);
      return result.error;
    },
    async check(nodeId, mode, extra = {}) {
      const { operationId } = await call('nodes.check', { nodeId, mode, ...extra });
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline) {
        const finished = events.find(
          ([channel, payload]) =>
            channel === 'nodes.checkFinished' && (payload as { operationId: string }).operationId === operationId,
        );
        if (finished) return (finished[1] as { status: NodeStatus }).status;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      assert.fail(`check ${operationId} did not finish`);
    },
  };
}

export function nodeInput(
  overrides: Partial<NodeInput> & Pick<NodeInput, 'host' | 'port' | 'user' | 'auth'>,
): NodeInput {
  return {
    name: 'cp-1',
    sudo: 'none',
    paths: {
      manifestPath: '/etc/kubernetes/manifests/kube-apiserver.yaml',
      policyPath: '/etc/kubernetes/audit-policy.yaml',
      logPath: '/var/log/kubernetes/audit/audit.log',
      fsRoot: '',
    },
    ...overrides,
  };
}

/** Stand-in for Electron safeStorage (which needs a running Electron): real AES-256-GCM with a per-test key. */
export async function encryptingPlatform(): Promise<PlatformServices> {
  const { createCipheriv, createDecipheriv, randomBytes } = await import('node:crypto');
  const key = randomBytes(32);
  return {
    encryptSecret(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decryptSecret(data) {
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
      decipher.setAuthTag(data.subarray(12, 28));
      return Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}
