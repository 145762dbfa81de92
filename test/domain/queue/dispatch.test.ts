import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { SupportQueue } from '../../../src/domain/queue/support-queue.js';
import { dispatchCounters } from '../../../src/domain/queue/dispatch.js';
import type { Result } from '../../../src/domain/queue/types.js';
import { logs, offerOf, ofType, profile, queueWith, request, T0 } from './fixtures.js';

describe('who is eligible', () => {
  test('trainees, away, busy, offline and full helpers get no offer; the log says why', () => {
    const q = new SupportQueue();
    q.registerHelper(profile('trainee', { approved: false }), T0);
    q.registerHelper(profile('away'), T0);
    q.registerHelper(profile('busy'), T0);
    q.registerHelper(profile('full'), T0);
    q.registerHelper(profile('off'), T0);
    for (const id of ['trainee', 'full']) q.setHelperStatus(id, 'available', T0);
    q.setHelperStatus('away', 'away', T0);
    q.setHelperStatus('busy', 'busy', T0);
    q.setChatLimit('full', 0, T0);
    const { notices } = q.join('g1', request(), T0 + 1);
    assert.equal(ofType(notices, 'helper.offer').length, 0);
    const [decision] = logs(notices, 'dispatch');
    assert.deepEqual(decision.candidates, [
      { helperId: 'trainee', skip: 'not_approved' },
      { helperId: 'away', skip: 'away' },
      { helperId: 'busy', skip: 'busy' },
      { helperId: 'full', skip: 'full' },
    ]);
    assert.equal(decision.offeredTo, null);
  });

  test('a helper becoming available is offered a waiting guest in the same step', () => {
    const q = new SupportQueue();
    q.registerHelper(profile('a'), T0);
    q.join('g1', request(), T0 + 1);
    const { notices } = q.setHelperStatus('a', 'available', T0 + 2);
    assert.deepEqual(ofType(notices, 'helper.offer').map((n) => [n.helperId, n.guestId]), [['a', 'g1']]);
    assert.deepEqual(ofType(notices, 'guest.offered').map((n) => n.guestId), ['g1']);
  });

  test('an unchanged decision is not logged again', () => {
    const q = new SupportQueue();
    q.join('g1', request(), T0);
    assert.equal(logs(q.tick(T0 + 10).notices, 'dispatch').length, 0);
    q.registerHelper(profile('a'), T0 + 20);
    assert.equal(logs(q.setHelperStatus('a', 'away', T0 + 30).notices, 'dispatch').length, 1);
  });
});

describe('fair choice', () => {
  test('fewest occupied seats relative to the limit, ties by id', () => {
    const q = queueWith(['b'], 1);
    q.registerHelper(profile('a'), T0);
    q.setChatLimit('a', 2, T0);
    q.setHelperStatus('a', 'available', T0);
    // Both at 0 seats and idle since T0: id decides.
    assert.equal(offerOf((q.join('g1', request(), T0 + 1), q), 'g1').helperId, 'a');
    // a holds 1 of 2 (the outstanding offer counts), b 0 of 1.
    assert.equal(offerOf((q.join('g2', request(), T0 + 2), q), 'g2').helperId, 'b');
    assert.equal(offerOf((q.join('g3', request(), T0 + 3), q), 'g3').helperId, 'a');
  });

  test('relative, not absolute: two of six seats taken is freer than one of two', () => {
    const q = queueWith([profile('a', { maxChats: 6 }), 'b'], 2);
    q.setChatLimit('a', 6, T0);
    for (const id of ['g1', 'g2', 'g3', 'g4']) q.join(id, request(), T0 + 1);
    assert.deepEqual(['g1', 'g2', 'g3', 'g4'].map((g) => offerOf(q, g).helperId), ['a', 'b', 'a', 'a']);
  });

  test('outstanding offers count as occupied seats', () => {
    const q = queueWith(['a', 'b'], 2);
    q.join('g1', request(), T0 + 1);
    q.join('g2', request(), T0 + 2);
    assert.equal(offerOf(q, 'g1').helperId, 'a');
    assert.equal(offerOf(q, 'g2').helperId, 'b');
  });

  test('ties go to the helper idle longest: since becoming available or since their last chat ended', () => {
    const q = new SupportQueue();
    for (const id of ['a', 'b']) q.registerHelper(profile(id), T0);
    q.setHelperStatus('b', 'available', T0);
    q.setHelperStatus('a', 'available', T0 + 10);
    q.join('g1', request(), T0 + 20);
    assert.equal(offerOf(q, 'g1').helperId, 'b');
    q.join('g2', request(), T0 + 21);
    const c1 = q.acceptOffer('b', offerOf(q, 'g1').id, T0 + 22).outcome;
    const c2 = q.acceptOffer('a', offerOf(q, 'g2').id, T0 + 23).outcome;
    assert.ok(c1.ok && c2.ok);
    q.endChat(c2.chatId, T0 + 100);
    q.endChat(c1.chatId, T0 + 200);
    q.join('g3', request(), T0 + 300);
    assert.equal(offerOf(q, 'g3').helperId, 'a');
  });
});

