import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { SupportQueue } from '../../../src/domain/queue/support-queue.js';
import { logs, offerOf, ofType, profile, queueWith, request, T0 } from './fixtures.js';

const german = profile('de', { skills: { locales: ['de'], products: [], tags: [] } });

describe('assist next', () => {
  test('takes the helper\'s own outstanding offer first', () => {
    const q = queueWith(['a'], 2);
    q.join('g1', request(), T0);
    q.join('g2', request(), T0 + 1);
    const { outcome, notices } = q.assistNext('a', T0 + 2);
    assert.deepEqual(outcome, { ok: true, chatId: outcome.ok ? outcome.chatId : '', guestId: 'g1' });
    assert.equal(logs(notices, 'accepted')[0].guestId, 'g1');
    assert.equal(ofType(notices, 'chat.assigned')[0].guestId, 'g1');
  });

  test('otherwise the first guest in line nobody is offered, skill match waived', () => {
    const q = queueWith([german], 1);
    q.join('g1', request({ meta: { locale: 'fr' } }), T0);
    q.join('g2', request({ meta: { locale: 'it' } }), T0 + 1);
    const { outcome, notices } = q.assistNext('de', T0 + 2);
    assert.ok(outcome.ok && outcome.guestId === 'g1');
    assert.deepEqual(logs(notices, 'picked').map((e) => [e.guestId, e.how]), [['g1', 'next']]);
  });

  test('skips guests the helper turned down and guests on offer elsewhere', () => {
    const q = queueWith(['a', 'b'], 1);
    q.join('g1', request(), T0);
    q.rejectOffer('a', offerOf(q, 'g1').id, T0 + 1); // g1 goes to b
    q.setChatLimit('a', 2, T0 + 2);
    q.join('g2', request(), T0 + 3); // offered to a
    q.rejectOffer('a', offerOf(q, 'g2').id, T0 + 4);
    assert.deepEqual(q.assistNext('a', T0 + 5).outcome, { ok: false, reason: 'nobody_waiting' });
  });

  test('refused to trainees, helpers not available, full helpers and unknown helpers', () => {
    const q = queueWith([profile('t', { approved: false }), 'a', 'full'], 1);
    q.setHelperStatus('a', 'busy', T0);
    q.setChatLimit('full', 0, T0);
    q.join('g1', request(), T0);
    assert.deepEqual(q.assistNext('t', T0 + 1).outcome, { ok: false, reason: 'not_approved' });
    assert.deepEqual(q.assistNext('a', T0 + 1).outcome, { ok: false, reason: 'not_available' });
    assert.deepEqual(q.assistNext('full', T0 + 1).outcome, { ok: false, reason: 'full' });
    assert.deepEqual(q.assistNext('x', T0 + 1).outcome, { ok: false, reason: 'unknown_helper' });
  });
});

describe('assist this one', () => {
  test('picks a specific guest out of order', () => {
    const q = queueWith([german], 1);
    q.join('g1', request({ meta: { locale: 'fr' } }), T0);
    q.join('g2', request({ meta: { locale: 'it' } }), T0 + 1);
    const { outcome, notices } = q.assistGuest('de', 'g2', T0 + 2);
    assert.ok(outcome.ok && outcome.guestId === 'g2');
    assert.deepEqual(logs(notices, 'picked').map((e) => e.how), ['this']);
    assert.deepEqual(q.state.helpers.de.chats, [outcome.chatId]);
  });

  test('refused while another helper holds the guest\'s offer; accepts one\'s own', () => {
    const q = queueWith(['a', 'b'], 1);
    q.join('g1', request(), T0);
    assert.deepEqual(q.assistGuest('b', 'g1', T0 + 1).outcome, { ok: false, reason: 'offered_elsewhere' });
    const { notices } = q.assistGuest('a', 'g1', T0 + 2);
    assert.equal(logs(notices, 'accepted').length, 1);
  });

  test('needs a free seat (offers count) and a waiting guest', () => {
    const q = queueWith(['a'], 1);
    q.join('g1', request(), T0);
    q.join('g2', request(), T0);
    assert.deepEqual(q.assistGuest('a', 'g2', T0 + 1).outcome, { ok: false, reason: 'full' });
    assert.deepEqual(q.assistGuest('a', 'nobody', T0 + 1).outcome, { ok: false, reason: 'not_waiting' });
  });
});

