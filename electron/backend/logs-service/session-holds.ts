// Explorer sessions of browser tabs. A tab's event socket holds its session; when the last socket of a session
// closes and none comes back within the grace period (a reload reconnects within a second or two), the session is
// closed: its live tails stop, its index is freed and its uploads are removed. Sessions nobody ever held (the
// desktop window, the CLI, tests) are never closed this way.

export class SessionHolds {
  private readonly holders = new Map<string, number>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly graceMs: number,
    private readonly onIdle: (sessionId: string) => void,
  ) {}

  /** Holds `sessionId` until the returned function is called (calling it again does nothing). */
  hold(sessionId: string): () => void {
    clearTimeout(this.timers.get(sessionId));
    this.timers.delete(sessionId);
    this.holders.set(sessionId, (this.holders.get(sessionId) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.holders.get(sessionId) ?? 1) - 1;
      if (left > 0) {
        this.holders.set(sessionId, left);
        return;
      }
      this.holders.delete(sessionId);
      const timer = setTimeout(() => {
        this.timers.delete(sessionId);
        this.onIdle(sessionId);
      }, this.graceMs);
      timer.unref();
      this.timers.set(sessionId, timer);
    };
  }
}