describe('reject and timeout', () => {
  test('a rejected guest moves to the next helper and never back', () => {
    const q = queueWith(['a', 'b'], 1);
    q.join('g1', request(), T0 + 1);
    const { notices } = q.rejectOffer('a', offerOf(q, 'g1').id, T0 + 2);
    assert.equal(offerOf(q, 'g1').helperId, 'b');
    assert.equal(logs(notices, 'rejected')[0].helperId, 'a');
    q.rejectOffer('b', offerOf(q, 'g1').id, T0 + 3);
    q.heartbeat('g1', T0 + 50_000);
    q.tick(T0 + 100_000);
    q.heartbeat('g1', T0 + 100_000);
    q.tick(T0 + 150_000);
    assert.equal(q.state.guests[0].offer, null, 'not even after the fallback delay');
  });

  test('an ignored offer times out, counts as a rejection, and cannot be accepted late', () => {
    const q = queueWith(['a', 'b'], 1);
    q.join('g1', request(), T0);
    q.heartbeat('g1', T0 + 29_000);
    const first = offerOf(q, 'g1');
    const { notices } = q.tick(T0 + 30_000);
    assert.deepEqual(ofType(notices, 'helper.offerRevoked').map((n) => [n.helperId, n.reason]), [['a', 'timeout']]);
    assert.equal(logs(notices, 'timed_out').length, 1);
    assert.equal(offerOf(q, 'g1').helperId, 'b');
    assert.deepEqual(q.acceptOffer('a', first.id, T0 + 30_001).outcome, { ok: false, reason: 'no_such_offer' });
  });

  test('when only the rejecting helper is left the guest stays unoffered to them, but they may still pick the guest by hand', () => {
    const q = queueWith(['a'], 1);
    q.join('g1', request(), T0);
    q.rejectOffer('a', offerOf(q, 'g1').id, T0 + 1);
    const later = q.heartbeat('g1', T0 + 50_000);
    assert.equal(q.state.guests[0].offer, null);
    assert.equal(ofType(later.notices, 'helper.offer').length, 0);
    const decision = logs(q.join('g1', request({ question: 'still there' }), T0 + 50_001).notices, 'dispatch');
    assert.equal(decision.length, 0, 'same decision, not logged again');
    assert.equal(q.assistGuest('a', 'g1', T0 + 50_002).outcome.ok, true);
  });
});

describe('revocation', () => {
  test('a helper going offline loses their offers, which are re-dispatched without counting as rejections', () => {
    const q = queueWith(['a', 'b'], 1);
    q.join('g1', request(), T0);
    const { notices } = q.setHelperStatus('a', 'offline', T0 + 1);
    assert.deepEqual(ofType(notices, 'helper.offerRevoked').map((n) => [n.helperId, n.reason]), [['a', 'helper_unavailable']]);
    assert.equal(offerOf(q, 'g1').helperId, 'b');
    assert.deepEqual(q.state.guests[0].rejectedBy, []);
  });

  test('going away revokes too', () => {
    const q = queueWith(['a'], 1);
    q.join('g1', request(), T0);
    q.setHelperStatus('a', 'away', T0 + 1);
    assert.equal(q.state.guests[0].offer, null);
  });

  test('a lowered limit revokes the newest offers first', () => {
    const q = queueWith(['a'], 2);
    q.join('g1', request(), T0 + 1);
    q.join('g2', request(), T0 + 2);
    const { notices, outcome } = q.setChatLimit('a', 1, T0 + 3);
    assert.deepEqual(outcome, { ok: true, limit: 1 });
    assert.deepEqual(ofType(notices, 'helper.offerRevoked').map((n) => [n.guestId, n.reason]), [['g2', 'limit_lowered']]);
    assert.equal(offerOf(q, 'g1').helperId, 'a');
  });

  test('the chat limit is bounded by the monitor-set maximum, and lowering the maximum lowers the limit', () => {
    const q = queueWith(['a'], 3);
    assert.deepEqual(q.setChatLimit('a', 9, T0).outcome, { ok: true, limit: 3 });
    q.join('g1', request(), T0 + 1);
    q.join('g2', request(), T0 + 2);
    assert.deepEqual(q.setMaxChats('a', 1, T0 + 3).outcome, { ok: true, limit: 1 });
    assert.equal(q.state.guests.filter((g) => g.offer).length, 1);
    assert.deepEqual(q.setMaxChats('nobody', 1, T0 + 3).outcome, { ok: false, reason: 'unknown_helper' });
  });

  test('losing approval revokes offers', () => {
    const q = queueWith(['a'], 1);
    q.join('g1', request(), T0);
    const { notices } = q.registerHelper(profile('a', { approved: false }), T0 + 1);
    assert.deepEqual(ofType(notices, 'helper.offerRevoked').map((n) => n.reason), ['not_approved']);
    assert.equal(q.state.helpers.a.status, 'available', 'a profile update keeps the status');
    q.setMaxChats('a', 2, T0 + 2);
    q.registerHelper({ id: 'a', approved: true, skills: { locales: ['de'], products: [], tags: [] } }, T0 + 3);
    assert.equal(q.state.helpers.a.maxChats, 2, 'a profile without maxChats keeps the monitor\'s');
  });
});

