// The restore's reconciliation of a saved queue with the stored rows (src/services/support/restore.ts), and the
// invariant check that guards it, on plain data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { invariantProblems, resolveQueueConfig, SupportQueue, type SupportQueueState } from '../../src/domain/queue/index.js';
import { reconcile, reconcileChecked } from '../../src/services/support/restore.js';
import type { SupportChat } from '../../src/storage/store.js';

const config = resolveQueueConfig({});
const metadata = { product: null, version: null, os: null, locale: null, userAgent: null, addons: [], fields: {}, referrer: null };
const T = 1_700_000_000_000;

function row(guestId: string, state: SupportChat['state'], queuedAt: number, extra: Partial<SupportChat> = {}): SupportChat {
  return { id: `chat-${guestId}-${queuedAt}`, roomId: null, guestId, helperId: null, state, question: `q ${guestId}`, metadata, queuedAt, assignedAt: null, endedAt: null, endedBy: null, endReason: null, ...extra };
}

/** h (limit 2) has g1 in a chat and g2 on offer; g3 waits. */
function saved(): SupportQueueState {
  const q = new SupportQueue({});
  q.registerHelper({ id: 'h', approved: true, skills: { locales: [], products: [], tags: [] } }, T);
  q.setMaxChats('h', 3, T);
  q.setChatLimit('h', 2, T);
  q.setHelperStatus('h', 'available', T);
  for (const g of ['g1', 'g2', 'g3']) q.join(g, { question: `q ${g}`, metadata }, T + Number(g[1]));
  q.acceptOffer('h', q.state.guests.find((g) => g.id === 'g1')!.offer!.id, T + 10);
  q.setChatLimit('h', 2, T + 10);
  return q.snapshot();
}

test('the rows decide what is open; the snapshot gives places; offers are revoked and helpers set offline', () => {
  const state = saved();
  assert.equal(state.guests.find((g) => g.id === 'g2')!.offer?.helperId, 'h');
  const r = reconcile({
    saved: state,
    rows: [
      row('g1', 'active', T + 1, { helperId: 'h', roomId: 'r1', assignedAt: T + 10 }),
      row('g2', 'offered', T + 2, { helperId: 'h' }),
      row('g3', 'queued', T + 3),
      row('g3', 'queued', T - 500), // an older second row of the same guest
      row('g0', 'queued', T - 1000), // older than the snapshot, unknown to it: a wait that ended unrecorded
      row('g4', 'queued', T + 20), // joined after the snapshot
    ],
    now: T + 30,
    config,
    approved: () => true,
  });
  assert.deepEqual(invariantProblems(r.state), []);
  assert.deepEqual(r.state.guests.map((g) => g.id), ['g2', 'g3', 'g4']);
  assert.ok(r.state.guests.every((g) => g.offer === null && g.lastSeen === T + 30));
  assert.deepEqual(r.revoked.map((o) => o.guestId), ['g2']);
  assert.deepEqual(r.state.helpers.h.status, 'offline');
  assert.deepEqual([...r.wasOnDuty], [['h', 'available']]);
  assert.deepEqual(r.state.helpers.h.chats.map((c) => r.chats.get(c)), ['chat-g1-' + (T + 1)]);
  assert.deepEqual(r.stale.map((s) => s.guestId).sort(), ['g0', 'g3']);
  assert.deepEqual(r.stale.find((s) => s.guestId === 'g3')!.queuedAt, T - 500);
});

test('steps after the snapshot: an accept, a send-back and an end are taken from the rows', () => {
  const state = saved();
  const r = reconcile({
    saved: state,
    rows: [
      // g1's chat was sent back to the queue (the row kept the room); g2 was accepted by h; g3 left (row ended: absent).
      row('g1', 'queued', T + 1, { roomId: 'r1' }),
      row('g2', 'active', T + 2, { helperId: 'h', roomId: 'r2', assignedAt: T + 15 }),
      // a helper the snapshot does not know holds g5's chat (a take-over stored after the snapshot).
      row('g5', 'active', T + 25, { helperId: 'm', roomId: 'r5', assignedAt: T + 26 }),
    ],
    now: T + 30,
    config,
    approved: (id) => id !== 'm',
  });
  assert.deepEqual(invariantProblems(r.state), []);
  assert.deepEqual(r.state.guests.map((g) => [g.id, g.rejectedBy, g.transfer?.fromHelper]), [['g1', ['h'], 'h']]);
  assert.equal(r.state.guests[0].seq, state.chats[Object.keys(state.chats)[0]].guest.seq, 'g1 keeps their original place');
  assert.deepEqual(Object.values(r.state.chats).map((c) => [c.guest.id, c.helperId]).sort(), [['g2', 'h'], ['g5', 'm']]);
  assert.deepEqual([r.state.helpers.m.approved, r.state.helpers.m.status, r.state.helpers.m.chats.length], [false, 'offline', 1]);
  // The restored queue runs: h, back on duty with one seat free, is not offered g1, whom they sent back.
  const q = SupportQueue.restore(r.state, {});
  const { notices } = q.setHelperStatus('h', 'available', T + 31);
  assert.equal(notices.filter((n) => n.type === 'helper.offer').length, 0, 'h turned g1 down by sending them back');
  assert.deepEqual(invariantProblems(q.snapshot()), []);
});

test('the invariant check names a guest with two helpers and an offer beyond a limit; a bad snapshot is set aside', () => {
  const state = saved();
  const broken = structuredClone(state);
  const chat = Object.values(broken.chats)[0];
  broken.guests.push({ ...broken.guests[0], id: chat.guest.id, offer: null });
  broken.helpers.h.limit = 1;
  const problems = invariantProblems(broken);
  assert.ok(problems.some((p) => p.startsWith('guest g1 is both waiting and in chat')), problems.join('\n'));
  assert.ok(problems.some((p) => p.includes('beyond their limit of 1')), problems.join('\n'));

  // A snapshot unsound in a way reconciling keeps (its id counter behind its own chat ids) is set aside: the rows
  // alone decide, and the result is sound.
  const behind = structuredClone(state);
  behind.seq = 0;
  const warned: string[][] = [];
  const rows = [row('g1', 'active', T + 1, { helperId: 'h', roomId: 'r1', assignedAt: T + 10 }), row('g2', 'queued', T + 2), row('g3', 'queued', T + 3)];
  const r = reconcileChecked({ saved: behind, rows, now: T + 30, config, approved: () => true }, (p) => warned.push(p));
  assert.equal(warned.length, 1);
  assert.match(warned[0].join('\n'), /beyond the counter 0/);
  assert.deepEqual(invariantProblems(r.state), []);
  assert.deepEqual(r.state.guests.map((g) => g.id), ['g2', 'g3']);
  assert.deepEqual(Object.values(r.state.chats).map((c) => [c.guest.id, c.helperId]), [['g1', 'h']]);
});
