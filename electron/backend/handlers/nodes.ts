// Handlers for the Nodes section: inventory CRUD, SSH config import, connection tests and probes (as long-running
// operations with events), and secrets handed over by the user's prompt.
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { AppFailure } from '../../../shared/errors.ts';
import type { HandlerMap } from '../handler-types.ts';
import type { BackendServices } from '../services.ts';
import { importSshConfig } from '../nodes/ssh-config-import.ts';

type NodesChannel =
  | 'nodes.list'
  | 'nodes.addCluster'
  | 'nodes.renameCluster'
  | 'nodes.removeCluster'
  | 'nodes.addNode'
  | 'nodes.updateNode'
  | 'nodes.removeNode'
  | 'nodes.importSshConfig'
  | 'nodes.check'
  | 'nodes.cancel'
  | 'nodes.provideSecret'
  | 'nodes.forgetSecrets';

function sshConfigPath(input: string | undefined): string {
  const path = input && input.length > 0 ? input : '~/.ssh/config';
  const expanded = path === '~' ? homedir() : path.startsWith('~/') ? join(homedir(), path.slice(2)) : path;
  if (!isAbsolute(expanded)) throw new AppFailure('invalid-path', `${path}: give an absolute path or one under ~/`);
  return expanded;
}

export function nodesHandlers({ nodes: services, emit }: BackendServices): HandlerMap<NodesChannel> {
  const announce = async () => emit('nodes.changed', { clusters: await services.inventory.list() });
  return {
    'nodes.list': async () => services.state(),
    'nodes.addCluster': async (input) => {
      const cluster = await services.inventory.addCluster(input.name);
      await announce();
      return cluster;
    },
    'nodes.renameCluster': async (input) => {
      const cluster = await services.inventory.renameCluster(input.clusterId, input.name);
      await announce();
      return cluster;
    },
    'nodes.removeCluster': async (input) => {
      const nodeIds = await services.inventory.removeCluster(input.clusterId);
      await services.nodesRemoved(nodeIds);
      await announce();
      return { removed: true };
    },
    'nodes.addNode': async (input) => {
      const node = await services.inventory.addNode(input.clusterId, input.node);
      await announce();
      return node;
    },
    'nodes.updateNode': async (input) => {
      const { before, after } = await services.inventory.updateNode(input.nodeId, input.node);
      await services.nodeEdited(before, after);
      await announce();
      return after;
    },
    'nodes.removeNode': async (input) => {
      await services.inventory.removeNode(input.nodeId);
      await services.nodesRemoved([input.nodeId]);
      await announce();
      return { removed: true };
    },
    'nodes.importSshConfig': async (input) => {
      const path = sshConfigPath(input.path);
      try {
        return { path, ...(await importSshConfig(path)) };
      } catch (error) {
        throw new AppFailure('import-failed', `cannot import ${path}: ${(error as Error).message}`);
      }
    },
    'nodes.check': async (input) => ({ operationId: await services.startCheck(input) }),
    'nodes.cancel': async (input) => ({ cancelled: services.cancel(input.operationId) }),
    'nodes.provideSecret': async (input) => ({
      saved: await services.provideSecret(input.nodeId, input.secret, input.value, input.remember),
    }),
    'nodes.forgetSecrets': async (input) => {
      await services.inventory.requireNode(input.nodeId);
      await services.pool.release(input.nodeId);
      return { forgotten: await services.secrets.forget(input.nodeId) };
    },
  };
}
