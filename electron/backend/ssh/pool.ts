// One live SSH session per node, reused by every operation on that node. Concurrent callers share the pending
// connection; a closed or lost session is dropped so the next acquire reconnects.
import { SshSession, type SshSessionOptions } from './session.ts';

export class SshPool {
  private readonly sessions = new Map<string, Promise<SshSession>>();

  /** The session for a node id, connecting with these options if there is none (or the old one closed). */
  acquire(nodeId: string, options: SshSessionOptions): Promise<SshSession> {
    const existing = this.sessions.get(nodeId);
    if (existing) {
      return existing.then(
        (session) => (session.isClosed ? this.connect(nodeId, options) : session),
        () => this.connect(nodeId, options),
      );
    }
    return this.connect(nodeId, options);
  }

  /** Close and forget a node's session, e.g. after its profile was edited. */
  async release(nodeId: string): Promise<void> {
    const pending = this.sessions.get(nodeId);
    this.sessions.delete(nodeId);
    const session = await pending?.catch(() => undefined);
    session?.close();
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.sessions.keys()].map((id) => this.release(id)));
  }

  has(nodeId: string): boolean {
    return this.sessions.has(nodeId);
  }

  private connect(nodeId: string, options: SshSessionOptions): Promise<SshSession> {
    const pending = SshSession.connect(options);
    this.sessions.set(nodeId, pending);
    pending.then(
      (session) =>
        session.once('closed', () => {
          if (this.sessions.get(nodeId) === pending) this.sessions.delete(nodeId);
        }),
      () => {
        if (this.sessions.get(nodeId) === pending) this.sessions.delete(nodeId);
      },
    );
    return pending;
  }
}
