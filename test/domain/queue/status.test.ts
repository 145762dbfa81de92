import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { SupportQueue } from '../../../src/domain/queue/support-queue.js';
import { logs, offerOf, ofType, queueWith, request, T0 } from './fixtures.js';

const MIN = 60_000;
const at = (iso: string) => Date.parse(iso);
const schedule = { timeZone: 'Europe/Berlin', hours: [1, 2, 3, 4, 5].map((day) => ({ day, open: '09:00', close: '17:00' })) };

describe('manual status', () => {
  test('draining refuses new guests but serves those waiting, then becomes closed when the line is empty', () => {
    const q = new SupportQueue();
    q.registerHelper({ id: 'a', approved: true, skills: { locales: [], products: [], tags: [] } }, T0);
    q.join('g1', request(), T0);
    const drained = q.setManualStatus('draining', 'Last guests for today', T0 + 1);
    assert.deepEqual(ofType(drained.notices, 'queue.status')[0].status, { state: 'draining', reason: 'manual', message: 'Last guests for today', comeBackAt: null });
    const refused = q.join('g2', request(), T0 + 2);
    assert.equal(refused.outcome.ok, false);
    assert.ok(!refused.outcome.ok && refused.outcome.reason === 'draining');
    assert.equal(logs(refused.notices, 'refused')[0].reason, 'draining');
    q.setHelperStatus('a', 'available', T0 + 3);
    const { notices } = q.acceptOffer('a', offerOf(q, 'g1').id, T0 + 4);
    assert.equal(ofType(notices, 'queue.status')[0].status.state, 'closed');
  });

  test('closing by hand refuses intake with the reason and dismisses the line', () => {
    const q = queueWith(['a'], 1);
    q.join('g1', request(), T0);
    q.join('g2', request(), T0);
    const { notices } = q.setManualStatus('closed', 'Server maintenance', T0 + 1);
    assert.deepEqual(ofType(notices, 'guest.left').map((n) => [n.guestId, n.reason, n.message]), [
      ['g1', 'queue_closed', 'Server maintenance'],
      ['g2', 'queue_closed', 'Server maintenance'],
    ]);
    assert.deepEqual(ofType(notices, 'helper.offerRevoked').map((n) => n.reason), ['queue_closed']);
    const { outcome } = q.join('g3', request(), T0 + 2);
    assert.deepEqual(outcome, { ok: false, reason: 'closed', status: { state: 'closed', reason: 'manual', message: 'Server maintenance', comeBackAt: null } });
    q.clearManualStatus(T0 + 3);
    assert.equal(q.join('g3', request(), T0 + 4).outcome.ok, true);
  });
});

describe('posted hours', () => {
  test('outside hours the queue is closed with the next opening; it opens on a tick', () => {
    const q = new SupportQueue({ schedule });
    const saturday = at('2024-03-30T11:00:00Z');
    const { outcome, notices } = q.join('g1', request(), saturday);
    assert.deepEqual(outcome, { ok: false, reason: 'closed', status: { state: 'closed', reason: 'outside_hours', message: null, comeBackAt: at('2024-04-01T07:00:00Z') } });
    assert.equal(ofType(notices, 'queue.status').length, 1);
    assert.equal(q.nextWakeAt(), at('2024-04-01T07:00:00Z'));
    const opening = q.tick(at('2024-04-01T07:00:00Z'));
    assert.deepEqual(ofType(opening.notices, 'queue.status')[0].status.state, 'open');
  });

  test('a manual open overrides the hours until cleared', () => {
    const q = new SupportQueue({ schedule });
    const saturday = at('2024-03-30T11:00:00Z');
    q.setManualStatus('open', 'Extra hours for the release', saturday);
    assert.deepEqual(q.state.status, { state: 'open', reason: 'manual', message: 'Extra hours for the release', comeBackAt: null });
    assert.equal(q.join('g1', request(), saturday + 1).outcome.ok, true);
    q.clearManualStatus(saturday + 2);
    assert.equal(q.state.status.reason, 'outside_hours');
    assert.equal(q.state.guests.length, 1, 'closing by the hours does not dismiss the line');
  });
});

describe('automatic closing', () => {
  test('closes when full and reopens only below the lower threshold', () => {
    const q = new SupportQueue({ maxWaiting: 3, reopenBelowWaiting: 2 });
    for (const id of ['g1', 'g2']) q.join(id, request(), T0);
    const full = q.join('g3', request(), T0);
    assert.deepEqual(ofType(full.notices, 'queue.status')[0].status, { state: 'closed', reason: 'full', message: null, comeBackAt: null });
    const refused = q.join('g4', request(), T0 + 1).outcome;
    assert.ok(!refused.ok && refused.reason === 'closed' && refused.status.reason === 'full');
    q.leave('g3', T0 + 2);
    assert.equal(q.state.status.state, 'closed', 'two waiting is not below two');
    q.leave('g2', T0 + 3);
    assert.equal(q.state.status.state, 'open');
  });

  test('a full queue with helpers on duty says when to come back', () => {
    const q = queueWith(['a'], 1, { maxWaiting: 3, reopenBelowWaiting: 2 });
    for (const id of ['g1', 'g2', 'g3']) q.join(id, request(), T0);
    // g1 is on offer; two must be served to get below 2 waiting: the second unoffered guest waits 2 handling times.
    assert.equal(q.state.status.comeBackAt, T0 + 20 * MIN);
  });

  test('closes when a new guest would wait too long and reopens only below the lower wait', () => {
    const q = queueWith(['a'], 1, { maxPredictedWaitMs: 25 * MIN, reopenBelowWaitMs: 15 * MIN });
    q.join('g1', request(), T0); // offered: a new guest would wait 10 min
    q.join('g2', request(), T0); // a new guest would wait 20 min
    const { notices } = q.join('g3', request(), T0); // 30 min
    assert.deepEqual(ofType(notices, 'queue.status')[0].status, { state: 'closed', reason: 'wait_too_long', message: null, comeBackAt: T0 + 15 * MIN });
    q.leave('g3', T0 + 1);
    assert.equal(q.state.status.state, 'closed', '20 min is not below 15');
    q.leave('g2', T0 + 2);
    assert.equal(q.state.status.state, 'open');
  });

  test('with nobody on duty the wait is unknown and does not close the queue', () => {
    const q = new SupportQueue({ maxPredictedWaitMs: 1000, reopenBelowWaitMs: 1000 });
    for (let i = 0; i < 10; i++) q.join(`g${i}`, request(), T0);
    assert.equal(q.state.status.state, 'open');
  });
});
