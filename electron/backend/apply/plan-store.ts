// Plans waiting for the user's confirmation. A plan is a snapshot of the nodes (their files, versions, checks), so
// it is only good for a while: an older one is refused when started, and expired plans are pruned on every access.
export const PLAN_LIFETIME_MS = 30 * 60 * 1000;

export type PlanLookup<T> =
  | { status: 'ok'; value: T }
  | { status: 'expired'; ageMs: number }
  /** Never made, already started, or pruned after it expired. */
  | { status: 'unknown' };

export class PlanStore<T> {
  private readonly plans = new Map<string, { value: T; createdAt: number }>();

  constructor(
    private readonly lifetimeMs = PLAN_LIFETIME_MS,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    this.prune();
    return this.plans.size;
  }

  add(id: string, value: T): void {
    this.prune();
    this.plans.set(id, { value, createdAt: this.now() });
  }

  /** The plan if it is still within its lifetime; an expired one is reported (once) and dropped. */
  get(id: string): PlanLookup<T> {
    const stored = this.plans.get(id);
    this.prune();
    if (!stored) return { status: 'unknown' };
    const ageMs = this.now() - stored.createdAt;
    if (ageMs > this.lifetimeMs) return { status: 'expired', ageMs };
    return { status: 'ok', value: stored.value };
  }

  delete(id: string): void {
    this.plans.delete(id);
    this.prune();
  }

  prune(): void {
    const now = this.now();
    for (const [id, stored] of this.plans) if (now - stored.createdAt > this.lifetimeMs) this.plans.delete(id);
  }
}

/** What to tell the user about a plan that cannot be started any more. */
export function stalePlanMessage(
  lookup: Exclude<PlanLookup<unknown>, { status: 'ok' }>,
  lifetimeMs = PLAN_LIFETIME_MS,
) {
  const lifetime = `${Math.round(lifetimeMs / 60000)} minutes`;
  if (lookup.status === 'expired') {
    return (
      `this plan was made ${Math.floor(lookup.ageMs / 60000)} minutes ago and has expired (plans are valid for ` +
      `${lifetime}, since the nodes may have changed); plan again to review the current state`
    );
  }
  return `this plan is no longer available (already started, or older than ${lifetime}); plan again`;
}