describe('matching and order', () => {
  test('matching helpers come first, any eligible helper after the fallback delay', () => {
    const q = queueWith([profile('a', { skills: { locales: ['de'], products: [], tags: [] } })], 1);
    const { notices } = q.join('g1', request({ meta: { locale: 'en-US' } }), T0);
    assert.equal(logs(notices, 'dispatch')[0].candidates[0].skip, 'no_match');
    assert.equal(q.nextWakeAt(), T0 + 60_000, 'the heartbeat deadline comes first');
    q.heartbeat('g1', T0 + 59_000);
    q.heartbeat('g1', T0 + 90_000);
    assert.equal(q.nextWakeAt(), T0 + 120_000);
    assert.equal(q.tick(T0 + 119_999).notices.length, 0);
    const later = q.tick(T0 + 120_000);
    const decision = logs(later.notices, 'dispatch')[0];
    assert.equal(decision.fallback, true);
    assert.equal(decision.offeredTo, 'a');
  });

  test('a matching helper wins over a fairer non-matching one', () => {
    const q = queueWith(['a', profile('b', { skills: { locales: ['en'], products: ['firefox'], tags: [] } })], 1);
    q.join('g1', request({ meta: { locale: 'en-GB', product: 'Firefox' } }), T0);
    assert.equal(offerOf(q, 'g1').helperId, 'a', 'empty skill lists match anything');
    const r = queueWith([profile('a', { skills: { locales: ['fr'], products: [], tags: [] } }), profile('b', { skills: { locales: ['en'], products: [], tags: [] } })], 1);
    r.join('g1', request({ meta: { locale: 'en-GB' } }), T0);
    assert.equal(offerOf(r, 'g1').helperId, 'b');
  });

  test('higher priority first, FIFO within a priority', () => {
    const q = new SupportQueue();
    q.registerHelper(profile('a'), T0);
    q.join('low', request(), T0 + 1);
    q.join('high1', request({ priority: 1 }), T0 + 2);
    q.join('high2', request({ priority: 1 }), T0 + 3);
    q.setHelperStatus('a', 'available', T0 + 4);
    assert.equal(offerOf(q, 'high1').helperId, 'a');
    assert.deepEqual(q.estimates().map((e) => [e.guestId, e.position]), [['high1', 0], ['high2', 1], ['low', 2]]);
  });
});

