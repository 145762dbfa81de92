// Random schedules of guests, helpers, monitors and time against the queue, checking its promises
// after every step. Rejections and heartbeats are tracked by the test itself, not read from the state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SupportQueue } from '../../../src/domain/queue/support-queue.js';
import { helperMatches } from '../../../src/domain/queue/matching.js';
import { queueOrder } from '../../../src/domain/queue/step.js';
import type { QueueConfig } from '../../../src/domain/queue/config.js';
import type { HelperStatus, Notice, WaitingGuest } from '../../../src/domain/queue/types.js';
import { profile, request, T0 } from './fixtures.js';

const GUESTS = ['g0', 'g1', 'g2', 'g3', 'g4', 'g5'];
const guestIx = fc.nat(GUESTS.length - 1);
const helperIx = fc.nat(3);
const status = fc.constantFrom<HelperStatus>('available', 'available', 'available', 'away', 'busy', 'offline');

const helperArb = fc.record({
  approved: fc.constantFrom(true, true, true, false),
  maxChats: fc.nat(3),
  limit: fc.nat(3),
  status,
  locales: fc.subarray(['en', 'de', 'fr']),
  products: fc.subarray(['firefox', 'thunderbird']),
});

const configArb = fc.record({
  offerTimeoutMs: fc.constantFrom(5_000, 30_000),
  matchFallbackMs: fc.constantFrom(0, 20_000, 120_000),
  maxWaiting: fc.constantFrom(4, 50),
  maxPredictedWaitMs: fc.constantFrom(15 * 60_000, 30 * 60_000),
}).map((c): Partial<QueueConfig> => ({ ...c, reopenBelowWaiting: c.maxWaiting - 1, reopenBelowWaitMs: c.maxPredictedWaitMs - 5 * 60_000 }));

const opArb = fc.oneof(
  { weight: 5, arbitrary: fc.record({ k: fc.constant('join' as const), g: guestIx, locale: fc.constantFrom('en', 'de-AT', 'fr', null), product: fc.constantFrom('firefox', 'thunderbird', null), priority: fc.constantFrom(0, 0, 1) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('leave' as const), g: guestIx }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('beat' as const), g: guestIx }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('beatAll' as const) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('status' as const), h: helperIx, status }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('limit' as const), h: helperIx, n: fc.nat(4) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('max' as const), h: helperIx, n: fc.nat(4) }) },
  { weight: 4, arbitrary: fc.record({ k: fc.constant('accept' as const), i: fc.nat(), stale: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('reject' as const), i: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('assistNext' as const), h: helperIx }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('assistThis' as const), h: helperIx, g: guestIx }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('end' as const), i: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('transfer' as const), i: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('manual' as const), state: fc.constantFrom('open', 'draining', 'closed', null, null) }) },
  { weight: 4, arbitrary: fc.record({ k: fc.constant('time' as const), ms: fc.oneof(fc.nat(2_000), fc.nat(40_000), fc.nat(150_000)) }) },
);
type Op = typeof opArb extends fc.Arbitrary<infer T> ? T : never;
type HelperSpec = typeof helperArb extends fc.Arbitrary<infer T> ? T : never;

/** The test's own record of what the queue must remember. */
class Model {
  now = T0;
  rejected = new Map<string, Set<string>>();
  lastBeat = new Map<string, number>();
  lastPosition = new Map<string, { at: number; position: number; waitMs: number | null }>();
  seenOffers: { helperId: string; offerId: string }[] = [];

  rejectedBy(guestId: string): Set<string> {
    return this.rejected.get(guestId) ?? new Set();
  }

  forget(guestId: string): void {
    this.rejected.delete(guestId);
    this.lastBeat.delete(guestId);
    this.lastPosition.delete(guestId);
  }
}

