// The node inventory: clusters and their control-plane node profiles in `<userData>/nodes.json`, written atomically.
// Profiles never hold secrets (the schema has no field for one). A broken file is reported with its position and
// kept aside under another name on the next write, never silently overwritten.
import { randomBytes } from 'node:crypto';
import { readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { AppFailure } from '../../../shared/errors.ts';
import { countLines } from '../../../shared/text-lines.ts';
import { clusterSchema, type Cluster, type NodeInput, type NodeProfile } from '../../../shared/ipc/contract/nodes.ts';
import { writeFileAtomic } from '../settings/settings-store.ts';

const inventoryFileSchema = z.object({ version: z.literal(1), clusters: z.array(clusterSchema).max(200) }).strict();

export const INVENTORY_FILE = 'nodes.json';

export function newId(prefix: 'c' | 'n'): string {
  return `${prefix}-${randomBytes(6).toString('hex')}`;
}

/** `file:line:column: message` for a JSON syntax error (V8 reports a character offset). */
function jsonErrorWithPosition(file: string, text: string, error: Error): string {
  const match = /position (\d+)/.exec(error.message);
  if (!match) return `${file}: ${error.message}`;
  const { line, col } = countLines(text).linePos(Number(match[1]));
  const reason = error.message.replace(/\s*\(line \d+ column \d+\)/, '').replace(/ in JSON at position \d+/, '');
  return `${file}:${line}:${col}: ${reason}`;
}

export class InventoryStore {
  private clusters: Cluster[] | undefined;
  private loadProblems: string[] = [];
  private brokenFileKept = false;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly dir: string) {}

  get path(): string {
    return join(this.dir, INVENTORY_FILE);
  }

  get problems(): string[] {
    return [...this.loadProblems];
  }

  async list(): Promise<Cluster[]> {
    return structuredClone(await this.load());
  }

  async findNode(nodeId: string): Promise<{ cluster: Cluster; node: NodeProfile } | undefined> {
    for (const cluster of await this.load()) {
      const node = cluster.nodes.find((candidate) => candidate.id === nodeId);
      if (node) return structuredClone({ cluster, node });
    }
    return undefined;
  }

  async requireNode(nodeId: string): Promise<NodeProfile> {
    const found = await this.findNode(nodeId);
    if (!found) throw new AppFailure('not-found', `there is no node with id ${nodeId}`);
    return found.node;
  }

  addCluster(name: string): Promise<Cluster> {
    return this.mutate((clusters) => {
      const cluster: Cluster = { id: newId('c'), name, nodes: [] };
      clusters.push(cluster);
      return cluster;
    });
  }

  renameCluster(clusterId: string, name: string): Promise<Cluster> {
    return this.mutate((clusters) => {
      const cluster = requireCluster(clusters, clusterId);
      cluster.name = name;
      return cluster;
    });
  }

  /** Returns the ids of the nodes that went with the cluster. */
  removeCluster(clusterId: string): Promise<string[]> {
    return this.mutate((clusters) => {
      const index = clusters.findIndex((cluster) => cluster.id === clusterId);
      if (index < 0) throw new AppFailure('not-found', `there is no cluster with id ${clusterId}`);
      const [removed] = clusters.splice(index, 1);
      return removed!.nodes.map((node) => node.id);
    });
  }

  addNode(clusterId: string, input: NodeInput): Promise<NodeProfile> {
    return this.mutate((clusters) => {
      const cluster = requireCluster(clusters, clusterId);
      if (cluster.nodes.length >= 100) throw new AppFailure('too-many', 'a cluster can hold at most 100 nodes');
      const node: NodeProfile = { id: newId('n'), ...input };
      cluster.nodes.push(node);
      return node;
    });
  }

  /** Returns the node before and after the edit. */
  updateNode(nodeId: string, input: NodeInput): Promise<{ before: NodeProfile; after: NodeProfile }> {
    return this.mutate((clusters) => {
      for (const cluster of clusters) {
        const index = cluster.nodes.findIndex((node) => node.id === nodeId);
        if (index < 0) continue;
        const before = cluster.nodes[index]!;
        const after: NodeProfile = { id: nodeId, ...input };
        cluster.nodes[index] = after;
        return { before, after };
      }
      throw new AppFailure('not-found', `there is no node with id ${nodeId}`);
    });
  }

  removeNode(nodeId: string): Promise<boolean> {
    return this.mutate((clusters) => {
      for (const cluster of clusters) {
        const index = cluster.nodes.findIndex((node) => node.id === nodeId);
        if (index >= 0) {
          cluster.nodes.splice(index, 1);
          return true;
        }
      }
      throw new AppFailure('not-found', `there is no node with id ${nodeId}`);
    });
  }

  /** Mutations run one at a time on a copy; the copy replaces the cached state only once it is on disk. */
  private mutate<T>(change: (clusters: Cluster[]) => T): Promise<T> {
    const next = this.queue.then(async () => {
      const clusters = structuredClone(await this.load());
      const result = change(clusters);
      await this.save(clusters);
      this.clusters = clusters;
      return structuredClone(result);
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async save(clusters: Cluster[]): Promise<void> {
    if (this.loadProblems.length > 0 && !this.brokenFileKept) {
      const aside = `${this.path}.broken-${Date.now()}`;
      await rename(this.path, aside).catch(() => undefined);
      this.loadProblems = [...this.loadProblems, `the unreadable file was kept as ${aside}`];
      this.brokenFileKept = true;
    }
    const file = inventoryFileSchema.parse({ version: 1, clusters });
    await writeFileAtomic(this.path, JSON.stringify(file, null, 2) + '\n');
  }

  private async load(): Promise<Cluster[]> {
    if (this.clusters) return this.clusters;
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return (this.clusters = []);
      throw new AppFailure('inventory-unreadable', `cannot read ${this.path}: ${(error as Error).message}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      this.loadProblems = [jsonErrorWithPosition(this.path, text, error as Error)];
      return (this.clusters = []);
    }
    const parsed = inventoryFileSchema.safeParse(renameLegacyKeys(json));
    if (!parsed.success) {
      this.loadProblems = parsed.error.issues.map(
        (issue) => `${this.path}: at ${issue.path.length ? issue.path.join('.') : '(top level)'}: ${issue.message}`,
      );
      return (this.clusters = []);
    }
    return (this.clusters = parsed.data.clusters);
  }
}

/** Files written before the nodes' root folder was called `fsRoot` (as the CLI's --fs-root) name it `rootPrefix`. */
function renameLegacyKeys(json: unknown): unknown {
  const clusters = (json as { clusters?: { nodes?: { paths?: Record<string, unknown> }[] }[] } | null)?.clusters;
  if (!Array.isArray(clusters)) return json;
  for (const node of clusters.flatMap((cluster) => (Array.isArray(cluster?.nodes) ? cluster.nodes : []))) {
    const paths = node?.paths;
    if (paths && typeof paths === 'object' && 'rootPrefix' in paths && !('fsRoot' in paths)) {
      paths.fsRoot = paths.rootPrefix;
      delete paths.rootPrefix;
    }
  }
  return json;
}

function requireCluster(clusters: Cluster[], clusterId: string): Cluster {
  const cluster = clusters.find((candidate) => candidate.id === clusterId);
  if (!cluster) throw new AppFailure('not-found', `there is no cluster with id ${clusterId}`);
  return cluster;
}
