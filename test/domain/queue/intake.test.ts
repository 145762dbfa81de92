import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { SupportQueue } from '../../../src/domain/queue/support-queue.js';
import { logs, offerOf, ofType, queueWith, request, T0 } from './fixtures.js';

describe('joining', () => {
  test('a guest joins with their question and metadata and is told their place', () => {
    const q = new SupportQueue();
    const meta = { product: 'firefox', version: '128', os: 'Linux', locale: 'de', userAgent: 'Mozilla/5.0', addons: ['uBlock'], fields: { plan: 'free' }, referrer: 'https://example.org/kb' };
    const { outcome, notices } = q.join('g1', request({ question: 'Tabs crash', meta }), T0);
    assert.deepEqual(outcome, { ok: true, merged: false });
    assert.deepEqual(q.state.guests[0].metadata, meta);
    assert.equal(q.state.guests[0].question, 'Tabs crash');
    assert.deepEqual(ofType(notices, 'guest.position'), [{ type: 'guest.position', guestId: 'g1', position: 1, waitMs: null }]);
    assert.equal(logs(notices, 'joined')[0].guestId, 'g1');
  });

  test('a repeat join merges: the original place and priority are kept, question and metadata updated', () => {
    const q = new SupportQueue();
    q.join('g1', request({ question: 'first', priority: 2 }), T0);
    q.join('g2', request(), T0 + 1);
    const { outcome, notices } = q.join('g1', request({ question: 'second', meta: { os: 'Windows' } }), T0 + 2);
    assert.deepEqual(outcome, { ok: true, merged: true });
    assert.equal(logs(notices, 'merged').length, 1);
    assert.deepEqual(q.state.guests.map((g) => g.id), ['g1', 'g2']);
    const g1 = q.state.guests[0];
    assert.equal(g1.question, 'second');
    assert.equal(g1.metadata.os, 'Windows');
    assert.equal(g1.joinedAt, T0);
    assert.equal(g1.priority, 2);
    q.tick(T0 + 60_001);
    assert.deepEqual(q.state.guests.map((g) => g.id), ['g1'], 'the merge counted as a heartbeat');
  });

  test('a merge keeps an outstanding offer and is accepted while intake is closed', () => {
    const q = queueWith(['a'], 1);
    q.join('g1', request(), T0);
    const offer = offerOf(q, 'g1');
    q.setManualStatus('draining', 'closing soon', T0 + 1);
    assert.deepEqual(q.join('g1', request({ question: 'more detail' }), T0 + 2).outcome, { ok: true, merged: true });
    assert.equal(offerOf(q, 'g1').id, offer.id);
  });

  test('a guest already in a chat cannot queue again', () => {
    const q = queueWith(['a'], 1);
    q.join('g1', request(), T0);
    const accepted = q.acceptOffer('a', offerOf(q, 'g1').id, T0 + 1).outcome;
    assert.ok(accepted.ok);
    assert.deepEqual(q.join('g1', request(), T0 + 2).outcome, { ok: false, reason: 'in_chat', chatId: accepted.chatId });
  });
});

describe('heartbeats and leaving', () => {
  test('a guest without a heartbeat for guestTimeoutMs leaves', () => {
    const q = new SupportQueue({ guestTimeoutMs: 10_000 });
    q.join('g1', request(), T0);
    q.join('g2', request(), T0);
    q.heartbeat('g1', T0 + 9_000);
    const { notices } = q.tick(T0 + 10_000);
    assert.deepEqual(ofType(notices, 'guest.left'), [{ type: 'guest.left', guestId: 'g2', reason: 'timeout', message: null }]);
    assert.deepEqual(q.state.guests.map((g) => g.id), ['g1']);
    assert.equal(q.tick(T0 + 18_999).notices.filter((n) => n.type === 'guest.left').length, 0);
    assert.equal(ofType(q.tick(T0 + 19_000).notices, 'guest.left').length, 1);
  });

  test('a silent guest leaves before anyone is offered them', () => {
    const q = new SupportQueue();
    q.registerHelper({ id: 'a', approved: true, skills: { locales: [], products: [], tags: [] } }, T0);
    q.join('g1', request(), T0);
    const { notices } = q.setHelperStatus('a', 'available', T0 + 60_000);
    assert.equal(ofType(notices, 'helper.offer').length, 0);
    assert.equal(ofType(notices, 'guest.left')[0].reason, 'timeout');
  });

  test('an offered guest who goes silent leaves and the offer is revoked', () => {
    const q = queueWith(['a'], 1, { offerTimeoutMs: 120_000 });
    q.join('g1', request(), T0);
    const { notices } = q.tick(T0 + 60_000);
    assert.deepEqual(ofType(notices, 'helper.offerRevoked').map((n) => n.reason), ['guest_timeout']);
  });

  test('a guest may leave on their own; their offer is revoked', () => {
    const q = queueWith(['a'], 1);
    q.join('g1', request(), T0);
    const { outcome, notices } = q.leave('g1', T0 + 5);
    assert.deepEqual(outcome, { ok: true });
    assert.deepEqual(ofType(notices, 'helper.offerRevoked').map((n) => [n.helperId, n.reason]), [['a', 'guest_left']]);
    assert.equal(q.state.guests.length, 0);
    assert.deepEqual(q.leave('g1', T0 + 6).outcome, { ok: false, reason: 'not_waiting' });
    assert.deepEqual(q.heartbeat('g1', T0 + 6).outcome, { ok: false, reason: 'not_waiting' });
  });
});
