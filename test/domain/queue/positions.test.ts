import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { SupportQueue } from '../../../src/domain/queue/support-queue.js';
import { averageHandlingMs, waitAt } from '../../../src/domain/queue/estimate.js';
import { offerOf, ofType, queueWith, request, T0 } from './fixtures.js';

const MIN = 60_000;

describe('wait estimates', () => {
  test('the configured default before any chat ended, then a moving average of the last N', () => {
    const q = queueWith(['a'], 1, { defaultHandlingMs: 7 * MIN, handlingSampleSize: 2, guestTimeoutMs: 3_600_000 });
    assert.equal(averageHandlingMs(q.state, q.config), 7 * MIN);
    for (const [i, minutes] of [1, 2, 4].entries()) {
      q.join(`g${i}`, request(), T0 + i * 10 * MIN);
      const chat = q.acceptOffer('a', offerOf(q, `g${i}`).id, T0 + i * 10 * MIN).outcome;
      assert.ok(chat.ok);
      q.endChat(chat.chatId, T0 + i * 10 * MIN + minutes * MIN);
    }
    assert.deepEqual(q.state.durations, [2 * MIN, 4 * MIN]);
    assert.equal(averageHandlingMs(q.state, q.config), 3 * MIN);
  });

  test('free seats wait nothing, then one handling time per seats-on-duty guests ahead', () => {
    const cap = { seats: 4, free: 1 };
    assert.deepEqual([1, 2, 3, 6].map((p) => waitAt(p, cap, 8 * MIN)), [0, 2 * MIN, 4 * MIN, 10 * MIN]);
    assert.equal(waitAt(1, { seats: 0, free: 0 }, MIN), null);
  });

  test('positions count the guests still waiting for an offer; offered guests show zero', () => {
    const q = queueWith(['a', 'b'], 1);
    for (const id of ['g1', 'g2', 'g3', 'g4']) q.join(id, request(), T0);
    assert.deepEqual(q.estimates(), [
      { guestId: 'g1', position: 0, waitMs: 0 },
      { guestId: 'g2', position: 0, waitMs: 0 },
      { guestId: 'g3', position: 1, waitMs: 5 * MIN },
      { guestId: 'g4', position: 2, waitMs: 10 * MIN },
    ]);
  });

  test('nobody on duty: positions but no wait', () => {
    const q = new SupportQueue();
    q.join('g1', request(), T0);
    assert.deepEqual(q.estimates(), [{ guestId: 'g1', position: 1, waitMs: null }]);
  });
});

describe('position notices', () => {
  test('at most one per second per guest, only on change, the pending one sent by a later tick', () => {
    const q = queueWith(['a'], 1);
    q.join('g1', request(), T0); // offered
    const first = q.join('g2', request(), T0);
    assert.deepEqual(ofType(first.notices, 'guest.position').map((n) => [n.guestId, n.position]), [['g2', 1]]);
    q.join('g3', request(), T0 + 100);
    // g1 leaves: g2 is offered (position 0) and g3 moves up, but both were told something under a second ago.
    const left = q.leave('g1', T0 + 200);
    assert.deepEqual(ofType(left.notices, 'guest.position'), []);
    assert.equal(q.nextWakeAt(), T0 + 1000);
    assert.deepEqual(ofType(q.tick(T0 + 999).notices, 'guest.position'), []);
    assert.deepEqual(ofType(q.tick(T0 + 1000).notices, 'guest.position').map((n) => [n.guestId, n.position, n.waitMs]), [['g2', 0, 0]]);
    assert.deepEqual(ofType(q.tick(T0 + 1100).notices, 'guest.position').map((n) => [n.guestId, n.position]), [['g3', 1]]);
    assert.deepEqual(ofType(q.tick(T0 + 5000).notices, 'guest.position'), [], 'nothing changed since');
  });

  test('a value that changes and changes back before it is due is not sent', () => {
    const q = queueWith(['a'], 1);
    for (const id of ['g1', 'g2', 'g3']) q.join(id, request(), T0); // g3 is told position 2
    q.leave('g2', T0 + 100); // g3 would be 1...
    const vip = q.join('vip', request({ priority: 1 }), T0 + 200); // ...and is 2 again
    assert.deepEqual(ofType(vip.notices, 'guest.position').map((n) => [n.guestId, n.position]), [['vip', 1]]);
    assert.deepEqual(ofType(q.tick(T0 + 1000).notices, 'guest.position'), []);
  });
});
