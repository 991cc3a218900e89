// Handlers for the Nodes section: inventory CRUD, SSH config import, connection tests and probes (as long-running
// operations with events), and secrets handed over by the user's prompt.
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { AppFailure } from '../../../shared/ipc/define.ts';
import type { HandlerMap } from '../handler-types.ts';
import { nodeServicesFor, type NodeServices } from '../inventory/node-services.ts';
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

export function nodesHandlers(
  userDataDir: string,
  services: NodeServices = nodeServicesFor(userDataDir),
): HandlerMap<NodesChannel> {
  const announce = async (context: Parameters<HandlerMap<NodesChannel>['nodes.list']>[1]) =>
    context.emit('nodes.changed', { clusters: await services.inventory.list() });
  return {
    'nodes.list': async (_input, context) => services.state(context.platform),
    'nodes.addCluster': async (input, context) => {
      const cluster = await services.inventory.addCluster(input.name);
      await announce(context);
      return cluster;
    },
    'nodes.renameCluster': async (input, context) => {
      const cluster = await services.inventory.renameCluster(input.clusterId, input.name);
      await announce(context);
      return cluster;
    },
    'nodes.removeCluster': async (input, context) => {
      const nodeIds = await services.inventory.removeCluster(input.clusterId);
      await services.nodesRemoved(nodeIds);
      await announce(context);
      return { removed: true };
    },
    'nodes.addNode': async (input, context) => {
      const node = await services.inventory.addNode(input.clusterId, input.node);
      await announce(context);
      return node;
    },
    'nodes.updateNode': async (input, context) => {
      const { before, after } = await services.inventory.updateNode(input.nodeId, input.node);
      await services.nodeEdited(before, after);
      await announce(context);
      return after;
    },
    'nodes.removeNode': async (input, context) => {
      await services.inventory.removeNode(input.nodeId);
      await services.nodesRemoved([input.nodeId]);
      await announce(context);
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
    'nodes.check': async (input, context) => ({ operationId: await services.startCheck(input, context) }),
    'nodes.cancel': async (input) => ({ cancelled: services.cancel(input.operationId) }),
    'nodes.provideSecret': async (input, context) => ({
      saved: await services.provideSecret(input.nodeId, input.secret, input.value, input.remember, context.platform),
    }),
    'nodes.forgetSecrets': async (input) => {
      await services.inventory.requireNode(input.nodeId);
      await services.pool.release(input.nodeId);
      return { forgotten: await services.secrets.forget(input.nodeId) };
    },
  };
}