describe('chats', () => {
  test('accepting turns the offer into a chat; ending frees the seat and records the handling time', () => {
    const q = queueWith(['a'], 1, { guestTimeoutMs: 3_600_000 });
    q.join('g1', request(), T0);
    q.join('g2', request(), T0);
    const accepted = q.acceptOffer('a', offerOf(q, 'g1').id, T0 + 1000);
    assert.ok(accepted.outcome.ok);
    const assigned = ofType(accepted.notices, 'chat.assigned')[0];
    assert.equal(assigned.helperId, 'a');
    assert.equal(assigned.ticket.question, 'help?');
    assert.equal(q.state.guests[0].offer, null, 'a is full with the chat');
    const ended = q.endChat(accepted.outcome.chatId, T0 + 1000 + 4 * 60_000);
    assert.deepEqual(ended.outcome, { ok: true, durationMs: 4 * 60_000 });
    assert.deepEqual(q.state.durations, [4 * 60_000]);
    assert.equal(offerOf(q, 'g2').helperId, 'a');
    assert.deepEqual(q.endChat('nope', T0).outcome, { ok: false, reason: 'unknown_chat' });
  });

  test('a transfer back keeps the original join time, carries the comment, and goes to someone else', () => {
    const q = queueWith(['a', 'b'], 1);
    q.join('g1', request(), T0);
    const chat = q.acceptOffer('a', offerOf(q, 'g1').id, T0 + 1).outcome;
    assert.ok(chat.ok);
    q.setHelperStatus('b', 'away', T0 + 2);
    q.join('g2', request(), T0 + 3);
    const { notices } = q.transferBack(chat.chatId, 'needs a Thunderbird expert', T0 + 4);
    assert.equal(logs(notices, 'transferred')[0].comment, 'needs a Thunderbird expert');
    assert.deepEqual(q.state.guests.map((g) => g.id), ['g1', 'g2'], 'back ahead of the later guest');
    assert.equal(q.state.guests[0].joinedAt, T0);
    assert.equal(offerOf(q, 'g2').helperId, 'a', 'the transferring helper is not offered g1 again');
    assert.deepEqual(q.state.durations, [], 'a cut-short chat is not a handling time');
    const offer = ofType(q.setHelperStatus('b', 'available', T0 + 5).notices, 'helper.offer')[0];
    assert.deepEqual([offer.helperId, offer.guestId, offer.transfer], ['b', 'g1', { fromHelper: 'a', comment: 'needs a Thunderbird expert' }]);
  });

  test('a helper going offline keeps their chats; their seats stay taken', () => {
    const q = queueWith(['a'], 1);
    q.join('g1', request(), T0);
    q.acceptOffer('a', offerOf(q, 'g1').id, T0 + 1);
    q.setHelperStatus('a', 'offline', T0 + 2);
    q.join('g2', request(), T0 + 3);
    q.setHelperStatus('a', 'available', T0 + 4);
    assert.equal(q.state.guests[0].offer, null);
    assert.equal(Object.keys(q.state.chats).length, 1);
  });
});

test('unknown helpers are reported, not created', () => {
  const q = new SupportQueue();
  assert.deepEqual(q.setHelperStatus('x', 'available', T0).outcome, { ok: false, reason: 'unknown_helper' });
  assert.deepEqual(q.setChatLimit('x', 1, T0).outcome, { ok: false, reason: 'unknown_helper' });
  assert.deepEqual(q.rejectOffer('x', 'o1', T0).outcome, { ok: false, reason: 'no_such_offer' });
});