describe('cost: a step looks only at what can change', () => {
  const MIN = 60_000;
  /** 200 helpers with one chat each (every seat taken) and 1,000 guests waiting behind them. */
  function fullHouse() {
    const helpers = Array.from({ length: 200 }, (_, i) => `h${String(i).padStart(3, '0')}`);
    const q = queueWith(helpers, 1, { maxWaiting: 5000, reopenBelowWaiting: 4000, maxPredictedWaitMs: 1000 * MIN, reopenBelowWaitMs: 900 * MIN, guestTimeoutMs: 30 * MIN, offerTimeoutMs: 30 * MIN });
    const chats: string[] = [];
    for (let i = 0; i < 1200; i++) q.join(`g${i}`, request(), T0 + 1);
    for (const g of q.state.guests.filter((x) => x.offer)) {
      const r = q.acceptOffer(g.offer!.helperId, g.offer!.id, T0 + 2).outcome;
      assert.ok(r.ok);
      chats.push(r.chatId);
    }
    assert.equal(chats.length, 200);
    assert.equal(q.state.guests.length, 1000);
    return { q, chats };
  }
  const count = <T>(run: () => T) => {
    dispatchCounters.guests = 0;
    dispatchCounters.verdicts = 0;
    const result = run();
    return { result, guests: dispatchCounters.guests, verdicts: dispatchCounters.verdicts };
  };

  test('with every helper full, a step with 1,000 waiting guests evaluates none of them and logs nothing', () => {
    const { q } = fullHouse();
    const steps: (() => Result<unknown>)[] = [() => q.tick(T0 + 1000), () => q.heartbeat('g500', T0 + 2000), () => q.join('g700', request({ question: 'more' }), T0 + 3000)];
    for (const run of steps) {
      const { result, guests, verdicts } = count(run);
      assert.deepEqual([guests, verdicts], [0, 0]);
      assert.equal(logs(result.notices, 'dispatch').length, 0);
      assert.equal(ofType(result.notices, 'helper.offer').length, 0);
    }
  });

  test('a freed seat costs one guest and one verdict: the first in line, offered to the helper who freed it', () => {
    const { q, chats } = fullHouse();
    const first = q.state.guests[0].id;
    const ended = count(() => q.endChat(chats[7], T0 + 1000));
    assert.deepEqual([ended.guests, ended.verdicts], [1, 1]);
    const [offer] = ofType(ended.result.notices, 'helper.offer');
    assert.deepEqual([offer.helperId, offer.guestId], ['h007', first]);
    const [decision] = logs(ended.result.notices, 'dispatch');
    assert.equal(decision.candidates.length, 200, 'the log still names every helper on duty');
    assert.deepEqual(decision.candidates.filter((c) => c.skip !== 'full'), [{ helperId: 'h007', skip: null }]);
    const accepted = count(() => q.acceptOffer('h007', offer.offerId, T0 + 1001));
    assert.deepEqual([accepted.guests, accepted.verdicts], [0, 0]);
  });

  test('a guest who joins, or loses an offer, is looked at (and logged) alone', () => {
    const { q, chats } = fullHouse();
    const joined = count(() => q.join('late', request(), T0 + 1000));
    assert.deepEqual([joined.guests, joined.verdicts], [1, 0]);
    assert.deepEqual(logs(joined.result.notices, 'dispatch').map((d) => [d.guestId, d.offeredTo]), [['late', null]]);
    q.endChat(chats[0], T0 + 2000);
    const offered = q.state.guests.find((g) => g.offer)!;
    const rejected = count(() => q.rejectOffer(offered.offer!.helperId, offered.offer!.id, T0 + 3000));
    // The freed seat goes to the next guest; the one who was turned down is logged again with the reason.
    const decisions = logs(rejected.result.notices, 'dispatch');
    assert.deepEqual(decisions.map((d) => [d.guestId, d.offeredTo]), [[offered.id, null], ['g201', 'h000']]);
    assert.equal(decisions[0].candidates.find((c) => c.helperId === 'h000')?.skip, 'rejected');
    assert.deepEqual([rejected.guests, rejected.verdicts], [2, 2]);
  });

  test('the match fallback still changes and logs the decisions of guests nobody looked at', () => {
    const { q } = fullHouse();
    const before = count(() => q.tick(T0 + 2 * MIN));
    assert.equal(before.guests, 0);
    const after = q.tick(T0 + 2 * MIN + 1).notices;
    const decisions = logs(after, 'dispatch');
    assert.equal(decisions.length, 1000);
    assert.ok(decisions.every((d) => d.fallback && d.offeredTo === null));
    assert.equal(count(() => q.tick(T0 + 3 * MIN)).guests, 0);
  });

  test('a restored queue makes one full pass, and it logs nothing new', () => {
    const { q } = fullHouse();
    const copy = SupportQueue.restore(JSON.parse(JSON.stringify(q.snapshot())), q.config);
    const first = count(() => copy.tick(T0 + 1000));
    assert.equal(first.guests, 1000);
    assert.equal(logs(first.result.notices, 'dispatch').length, 0);
    assert.equal(count(() => copy.tick(T0 + 2000)).guests, 0);
  });
});
