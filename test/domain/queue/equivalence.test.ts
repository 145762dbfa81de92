// The dispatcher skips guests it knows are settled. Random schedules against the old dispatcher (reference.ts),
// which looked at every guest and helper on every step: the same outcomes, the same notices in the same order
// (so the same offers and dispatch log), and the same state, across snapshots and restores.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SupportQueue } from '../../../src/domain/queue/support-queue.js';
import type { QueueConfig } from '../../../src/domain/queue/config.js';
import type { HelperStatus, Result, SupportQueueState } from '../../../src/domain/queue/types.js';
import { profile, request, T0 } from './fixtures.js';
import { ReferenceQueue } from './reference.js';

const GUESTS = Array.from({ length: 12 }, (_, i) => `g${i}`);
const guestIx = fc.nat(GUESTS.length - 1);
const helperIx = fc.nat(7);
const status = fc.constantFrom<HelperStatus>('available', 'available', 'available', 'away', 'busy', 'offline');
const tags = fc.subarray(['billing', 'sync']);

const helperArb = fc.record({
  approved: fc.constantFrom(true, true, true, false),
  maxChats: fc.nat(3),
  limit: fc.nat(3),
  status,
  locales: fc.subarray(['en', 'de', 'fr']),
  products: fc.subarray(['firefox', 'thunderbird']),
  tags,
});

const configArb = fc.record({
  offerTimeoutMs: fc.constantFrom(5_000, 30_000),
  matchFallbackMs: fc.constantFrom(0, 20_000, 120_000),
  maxWaiting: fc.constantFrom(6, 50),
}).map((c): Partial<QueueConfig> => ({ ...c, reopenBelowWaiting: c.maxWaiting - 1 }));

const opArb = fc.oneof(
  { weight: 6, arbitrary: fc.record({ k: fc.constant('join' as const), g: guestIx, locale: fc.constantFrom('en', 'de-AT', 'fr', null), product: fc.constantFrom('firefox', 'thunderbird', null), tags, priority: fc.constantFrom(0, 0, 1) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('leave' as const), g: guestIx }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('beat' as const), g: guestIx }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('beatAll' as const) }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('status' as const), h: helperIx, status }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('limit' as const), h: helperIx, n: fc.nat(4) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('max' as const), h: helperIx, n: fc.nat(4) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('profile' as const), h: helperIx, approved: fc.boolean(), locales: fc.subarray(['en', 'de']), tags }) },
  { weight: 4, arbitrary: fc.record({ k: fc.constant('accept' as const), i: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('reject' as const), i: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('assistNext' as const), h: helperIx }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('assistThis' as const), h: helperIx, g: guestIx }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('end' as const), i: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('transfer' as const), i: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('manual' as const), state: fc.constantFrom('open', 'draining', 'closed', null, null, null) }) },
  { weight: 5, arbitrary: fc.record({ k: fc.constant('time' as const), ms: fc.oneof(fc.nat(2_000), fc.nat(40_000), fc.nat(150_000)) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('restore' as const) }) },
);
type Op = typeof opArb extends fc.Arbitrary<infer T> ? T : never;
type HelperSpec = typeof helperArb extends fc.Arbitrary<infer T> ? T : never;
type Queue = SupportQueue | ReferenceQueue;

/** The state without the guests' decision signatures, whose form differs between the two dispatchers. */
function comparable(state: Readonly<SupportQueueState>): unknown {
  return { ...state, guests: state.guests.map((g) => ({ ...g, lastDecision: undefined })) };
}

function run(config: Partial<QueueConfig>, specs: HelperSpec[], ops: Op[]): void {
  let q = new SupportQueue(config);
  const ref = new ReferenceQueue(config);
  let now = T0;
  const both = (call: (x: Queue) => Result<unknown>, what: string) => {
    const expected = call(ref);
    assert.deepStrictEqual(call(q), expected, what);
  };
  const helpers = specs.map((spec, i) => {
    const id = `h${i}`;
    const p = profile(id, { approved: spec.approved, maxChats: spec.maxChats, skills: { locales: spec.locales, products: spec.products, tags: spec.tags } });
    both((x) => x.registerHelper(p, now), 'register');
    both((x) => x.setChatLimit(id, spec.limit, now), 'limit');
    both((x) => x.setHelperStatus(id, spec.status, now), 'status');
    return id;
  });
  for (const op of ops) {
    const s = ref.state;
    const h = helpers[('h' in op ? op.h : 0) % helpers.length];
    const offered = s.guests.filter((g) => g.offer);
    const chats = Object.values(s.chats);
    const what = JSON.stringify(op);
    switch (op.k) {
      case 'join':
        both((x) => x.join(GUESTS[op.g], request({ priority: op.priority, tags: op.tags, meta: { locale: op.locale, product: op.product } }), now), what);
        break;
      case 'leave': both((x) => x.leave(GUESTS[op.g], now), what); break;
      case 'beat': both((x) => x.heartbeat(GUESTS[op.g], now), what); break;
      case 'beatAll': for (const g of s.guests.map((x) => x.id)) both((x) => x.heartbeat(g, now), what); break;
      case 'status': both((x) => x.setHelperStatus(h, op.status, now), what); break;
      case 'limit': both((x) => x.setChatLimit(h, op.n, now), what); break;
      case 'max': both((x) => x.setMaxChats(h, op.n, now), what); break;
      case 'profile': {
        const p = profile(h, { approved: op.approved, skills: { locales: op.locales, products: [], tags: op.tags } });
        both((x) => x.registerHelper(p, now), what);
        break;
      }
      case 'accept': case 'reject': {
        if (offered.length === 0) break;
        const { helperId, id } = offered[op.i % offered.length].offer!;
        both((x) => (op.k === 'accept' ? x.acceptOffer(helperId, id, now) : x.rejectOffer(helperId, id, now)), what);
        break;
      }
      case 'assistNext': both((x) => x.assistNext(h, now), what); break;
      case 'assistThis': both((x) => x.assistGuest(h, GUESTS[op.g], now), what); break;
      case 'end': case 'transfer': {
        if (chats.length === 0) break;
        const id = chats[op.i % chats.length].id;
        both((x) => (op.k === 'end' ? x.endChat(id, now) : x.transferBack(id, 'over to you', now)), what);
        break;
      }
      case 'manual':
        both((x) => (op.state ? x.setManualStatus(op.state, 'by hand', now) : x.clearManualStatus(now)), what);
        break;
      case 'time':
        now += op.ms;
        both((x) => x.tick(now), what);
        break;
      case 'restore':
        // A restored queue has no memo: its first pass must log exactly what the old one would.
        q = SupportQueue.restore(JSON.parse(JSON.stringify(q.snapshot())), config);
        break;
    }
    assert.deepStrictEqual(comparable(q.state), comparable(ref.state), `state after ${what}`);
  }
}

const helpersArb = fc.array(helperArb, { minLength: 1, maxLength: 8 });

test('same outcomes, notices and state as the full dispatcher over 3,000 random schedules', () => {
  fc.assert(fc.property(configArb, helpersArb, fc.array(opArb, { minLength: 5, maxLength: 60, size: 'max' }), run), { numRuns: 3_000 });
});

test('same outcomes, notices and state as the full dispatcher over long random schedules', () => {
  fc.assert(fc.property(configArb, helpersArb, fc.array(opArb, { minLength: 300, maxLength: 600, size: 'max' }), run), { numRuns: 40 });
});
