// The nodes backend, one per Backend: inventory, held secrets, pooled SSH sessions, running checks and the
// last outcome per node. Other features (e.g. Apply) reuse `openSession` to reach a node the same way.
import { randomUUID } from 'node:crypto';
import type {
  CheckMode,
  NodeCheckOutcome,
  NodeProfile,
  NodesState,
  NodeStatus,
  SecretRef,
} from '../../../shared/ipc/contract/nodes.ts';
import { AppFailure } from '../../../shared/errors.ts';
import type { BackendEnvironment } from '../environment.ts';
import type { HostKeyStores, UnknownHostKeyQuestion } from '../ssh/host-keys.ts';
import { SshPool } from '../ssh/pool.ts';
import type { SshSession } from '../ssh/session.ts';
import { defaultHostKeyStores, keyPathsOf, sessionOptionsFor } from './connection-plan.ts';
import { InventoryStore } from './inventory-store.ts';
import { probeProfile, testConnection } from './node-check.ts';
import { outcomeFromError, type MappedFailure } from './outcome-from-error.ts';
import { redactDeep } from './redact-outcome.ts';
import { SecretStore, secretKey } from './secret-store.ts';

export interface TrustedHostKey {
  host: string;
  port: number;
  fingerprintSha256: string;
}

export interface OpenSessionOptions {
  signal?: AbortSignal;
  /** Accept exactly this key (the one the user saw and accepted); it is then recorded in the app's store. */
  trustHostKey?: TrustedHostKey;
  /** Ask for a missing sudo password (profile sudo mode "password") once logged in. Default true. */
  requireSudo?: boolean;
}

export type OpenSessionResult = { ok: true; session: SshSession } | { ok: false; failure: MappedFailure };

export interface NodeServicesOptions {
  hostKeys?: HostKeyStores;
}

export class NodeServices {
  readonly inventory: InventoryStore;
  readonly secrets: SecretStore;
  readonly pool = new SshPool();
  readonly hostKeys: HostKeyStores;
  private readonly statuses = new Map<string, NodeStatus>();
  private readonly operations = new Map<string, { nodeId: string; controller: AbortController }>();

  constructor(
    private readonly env: BackendEnvironment,
    options: NodeServicesOptions = {},
  ) {
    this.inventory = new InventoryStore(env.userDataDir);
    this.secrets = new SecretStore(env.userDataDir);
    this.hostKeys = options.hostKeys ?? defaultHostKeyStores(env.userDataDir);
  }

  async state(): Promise<NodesState> {
    const { platform } = this.env;
    const clusters = await this.inventory.list();
    const ids = clusters.flatMap((cluster) => cluster.nodes.map((node) => node.id));
    const statuses: NodesState['statuses'] = {};
    const secrets: NodesState['secrets'] = {};
    for (const id of ids) {
      const status = this.statuses.get(id);
      if (status) statuses[id] = status;
      secrets[id] = await this.secrets.held(id, platform);
    }
    return {
      clusters,
      statuses,
      secrets,
      problems: this.inventory.problems,
      canRememberSecrets: Boolean(platform.encryptSecret),
      inventoryPath: this.inventory.path,
    };
  }

  /**
   * A connected session for a node (pooled), or the structured outcome saying what the user must do first
   * (accept a host key, type a secret). Secrets the server rejected are forgotten.
   */
  /** How to reach a node: its profile with the secrets held for it and the host-key stores. */
  sessionPlan(node: NodeProfile): ReturnType<typeof sessionOptionsFor> {
    return sessionOptionsFor(node, (ref) => this.secrets.get(node.id, ref, this.env.platform), this.hostKeys);
  }

  async openSession(node: NodeProfile, options: OpenSessionOptions = {}): Promise<OpenSessionResult> {
    const plan = await this.sessionPlan(node);
    if (!plan.ok) return { ok: false, failure: { outcome: plan.outcome } };
    let question: UnknownHostKeyQuestion | undefined;
    const trust = options.trustHostKey;
    try {
      const session = await this.pool.acquire(node.id, {
        ...plan.options,
        signal: options.signal,
        onUnknownHostKey: (asked) => {
          question = asked;
          // Only the exact key the user accepted in the dialog; anything else is asked about again.
          return (
            trust !== undefined &&
            asked.host === trust.host &&
            asked.port === trust.port &&
            asked.fingerprintSha256 === trust.fingerprintSha256
          );
        },
      });
      if ('kind' in plan.sudo) {
        if (options.requireSudo !== false) return { ok: false, failure: { outcome: plan.sudo } };
      } else {
        // A pooled session may predate a sudo password typed since; always use the current one.
        session.setSudo(plan.sudo);
      }
      return { ok: true, session };
    } catch (error) {
      const failure = outcomeFromError(node, error, question, options.signal?.aborted ?? false);
      if (failure.rejected) await this.secrets.forget(node.id, failure.rejected);
      return { ok: false, failure };
    }
  }

