// "A morning of support at speed": 200 guests over a simulated morning, 20 helpers with various limits coming
// on and off duty, rejects and ignored offers, two monitors draining and reopening the queue and changing
// limits, the queue filling up, closing itself and reopening. Driven through the service (real storage and
// rooms) on a manual clock. At the end: everyone was served or left on their own, wait estimates were close to
// the real waits, and the dispatch log explains every assignment.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { GlobalRole } from '../../src/domain/types.js';
import { setDoor, accept, reject, setLimit, setMax, setStatus, type Caller } from '../../src/services/support/desk.js';
import { end } from '../../src/services/support/in-chat.js';
import { ask, heartbeat, leave } from '../../src/services/support/intake.js';
import { seededRandom, seedFromEnv } from '../support/random.js';
import { startQueueServer, type QueueServer } from './harness.js';

const MINUTE = 60_000;
let server: QueueServer;
before(async () => {
  server = await startQueueServer({ queueMaxWaiting: 12 });
});
after(() => server.close());

interface Guest { caller: Caller; arriveAt: number; patienceMs: number; chat: string | null; joinedAt: number; estimate: number | null; assignedAt: number | null; done: 'served' | 'left' | null; chatEndsAt: number; refusals: number }
interface Helper { caller: Caller; limit: number; shift: [number, number]; onDuty: boolean; offers: Array<{ offer: string; decideAt: number; choice: 'accept' | 'reject' | 'ignore' }> }

