import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SupportQueue } from '../../../src/domain/queue/support-queue.js';
import { DEFAULT_QUEUE_CONFIG, resolveQueueConfig } from '../../../src/domain/queue/config.js';
import { offerOf, profile, queueWith, request, T0 } from './fixtures.js';

test('the state is plain data: a JSON round trip restores a queue that behaves the same', () => {
  const q = queueWith(['a', profile('b', { skills: { locales: ['de'], products: [], tags: [] } })], 2);
  q.join('g1', request({ meta: { locale: 'de' } }), T0);
  q.join('g2', request(), T0 + 1);
  q.rejectOffer('a', offerOf(q, 'g2').id, T0 + 2);
  const copy = SupportQueue.restore(JSON.parse(JSON.stringify(q.snapshot())));
  assert.deepEqual(copy.state, q.state);
  const run = (x: SupportQueue) => [
    x.join('g3', request(), T0 + 3),
    x.acceptOffer('b', offerOf(x, 'g1').id, T0 + 4),
    x.tick(T0 + 40_000),
    x.setHelperStatus('b', 'offline', T0 + 41_000),
  ];
  assert.deepEqual(run(copy), run(q));
  assert.deepEqual(copy.state, q.state);
});

test('time never runs backwards: a late command happens at the latest time seen', () => {
  const q = queueWith(['a'], 1);
  q.join('g1', request(), T0 + 1000);
  q.join('g2', request(), T0 + 500);
  assert.deepEqual(q.state.guests.map((g) => [g.id, g.joinedAt]), [['g1', T0 + 1000], ['g2', T0 + 1000]]);
});

test('config: defaults as documented, impossible settings refused', () => {
  const c = resolveQueueConfig();
  assert.equal(c.guestTimeoutMs, 60_000);
  assert.equal(c.offerTimeoutMs, 30_000);
  assert.equal(c.maxWaiting, 50);
  assert.equal(c.noticeIntervalMs, 1000);
  assert.deepEqual(resolveQueueConfig({ maxWaiting: 10, reopenBelowWaiting: 5 }), { ...DEFAULT_QUEUE_CONFIG, maxWaiting: 10, reopenBelowWaiting: 5 });
  assert.throws(() => resolveQueueConfig({ maxWaiting: 10 }), RangeError, 'reopen threshold above the closing one');
  assert.throws(() => resolveQueueConfig({ offerTimeoutMs: 0 }), RangeError);
  assert.throws(() => resolveQueueConfig({ schedule: { timeZone: 'Nowhere/Land', hours: [] } }), RangeError);
  assert.throws(() => new SupportQueue({ reopenBelowWaitMs: 99 * 60_000 }), RangeError);
});
