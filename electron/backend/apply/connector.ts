// How the planner and the runner reach a node: a session plus what to do with it afterwards (close a private one,
// keep a pooled one open for the Nodes section).
import { SshSession } from '../ssh/session.ts';
import type { NodeTarget } from './node-target.ts';

export interface OpenedSession {
  session: SshSession;
  release(): void;
}

export type NodeConnector = (target: NodeTarget) => Promise<OpenedSession>;

export const directConnector: NodeConnector = async (target) => {
  if (!target.connection) throw new Error(`no connection options for ${target.label}`);
  const session = await SshSession.connect(target.connection);
  return { session, release: () => session.close() };
};