  /** Starts a connection test or probe; progress and the outcome are emitted as events. */
  async startCheck(input: {
    nodeId: string;
    mode: CheckMode;
    operationId?: string;
    trustHostKey?: TrustedHostKey;
  }): Promise<string> {
    const node = await this.inventory.requireNode(input.nodeId);
    for (const running of this.operations.values()) {
      if (running.nodeId === node.id) throw new AppFailure('busy', `a check of ${node.name} is already running`);
    }
    const operationId = input.operationId ?? randomUUID();
    if (this.operations.has(operationId)) throw new AppFailure('busy', `operation ${operationId} is already running`);
    const controller = new AbortController();
    this.operations.set(operationId, { nodeId: node.id, controller });
    void this.runCheck(operationId, node, input, controller.signal).finally(() => this.operations.delete(operationId));
    return operationId;
  }

  cancel(operationId: string): boolean {
    const running = this.operations.get(operationId);
    if (!running) return false;
    running.controller.abort();
    // probeNode's commands take no signal: closing the node's session stops them.
    void this.pool.release(running.nodeId);
    return true;
  }

  private async runCheck(
    operationId: string,
    node: NodeProfile,
    input: { mode: CheckMode; trustHostKey?: TrustedHostKey },
    signal: AbortSignal,
  ): Promise<void> {
    const { platform, emit } = this.env;
    const heldBefore = await this.secrets.values(node.id, platform);
    const progress = (stage: 'connecting' | 'probing' | 'checking-sudo', message: string) =>
      emit('nodes.progress', { operationId, nodeId: node.id, stage, message });
    let outcome: NodeCheckOutcome;
    try {
      const via = node.jump ? ` via ${node.jump.host}` : '';
      progress('connecting', `Connecting to ${node.user}@${node.host}:${node.port}${via}`);
      const opened = await this.openSession(node, { signal, trustHostKey: input.trustHostKey });
      if (!opened.ok) outcome = opened.failure.outcome;
      else if (input.mode === 'connect') {
        progress('checking-sudo', `Connected; checking the remote user and sudo on ${node.host}`);
        outcome = await testConnection(opened.session, node, signal);
      } else {
        progress('probing', `Probing ${node.host}: OS, kubelet, distribution, manifest and audit settings`);
        outcome = await probeProfile(opened.session, node);
      }
    } catch (error) {
      const failure = outcomeFromError(node, error, undefined, signal.aborted);
      if (failure.rejected) await this.secrets.forget(node.id, failure.rejected);
      outcome = failure.outcome;
    }
    if (signal.aborted) outcome = { kind: 'cancelled' };
    const secrets = [...heldBefore, ...(await this.secrets.values(node.id, platform))];
    const status: NodeStatus = redactDeep(
      { nodeId: node.id, mode: input.mode, checkedAt: new Date().toISOString(), outcome },
      secrets,
    );
    this.statuses.set(node.id, status);
    emit('nodes.checkFinished', { operationId, status });
  }

  async provideSecret(nodeId: string, ref: SecretRef, value: string, remember: boolean): Promise<boolean> {
    const node = await this.inventory.requireNode(nodeId);
    if (ref.kind === 'key-passphrase' && !keyPathsOf(node).includes(ref.keyPath)) {
      throw new AppFailure('invalid-secret', `${node.name} does not use the key file ${ref.keyPath}`);
    }
    if (ref.kind === 'password' && (ref.hop === 'jump' ? node.jump?.auth : node.auth)?.kind !== 'password') {
      throw new AppFailure('invalid-secret', `${node.name} does not log in to that host with a password`);
    }
    if (ref.kind === 'sudo-password' && node.sudo !== 'password') {
      throw new AppFailure('invalid-secret', `${node.name} is not set to use sudo with a password`);
    }
    if (/[\r\n\0]/.test(value)) throw new AppFailure('invalid-secret', 'a secret cannot contain line breaks');
    return this.secrets.put(nodeId, ref, value, remember, this.env.platform);
  }

  /** After an edit: drop the pooled session, the stale status, and secrets that no longer apply. */
  async nodeEdited(before: NodeProfile, after: NodeProfile): Promise<void> {
    await this.pool.release(after.id);
    this.statuses.delete(after.id);
    const stale: SecretRef[] = [];
    const sameTarget = before.host === after.host && before.port === after.port && before.user === after.user;
    if (!sameTarget || after.auth.kind !== 'password') stale.push({ kind: 'password', hop: 'target' });
    if (!sameTarget || after.sudo !== 'password') stale.push({ kind: 'sudo-password' });
    const sameJump =
      before.jump?.host === after.jump?.host &&
      before.jump?.port === after.jump?.port &&
      before.jump?.user === after.jump?.user;
    if (!sameJump || after.jump?.auth.kind !== 'password') stale.push({ kind: 'password', hop: 'jump' });
    const keepKeys = new Set(keyPathsOf(after));
    for (const keyPath of keyPathsOf(before)) {
      if (!keepKeys.has(keyPath)) stale.push({ kind: 'key-passphrase', keyPath });
    }
    const unique = new Map(stale.map((ref) => [secretKey(ref), ref]));
    for (const ref of unique.values()) await this.secrets.forget(after.id, ref);
  }

  async nodesRemoved(nodeIds: string[]): Promise<void> {
    for (const id of nodeIds) {
      for (const [operationId, running] of this.operations) if (running.nodeId === id) this.cancel(operationId);
      await this.pool.release(id);
      this.statuses.delete(id);
      await this.secrets.forget(id);
    }
  }
}
