// Node inventory, connection checks and probing. Profiles carry no secrets: passwords, key passphrases and sudo
// passwords only travel in `nodes.provideSecret`, are held by the backend, and never come back in any output or event.
import { z } from 'zod';
import { event, request } from '../define.ts';

export const KUBEADM_PATHS = {
  manifestPath: '/etc/kubernetes/manifests/kube-apiserver.yaml',
  policyPath: '/etc/kubernetes/audit-policy.yaml',
  logPath: '/var/log/kubernetes/audit/audit.log',
} as const;

const entityId = z.string().regex(/^[a-z0-9-]{1,64}$/, 'expected an id of lowercase letters, digits and dashes');
const operationId = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'expected an operation id of letters, digits and dashes');
const displayName = z.string().trim().min(1, 'a name is required').max(100);
const host = z
  .string()
  .trim()
  .min(1, 'a host is required')
  .max(253)
  .regex(/^[A-Za-z0-9._:%[\]-]+$/, 'expected a host name or IP address');
const port = z.number().int().min(1).max(65535);
const userName = z
  .string()
  .trim()
  .min(1, 'a user is required')
  .max(64)
  .regex(/^[^\s\0-\x1f]+$/, 'a user name cannot contain spaces or control characters');
/** Absolute node path; quoting makes any character safe remotely, but line breaks and NUL are never valid. */
const nodePath = z
  .string()
  .max(4096)
  .regex(/^\/[^\0\r\n]*$/, 'expected an absolute path (starting with /) without line breaks');
/** Local key file: absolute or starting with ~/ (expanded by the backend). */
const localPath = z
  .string()
  .trim()
  .min(1, 'a key file is required')
  .max(4096)
  .regex(/^(\/|~\/)[^\0\r\n]*$/, 'expected an absolute path or one starting with ~/');

export const sshAuthSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('key'), privateKeyPath: localPath }).strict(),
  z.object({ kind: z.literal('agent') }).strict(),
  z.object({ kind: z.literal('password') }).strict(),
]);
export type NodeAuth = z.infer<typeof sshAuthSchema>;

export const jumpHostSchema = z.object({ host, port, user: userName, auth: sshAuthSchema }).strict();
export type JumpHost = z.infer<typeof jumpHostSchema>;

export const SUDO_MODES = ['none', 'nopasswd', 'password'] as const;
export type SudoMode = (typeof SUDO_MODES)[number];

export const nodePathsSchema = z
  .object({
    manifestPath: nodePath,
    policyPath: nodePath,
    logPath: nodePath,
    /** Treat this folder as the node's "/" (chroots, containerised or test layouts); '' for the real root. */
    fsRoot: z.union([z.literal(''), nodePath]),
  })
  .strict();
export type NodePaths = z.infer<typeof nodePathsSchema>;

export const DEFAULT_NODE_PATHS: NodePaths = { ...KUBEADM_PATHS, fsRoot: '' };

export const nodeInputSchema = z
  .object({
    name: displayName,
    host,
    port,
    user: userName,
    auth: sshAuthSchema,
    jump: jumpHostSchema.optional(),
    sudo: z.enum(SUDO_MODES),
    paths: nodePathsSchema,
  })
  .strict();
export type NodeInput = z.infer<typeof nodeInputSchema>;

export const nodeProfileSchema = nodeInputSchema.extend({ id: entityId }).strict();
export type NodeProfile = z.infer<typeof nodeProfileSchema>;

export const clusterSchema = z
  .object({ id: entityId, name: displayName, nodes: z.array(nodeProfileSchema).max(100) })
  .strict();
export type Cluster = z.infer<typeof clusterSchema>;

/** A secret the backend may ask for. Key passphrases belong to a key file, wherever it is used. */
export const secretRefSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('password'), hop: z.enum(['target', 'jump']) }).strict(),
  z.object({ kind: z.literal('key-passphrase'), keyPath: localPath }).strict(),
  z.object({ kind: z.literal('sudo-password') }).strict(),
]);
export type SecretRef = z.infer<typeof secretRefSchema>;

/** Which secrets the backend holds for a node (never their values). */
export interface HeldSecret {
  ref: SecretRef;
  /** Saved encrypted on disk (desktop only), not just held for this session. */
  saved: boolean;
}

import type { ProbeResult as NodeProbe, SudoStatus } from '../../nodes/probe-result.ts';

export type { Distribution, SudoStatus } from '../../nodes/probe-result.ts';
/** What a probe found on the node (same shape as `auditscope node probe --json`). */
export type { ProbeAudit as NodeProbeAudit, ProbeResult as NodeProbe } from '../../nodes/probe-result.ts';

export type DetectedPaths = Pick<NodePaths, 'manifestPath' | 'policyPath' | 'logPath'>;