function step(q: SupportQueue, m: Model, helpers: string[], op: Op): Notice[] {
  const s = q.state;
  const h = helpers[('h' in op ? op.h : 0) % helpers.length];
  const offered = s.guests.filter((g) => g.offer);
  const chats = Object.values(s.chats);
  switch (op.k) {
    case 'join': {
      const r = q.join(GUESTS[op.g], request({ priority: op.priority, meta: { locale: op.locale, product: op.product } }), m.now);
      if (r.outcome.ok) m.lastBeat.set(GUESTS[op.g], m.now);
      return r.notices;
    }
    case 'leave': return q.leave(GUESTS[op.g], m.now).notices;
    case 'beat': {
      const r = q.heartbeat(GUESTS[op.g], m.now);
      if (r.outcome.ok) m.lastBeat.set(GUESTS[op.g], m.now);
      return r.notices;
    }
    case 'beatAll': return s.guests.map((g) => g.id).flatMap((id) => {
      m.lastBeat.set(id, m.now);
      return q.heartbeat(id, m.now).notices;
    });
    case 'status': return q.setHelperStatus(h, op.status, m.now).notices;
    case 'limit': return q.setChatLimit(h, op.n, m.now).notices;
    case 'max': return q.setMaxChats(h, op.n, m.now).notices;
    case 'accept': {
      const pool = op.stale ? m.seenOffers : offered.map((g) => ({ helperId: g.offer!.helperId, offerId: g.offer!.id }));
      if (pool.length === 0) return [];
      const pick = pool[op.i % pool.length];
      const live = s.guests.some((g) => g.offer?.id === pick.offerId && g.offer.helperId === pick.helperId);
      const r = q.acceptOffer(pick.helperId, pick.offerId, m.now);
      assert.equal(r.outcome.ok, live, 'only a live offer can be accepted');
      return r.notices;
    }
    case 'reject': {
      if (offered.length === 0) return [];
      const g = offered[op.i % offered.length];
      const { helperId, id } = g.offer!;
      const r = q.rejectOffer(helperId, id, m.now);
      assert.ok(r.outcome.ok);
      m.rejected.set(g.id, m.rejectedBy(g.id).add(helperId));
      return r.notices;
    }
    case 'assistNext': return q.assistNext(h, m.now).notices;
    case 'assistThis': return q.assistGuest(h, GUESTS[op.g], m.now).notices;
    case 'end': return chats.length ? q.endChat(chats[op.i % chats.length].id, m.now).notices : [];
    case 'transfer': {
      if (chats.length === 0) return [];
      const chat = chats[op.i % chats.length];
      const r = q.transferBack(chat.id, 'over to you', m.now);
      m.rejected.set(chat.guest.id, new Set([chat.helperId]));
      m.lastBeat.set(chat.guest.id, m.now);
      return r.notices;
    }
    case 'manual': return (op.state ? q.setManualStatus(op.state, 'by hand', m.now) : q.clearManualStatus(m.now)).notices;
    case 'time':
      m.now += op.ms;
      return q.tick(m.now).notices;
  }
}

/** Could `helper` be offered `guest` right now? */
function eligible(q: SupportQueue, m: Model, helperId: string, guest: WaitingGuest, usedSeats: number): boolean {
  const h = q.state.helpers[helperId];
  return h.approved && h.status === 'available' && usedSeats < h.limit && !m.rejectedBy(guest.id).has(helperId)
    && (helperMatches(h.skills, guest) || m.now - guest.queuedAt >= q.config.matchFallbackMs);
}

