// Helpers and monitors through the real server: rejects and timeouts, limits, picks, the queue view and log,
// transfer, requeue, invite and end; an open event stream counts as a heartbeat.
import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatClient, Item, Listener } from '../support/client.js';
import { startQueueServer, type QueueServer } from './harness.js';

// A server per test: helpers left on duty by one test would take the next test's guests.
let server: QueueServer;
beforeEach(async () => {
  server = await startQueueServer();
});
afterEach(() => server.close());

const status = (p: Promise<unknown>) => p.then(() => 200, (e: { status?: number; code?: string }) => `${e.status} ${e.code}`);
const offersTo = (l: Listener) => l.events.filter((e) => e.type === 'support_offer').map((e) => e.payload as Item);
async function nextOffer(l: Listener, count: number): Promise<Item> {
  await l.waitFor((es) => es.filter((e) => e.type === 'support_offer').length >= count, 5000, `offer #${count}`);
  return offersTo(l)[count - 1];
}
async function helperOnDuty(name: string, roles: Array<'helper' | 'trainee'> = ['helper']): Promise<{ client: ChatClient; events: Listener }> {
  const client = await server.user(name, roles);
  await client.useWebSocket();
  await client.call('support_status', { status: 'available' });
  return { client, events: client.commandSocket! };
}

test('reject and timeout move the guest on; trainees get no offers; the log explains it all', async () => {
  const monitor = await server.user('d-monitor', ['monitor']);
  const trainee = await helperOnDuty('d-trainee', ['trainee']);
  const h1 = await helperOnDuty('d-h1');
  const guest = await server.user('d-guest', ['guest']);
  const { chat } = await guest.call('support_ask', { question: 'Crash on start' });
  const first = await nextOffer(h1.events, 1);
  await h1.client.call('support_reject', { offer: first.offer });
  assert.equal(await status(h1.client.call('support_accept', { offer: first.offer })), '409 no_such_offer');
  const h2 = await helperOnDuty('d-h2');
  const second = await nextOffer(h2.events, 1);
  server.clock.advance(30_000); // h2 lets it time out
  await h2.events.waitFor((es) => es.some((e) => e.type === 'support_offer_revoked' && e.payload.offer === second.offer && e.payload.reason === 'timeout'));
  assert.equal(offersTo(trainee.events).length, 0, 'trainees never get offers');
  // Nobody left who has not turned the guest down: h1 takes them by hand.
  const picked = await h1.client.call('support_assist', { guest: guest.user.id });
  assert.equal(picked.chat, chat);
  const log = (await monitor.get('support_log', { chat })).lines as Item[];
  assert.deepEqual(log.map((l) => l.event).filter((e) => e !== 'dispatch'), ['joined', 'rejected', 'timed_out', 'picked']);
  assert.ok(log.some((l) => l.event === 'dispatch' && l.offeredTo === h1.client.user.id));
  assert.equal(await status(h1.client.get('support_log', { chat })), '403 monitor_only');
  await h1.client.call('support_end', { chat, reason: 'solved' });
});

test('limits, max, assist next, the queue view; status away stops offers', async () => {
  const monitor = await server.user('l-monitor', ['monitor']);
  const h = await helperOnDuty('l-helper');
  assert.deepEqual(await h.client.call('support_limit', { limit: 5 }), { limit: 3, max: 3 }, 'bounded by the default max');
  assert.deepEqual(await monitor.call('support_max', { helper: h.client.user.id, max: 2 }), { helper: h.client.user.id, max: 2, limit: 2 });
  await h.client.call('support_status', { status: 'away' });
  const guests = await Promise.all(['l-g1', 'l-g2', 'l-g3'].map((n) => server.user(n, ['guest'])));
  for (const g of guests) await g.call('support_ask', { question: `from ${g.user.name}` });
  const view = await monitor.get('support_queue');
  assert.deepEqual(view.waiting.map((w: Item) => [w.guest.name, w.position]), [['l-g1', 1], ['l-g2', 2], ['l-g3', 3]]);
  assert.deepEqual(view.helpers.find((x: Item) => x.helper.id === h.client.user.id), { helper: { id: h.client.user.id, name: 'l-helper' }, status: 'away', approved: true, load: 0, limit: 2, max: 2, chats: [] });
  assert.equal(offersTo(h.events).length, 0);
  // Back on duty: two seats, two offers; assist next takes the helper's own offer, first in line.
  await h.client.call('support_status', { status: 'available' });
  await nextOffer(h.events, 2);
  const mine = await h.client.call('support_assist_next');
  assert.equal(mine.guest.id, guests[0].user.id);
  const offer = offersTo(h.events)[1];
  assert.equal(offer.guest.id, guests[1].user.id);
  const second = await h.client.call('support_accept', { offer: offer.offer });
  assert.equal(await status(h.client.call('support_assist_next')), '409 cannot_assist', 'full at the limit of 2');
  assert.equal((await monitor.get('support_queue')).chats.filter((c: Item) => c.helper.id === h.client.user.id).length, 2);
  assert.equal(await status(guests[0].get('support_queue')), '403 staff_only');
  for (const c of [mine.chat, second.chat]) await h.client.call('support_end', { chat: c });
  await guests[2].call('support_leave');
});