/** The structured result of a connection test or probe; every failure the UI can act on has its own kind. */
export type NodeCheckOutcome =
  | { kind: 'connected'; remoteUser: string; sudo: SudoStatus | 'not-used' }
  | {
      kind: 'probed';
      probe: NodeProbe;
      /** Paths found on the node that differ from the profile ("use detected paths"); null when they agree. */
      detectedPaths: DetectedPaths | null;
    }
  | { kind: 'host-key-unknown'; host: string; port: number; keyType: string; fingerprintSha256: string; hop: Hop }
  | {
      kind: 'host-key-changed';
      host: string;
      port: number;
      hop: Hop;
      message: string;
      got: { keyType: string; fingerprintSha256: string };
      expected: { keyType: string; fingerprintSha256: string; source: string }[];
    }
  | { kind: 'host-key-revoked'; host: string; port: number; hop: Hop; message: string }
  | { kind: 'secret-required'; secret: SecretRef; reason: 'missing' | 'wrong'; prompt: string }
  | { kind: 'failed'; code: string; message: string }
  | { kind: 'cancelled' };

export type Hop = 'target' | 'jump';
export type CheckMode = 'connect' | 'probe';

export interface NodeStatus {
  nodeId: string;
  mode: CheckMode;
  /** ISO time the check finished. */
  checkedAt: string;
  outcome: NodeCheckOutcome;
}

export interface NodesState {
  clusters: Cluster[];
  /** Last check per node in this session. */
  statuses: Record<string, NodeStatus>;
  /** Secrets held per node id. */
  secrets: Record<string, HeldSecret[]>;
  /** Problems reading the inventory file, with position. */
  problems: string[];
  /** Secrets can be remembered (encrypted with the OS keychain); false in browser mode. */
  canRememberSecrets: boolean;
  inventoryPath: string;
}

export interface ImportedSshHost {
  alias: string;
  hostName: string;
  port: number;
  user?: string;
  identityFile?: string;
  proxyJump?: string;
}

export type CheckStage = 'connecting' | 'probing' | 'checking-sudo';

export const nodesRequests = {
  'nodes.list': request<NodesState>()(z.object({}).strict()),
  'nodes.addCluster': request<Cluster>()(z.object({ name: displayName }).strict()),
  'nodes.renameCluster': request<Cluster>()(z.object({ clusterId: entityId, name: displayName }).strict()),
  /** Removes a cluster with all its nodes (and their held secrets). */
  'nodes.removeCluster': request<{ removed: boolean }>()(z.object({ clusterId: entityId }).strict()),
  'nodes.addNode': request<NodeProfile>()(z.object({ clusterId: entityId, node: nodeInputSchema }).strict()),
  'nodes.updateNode': request<NodeProfile>()(z.object({ nodeId: entityId, node: nodeInputSchema }).strict()),
  'nodes.removeNode': request<{ removed: boolean }>()(z.object({ nodeId: entityId }).strict()),
  /** Parses an OpenSSH client config (default ~/.ssh/config); adding the hosts is up to the caller. */
  'nodes.importSshConfig': request<{ path: string; hosts: ImportedSshHost[]; warnings: string[] }>()(
    z.object({ path: z.string().trim().max(4096).optional() }).strict(),
  ),
  /**
   * Starts a connection test or probe and returns at once; progress comes as `nodes.progress`, the outcome as
   * `nodes.checkFinished`. `trustHostKey` accepts exactly the key the user saw in the host-key dialog.
   */
  'nodes.check': request<{ operationId: string }>()(
    z
      .object({
        nodeId: entityId,
        mode: z.enum(['connect', 'probe']),
        operationId: operationId.optional(),
        trustHostKey: z
          .object({ host, port, fingerprintSha256: z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/) })
          .strict()
          .optional(),
      })
      .strict(),
  ),
  'nodes.cancel': request<{ cancelled: boolean }>()(z.object({ operationId }).strict()),
  /** Hands a secret to the backend for this session; `remember` saves it encrypted (desktop only). */
  'nodes.provideSecret': request<{ saved: boolean }>()(
    z
      .object({
        nodeId: entityId,
        secret: secretRefSchema,
        value: z.string().min(1).max(1024),
        remember: z.boolean(),
      })
      .strict(),
  ),
  'nodes.forgetSecrets': request<{ forgotten: number }>()(z.object({ nodeId: entityId }).strict()),
};

export const nodesEvents = {
  'nodes.changed': event<{ clusters: Cluster[] }>(),
  'nodes.progress': event<{ operationId: string; nodeId: string; stage: CheckStage; message: string }>(),
  'nodes.checkFinished': event<{ operationId: string; status: NodeStatus }>(),
};