test('a morning of support at speed', async () => {
  const seed = seedFromEnv();
  const random = seededRandom(seed);
  const s = server.services.support;
  const clock = server.clock;
  const start = clock.now();
  const user = async (name: string, roles: GlobalRole[]): Promise<Caller> => {
    const u = await server.services.store.createUser({ id: name, name, displayName: name, source: 'local', roles, createdAt: start });
    return { ref: { id: u.id, name }, roles };
  };
  const monitors = [await user('mon-1', ['monitor']), await user('mon-2', ['monitor'])];
  const helpers: Helper[] = [];
  for (let i = 0; i < 20; i++) {
    // Six open the morning; the rest come in over the first hour; some leave early.
    const from = i < 6 ? 0 : Math.floor(random() * 60) * MINUTE;
    const to = i % 5 === 0 ? from + 90 * MINUTE : 6 * 60 * MINUTE;
    helpers.push({ caller: await user(`helper-${i}`, ['helper']), limit: 1 + (i % 3), shift: [start + from, start + to], onDuty: false, offers: [] });
  }
  const byHelper = new Map(helpers.map((h) => [h.caller.ref.id, h]));
  // A rush at opening (80 in ten minutes), then a steady trickle.
  const guests: Guest[] = [];
  for (let i = 0; i < 200; i++) {
    const arriveAt = start + (i < 80 ? random() * 10 * MINUTE : 10 * MINUTE + random() * 150 * MINUTE);
    const patienceMs = random() < 0.1 ? (5 + random() * 10) * MINUTE : Infinity;
    guests.push({ caller: await user(`guest-${i}`, ['guest']), arriveAt, patienceMs, chat: null, joinedAt: 0, estimate: null, assignedAt: null, done: null, chatEndsAt: 0, refusals: 0 });
  }
  const byGuest = new Map(guests.map((g) => [g.caller.ref.id, g]));
  const closedReasons = new Set<string>();
  server.services.bus.subscribe('user:mon-1', () => {});
  for (const h of helpers) {
    server.services.bus.subscribe(`user:${h.caller.ref.id}`, (m) => {
      if (m.type !== 'support_offer') return;
      const r = random();
      h.offers.push({ offer: m.payload.offer, decideAt: clock.now() + random() * 20_000, choice: r < 0.85 ? 'accept' : r < 0.95 ? 'reject' : 'ignore' });
    });
  }
  for (const g of guests) {
    server.services.bus.subscribe(`user:${g.caller.ref.id}`, (m) => {
      if (m.type === 'support_assigned' && g.assignedAt === null) g.assignedAt = clock.now();
      if (m.type === 'support_ended' && !m.payload.surveyOffered && g.done === null) g.done = 'left';
    });
  }

  for (let t = start; guests.some((g) => g.done === null) && t < start + 8 * 60 * MINUTE; t += 1000) {
    clock.advance(t - clock.now());
    const now = clock.now();
    // Guests heartbeat every 20 s, as a client without an open event stream does.
    const beat = Math.round((now - start) / 1000) % 20 === 0;
    // Monitors: a drain for a team huddle at 2 h (waiting guests are still served), limits changed at 1 h.
    if (now === start + 60 * MINUTE) for (const h of helpers.slice(0, 5)) await setMax(s, monitors[0], h.caller.ref.id, 3);
    if (now === start + 120 * MINUTE) setDoor(s, monitors[1], 'draining', 'Team huddle, back at 10 past');
    if (now === start + 130 * MINUTE) setDoor(s, monitors[0], 'open', '', true);
    for (const h of helpers) {
      const due = now >= h.shift[0] && now < h.shift[1];
      if (due !== h.onDuty) {
        h.onDuty = due;
        setStatus(s, h.caller, due ? 'available' : 'offline');
        if (due) setLimit(s, h.caller, h.limit);
      }
      for (const o of h.offers.filter((x) => x.decideAt <= now)) {
        h.offers.splice(h.offers.indexOf(o), 1);
        if (o.choice === 'ignore') continue;
        if (o.choice === 'reject') await Promise.resolve(reject(s, h.caller, o.offer)).catch(() => {});
        else {
          const r = await accept(s, h.caller, o.offer).catch(() => null);
          const g = r && byGuest.get(r.guest.id);
          if (g) g.chatEndsAt = now + (3 + random() * 12) * MINUTE;
        }
      }
    }
    for (const g of guests) {
      if (g.done) continue;
      if (!g.chat && now >= g.arriveAt) {
        try {
          const a = await ask(s, g.caller.ref, { question: `question of ${g.caller.ref.id}` });
          Object.assign(g, { chat: a.chat, joinedAt: now, estimate: a.waitMs });
        } catch (error) {
          // Refused: come back when told (or in five minutes).
          const e = error as { details?: { comeBackAt: number | null; reason: string } };
          closedReasons.add(e.details!.reason);
          g.refusals += 1;
          g.arriveAt = Math.max(now + MINUTE, e.details!.comeBackAt ?? now + 5 * MINUTE);
        }
        continue;
      }
      if (!g.chat) continue;
      if (g.assignedAt === null && now - g.joinedAt > g.patienceMs) {
        leave(s, g.caller.ref.id);
        g.done = 'left';
      } else if (g.assignedAt === null && beat) heartbeat(s, g.caller.ref.id);
      else if (g.assignedAt !== null && g.chatEndsAt > 0 && now >= g.chatEndsAt) {
        await end(s, g.caller, g.chat, 'solved');
        g.done = 'served';
      }
    }
  }
  await s.settled('log');

  assert.deepEqual(guests.filter((g) => g.done === null).map((g) => g.caller.ref.id), [], `seed ${seed}: everyone was served or left`);
  const servedCount = guests.filter((g) => g.done === 'served').length;
  assert.ok(servedCount >= 170, `seed ${seed}: most were served (${servedCount})`);
  assert.ok(closedReasons.has('full'), `seed ${seed}: the queue filled up and closed itself (${[...closedReasons]})`);
  assert.ok(guests.some((g) => g.refusals > 0 && g.done === 'served'), 'refused guests came back and were served');
  // The queue reopened by itself after filling up, and after the drain.
  assert.equal(s.queue.state.status.state, 'open');

  // Wait estimates against real waits (join to assignment), for guests with an estimate.
  const errors = guests.filter((g) => g.estimate !== null && g.assignedAt !== null).map((g) => Math.abs(g.assignedAt! - g.joinedAt - g.estimate!)).sort((a, b) => a - b);
  const median = errors[Math.floor(errors.length / 2)];
  const p90 = errors[Math.floor(errors.length * 0.9)];
  console.log(`# morning (seed ${seed}): ${errors.length} estimates; absolute error median ${(median / MINUTE).toFixed(1)} min, p90 ${(p90 / MINUTE).toFixed(1)} min`);
  assert.ok(median <= 2 * MINUTE && p90 <= 5 * MINUTE, `seed ${seed}: estimate error median ${median} ms, p90 ${p90} ms`);

  // The dispatch log explains every assignment: an offer, then its acceptance.
  for (const g of guests.filter((x) => x.assignedAt !== null)) {
    const lines = (await server.services.store.dispatchLog(g.chat!)).map((l) => l.entry);
    const accepted = lines.find((l) => l.event === 'accepted');
    assert.ok(accepted, `seed ${seed}: ${g.chat} has an accepted entry`);
    assert.ok(lines.some((l) => l.event === 'dispatch' && l.offerId === accepted.offerId && l.offeredTo === accepted.helperId), `seed ${seed}: ${g.chat} was offered first`);
  }
  // And the helpers never held more than their limit (the queue state is the judge; checked at the end of the day).
  for (const h of Object.values(s.queue.state.helpers)) assert.ok(h.chats.length <= Math.max(h.limit, 0));
  assert.ok(byHelper.size === 20);
});