test('transfer, requeue, invite and end; the guest is told and offered a survey', async () => {
  const a = await helperOnDuty('t-a');
  const guest = await server.user('t-guest', ['guest']);
  const guestEvents = await guest.listen('websocket');
  const { chat } = await guest.call('support_ask', { question: 'Printing is blank' });
  const { room } = await a.client.call('support_accept', { offer: (await nextOffer(a.events, 1)).offer });
  const b = await helperOnDuty('t-b');
  const trainee = await server.user('t-trainee', ['trainee']);
  assert.equal(await status(guest.call('support_transfer', { chat, helper: b.client.user.id })), '404 no_such_chat', 'the guest cannot transfer');

  // Transfer to b: b accepts, the chat and the room move to b.
  const t = await a.client.call('support_transfer', { chat, helper: b.client.user.id, comment: 'printer expert' });
  const toB = await nextOffer(b.events, 1);
  assert.deepEqual([toB.offer, toB.chat, toB.transfer], [t.offer, chat, { from: { id: a.client.user.id, name: 't-a' }, comment: 'printer expert' }]);
  const moved = await b.client.call('support_accept', { offer: t.offer });
  assert.deepEqual([moved.chat, moved.room], [chat, room]);
  await a.events.waitFor((es) => es.some((e) => e.type === 'support_transferred' && e.payload.outcome === 'accepted'));
  await guestEvents.waitFor((es) => es.some((e) => e.type === 'join' && e.room === room && e.payload.user.name === 't-b'), 5000, 'b joins');
  assert.equal((await server.services.support.chats.getChat(chat))?.helperId, b.client.user.id);
  assert.equal(await status(a.client.call('support_end', { chat })), '404 no_such_chat', 'no longer a\'s chat');

  // Invite a trainee to watch and learn.
  await b.client.call('support_invite', { chat, user: trainee.user.id });
  assert.ok((await trainee.get('rooms')).rooms.some((r: Item) => r.id === room));
  assert.equal(await status(b.client.call('support_invite', { chat, user: guest.user.id })), '404 no_such_user');

  // Requeue: the guest waits again in the same room; a takes them from the queue with b's comment.
  await b.client.call('support_requeue', { chat, comment: 'needs a Linux person' });
  assert.equal((await server.services.support.chats.getChat(chat))?.state, 'offered');
  const back = await nextOffer(a.events, 2);
  assert.deepEqual(back.transfer, { from: { id: b.client.user.id, name: 't-b' }, comment: 'needs a Linux person' });
  assert.equal((await a.client.call('support_accept', { offer: back.offer })).room, room, 'the same room');

  // The guest ends it.
  await guest.call('support_end', { chat, reason: 'works now' });
  await guestEvents.waitFor((es) => es.some((e) => e.type === 'support_ended'));
  assert.deepEqual(guestEvents.events.find((e) => e.type === 'support_ended')!.payload, { chat, reason: 'works now', surveyOffered: true });
  const ended = (await server.services.support.chats.getChat(chat))!;
  assert.deepEqual([ended.state, ended.endedBy, ended.endReason], ['ended', guest.user.id, 'works now']);
  assert.equal((await guest.get('rooms')).rooms.some((r: Item) => r.id === room), false, 'the guest has left the room');
  await guestEvents.close();
});

test('an open event stream keeps a waiting guest in line; without one they time out', async () => {
  const present = await server.user('hb-present', ['guest']);
  const silent = await server.user('hb-silent', ['guest']);
  const stream = await present.listen('sse');
  const a = await present.call('support_ask', { question: 'still here' });
  const b = await silent.call('support_ask', { question: 'gone' });
  for (let i = 0; i < 70; i++) server.clock.advance(1000);
  await server.services.support.settled(b.chat);
  assert.equal((await server.services.support.chats.getChat(b.chat))?.endReason, 'timeout');
  assert.equal((await server.services.support.chats.getChat(a.chat))?.state, 'queued');
  await stream.close();
  await present.call('support_leave');
});

test("a monitor's take-over frees the helper's seat for the next guest; hand-back moves the seat again", async () => {
  const monitor = await server.user('o-monitor', ['monitor']);
  const h = await helperOnDuty('o-helper');
  await h.client.call('support_limit', { limit: 1 });
  const first = await server.user('o-g1', ['guest']);
  const second = await server.user('o-g2', ['guest']);
  const { chat } = await first.call('support_ask', { question: 'first' });
  await h.client.call('support_accept', { offer: (await nextOffer(h.events, 1)).offer });
  await second.call('support_ask', { question: 'second' });
  assert.equal(offersTo(h.events).length, 1, 'full: one chat at limit 1');
  await monitor.call('staff_takeover', { chat });
  const next = await nextOffer(h.events, 2);
  assert.equal(next.question, 'second', 'the freed seat goes to the next guest at once');
  assert.equal((await server.services.support.chats.getChat(chat))?.helperId, monitor.user.id);
  assert.equal(server.services.support.helper(h.client.user.id)!.chats.length, 0);
  assert.equal(server.services.support.helper(monitor.user.id)!.chats.length, 1);
  // The monitor ends it: the chat closes normally, with the guest told.
  await monitor.call('support_end', { chat, reason: 'handled by the monitor' });
  assert.equal((await server.services.support.chats.getChat(chat))?.state, 'ended');
});