function check(q: SupportQueue, m: Model, notices: Notice[]): void {
  const s = q.state;
  const used = (id: string) => s.helpers[id].chats.length + s.guests.filter((g) => g.offer?.helperId === id).length;
  // Notices in order: the model learns timeouts and departures, and every new offer is checked when made.
  const newOffers: { helperId: string; guestId: string }[] = [];
  for (const n of notices) {
    if (n.type === 'helper.offer') {
      assert.ok(!m.rejectedBy(n.guestId).has(n.helperId), `offer of ${n.guestId} to ${n.helperId}, who turned them down`);
      m.seenOffers.push({ helperId: n.helperId, offerId: n.offerId });
      newOffers.push(n);
    } else if (n.type === 'helper.offerRevoked' && n.reason === 'timeout') {
      m.rejected.set(n.guestId, m.rejectedBy(n.guestId).add(n.helperId));
    } else if (n.type === 'guest.left') {
      if (n.reason === 'timeout') assert.ok(m.now - m.lastBeat.get(n.guestId)! >= q.config.guestTimeoutMs, 'timed out early');
      m.forget(n.guestId);
    } else if (n.type === 'chat.assigned') {
      assert.ok(used(n.helperId) <= s.helpers[n.helperId].limit, 'chat beyond the limit');
      m.forget(n.guestId);
    } else if (n.type === 'guest.position') {
      const last = m.lastPosition.get(n.guestId);
      if (last) {
        assert.ok(m.now - last.at >= q.config.noticeIntervalMs, 'position notices too close');
        assert.ok(last.position !== n.position || last.waitMs !== n.waitMs, 'unchanged position notice');
      }
      m.lastPosition.set(n.guestId, { at: m.now, position: n.position, waitMs: n.waitMs });
    }
  }
  // One guest, one place: waiting or in a single chat, never both.
  const ids = [...s.guests.map((g) => g.id), ...Object.values(s.chats).map((c) => c.guest.id)];
  assert.equal(new Set(ids).size, ids.length, 'a guest is in two places');
  for (const g of s.guests) {
    assert.ok(m.now - m.lastBeat.get(g.id)! < q.config.guestTimeoutMs, 'silent guest still waiting');
    if (!g.offer) continue;
    const h = s.helpers[g.offer.helperId];
    assert.ok(h.approved && h.status === 'available', 'offer to a helper who cannot take it');
    assert.ok(!m.rejectedBy(g.id).has(h.id), 'offer to a helper who turned the guest down');
    assert.ok(g.offer.expiresAt > m.now, 'expired offer still outstanding');
  }
  for (const id of Object.keys(s.helpers)) {
    const offers = s.guests.filter((g) => g.offer?.helperId === id).length;
    assert.ok(offers === 0 || used(id) <= s.helpers[id].limit, 'offers beyond the limit');
  }
  // Dispatch left no eligible pair apart, and passed nobody over within a priority.
  const waiting = s.guests.filter((g) => !g.offer);
  for (const g of waiting) {
    for (const id of Object.keys(s.helpers)) assert.ok(!eligible(q, m, id, g, used(id)), `${g.id} could go to ${id}`);
  }
  for (const o of newOffers) {
    const younger = s.guests.find((g) => g.id === o.guestId)!;
    const passedOver = waiting.find((older) => older.priority === younger.priority && queueOrder(older, younger) < 0
      && !m.rejectedBy(older.id).has(o.helperId)
      && (helperMatches(s.helpers[o.helperId].skills, older) || m.now - older.queuedAt >= q.config.matchFallbackMs));
    assert.equal(passedOver, undefined, `${passedOver?.id} passed over for ${o.guestId}`);
  }
  // Positions: offered guests at zero, the rest 1..n with waits that never decrease.
  const est = q.estimates();
  let position = 0;
  let wait: number | null = 0;
  for (const e of est) {
    const g = s.guests.find((x) => x.id === e.guestId)!;
    if (g.offer) {
      assert.deepEqual([e.position, e.waitMs], [0, 0]);
      continue;
    }
    assert.equal(e.position, ++position);
    if (position > 1) assert.ok((wait === null) === (e.waitMs === null) && (wait === null || wait <= e.waitMs!), 'wait not monotone');
    wait = e.waitMs;
  }
}

function run(config: Partial<QueueConfig>, helperSpecs: HelperSpec[], ops: Op[]): void {
  const q = new SupportQueue({ ...config, noticeIntervalMs: 1000 });
  const m = new Model();
  const helpers = helperSpecs.map((spec, i) => {
    const id = `h${i}`;
    q.registerHelper(profile(id, { approved: spec.approved, maxChats: spec.maxChats, skills: { locales: spec.locales, products: spec.products, tags: [] } }), T0);
    q.setChatLimit(id, spec.limit, T0);
    check(q, m, q.setHelperStatus(id, spec.status, T0).notices);
    return id;
  });
  for (const op of ops) check(q, m, step(q, m, helpers, op));
  // Whatever position notice was held back is delivered by a tick a second later.
  m.now += q.config.noticeIntervalMs;
  check(q, m, q.tick(m.now).notices);
  for (const e of q.estimates()) {
    const last = m.lastPosition.get(e.guestId)!;
    assert.deepEqual([last.position, last.waitMs], [e.position, e.waitMs], `${e.guestId} was not told their latest place`);
  }
}

const helpersArb = fc.array(helperArb, { minLength: 1, maxLength: 4 });

test('queue promises hold over 10,000 short random schedules', () => {
  fc.assert(fc.property(configArb, helpersArb, fc.array(opArb, { minLength: 5, maxLength: 40, size: 'max' }), run), { numRuns: 10_000 });
});

test('queue promises hold over long random schedules', () => {
  fc.assert(fc.property(configArb, helpersArb, fc.array(opArb, { minLength: 300, maxLength: 500, size: 'max' }), run), { numRuns: 25 });
});
