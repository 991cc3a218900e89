// Plans expire 30 minutes after they are made: a stale plan is refused with a message that says to plan again,
// and expired plans are pruned on every access, not only when the next plan is made.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PLAN_LIFETIME_MS, PlanStore, stalePlanMessage } from '../../electron/backend/apply/plan-store.ts';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

test('a plan is available for 30 minutes, then reported expired once, then unknown', () => {
  const time = clock();
  const store = new PlanStore<string>(PLAN_LIFETIME_MS, time.now);
  store.add('p1', 'plan one');
  time.advance(PLAN_LIFETIME_MS);
  assert.deepEqual(store.get('p1'), { status: 'ok', value: 'plan one' });
  time.advance(1);
  const expired = store.get('p1');
  assert.deepEqual(expired, { status: 'expired', ageMs: PLAN_LIFETIME_MS + 1 });
  assert.match(
    stalePlanMessage(expired as { status: 'expired'; ageMs: number }),
    /made 30 minutes ago and has expired.*plan again/,
  );
  assert.deepEqual(store.get('p1'), { status: 'unknown' });
  assert.match(stalePlanMessage({ status: 'unknown' }), /no longer available.*plan again/);
});

test('every access prunes expired plans, so old plans do not pile up without new ones', () => {
  const time = clock();
  const store = new PlanStore<number>(1000, time.now);
  for (let i = 0; i < 5; i++) store.add(`old-${i}`, i);
  time.advance(600);
  store.add('young', 9);
  assert.equal(store.size, 6);
  time.advance(500);
  assert.equal(store.get('unrelated').status, 'unknown');
  assert.equal(store.size, 1, 'the five old plans were pruned by a lookup of another id');
  store.delete('young');
  assert.equal(store.size, 0);
});
