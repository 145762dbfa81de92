// 30 helpers and 200 guests at once over HTTP and WebSocket, accepts racing each other and the asks: no guest
// ever has two helpers, no helper goes over their limit, and everyone is served once (database and queue agree).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatClient, Item } from '../support/client.js';
import { startQueueServer, type QueueServer } from './harness.js';

let server: QueueServer;
before(async () => {
  server = await startQueueServer({ queueMaxWaiting: 1000 });
});
after(() => server.close());

test('200 guests, 30 helpers, racing accepts: the dispatch invariants hold through the service', async () => {
  const support = server.services.support;
  const violations: string[] = [];
  const checkQueue = (when: string) => {
    const state = support.queue.state;
    for (const h of Object.values(state.helpers)) if (h.chats.length > h.limit) violations.push(`${when}: ${h.id} holds ${h.chats.length} > ${h.limit}`);
    const inChat = new Set(Object.values(state.chats).map((c) => c.guest.id));
    if (inChat.size !== Object.keys(state.chats).length) violations.push(`${when}: a guest has two chats`);
    for (const g of state.guests) if (inChat.has(g.id)) violations.push(`${when}: ${g.id} waits and chats`);
  };
  const helpers: ChatClient[] = [];
  for (let i = 0; i < 30; i++) helpers.push(await server.user(`cc-h${i}`, ['helper']));
  const served: string[] = [];
  let stopped = false;
  await Promise.all(
    helpers.map(async (h, i) => {
      await h.useWebSocket();
      await h.call('support_limit', { limit: 1 + (i % 3) });
      // Accept every offer the moment it arrives; end the chat at once to free the seat for the next.
      const events = h.commandSocket!;
      void (async () => {
        let read = 0;
        while (!stopped) {
          await events.waitFor((es) => es.length > read || stopped, 60_000).catch(() => {});
          for (const e of events.events.slice(read)) {
            if (e.type !== 'support_offer') continue;
            void h.call('support_accept', { offer: e.payload.offer }).then(
              async (r) => {
                checkQueue(`accept by ${h.user.name}`);
                served.push(r.chat);
                await h.call('support_end', { chat: r.chat, reason: 'done' });
              },
              (error: { code?: string }) => (error.code === 'no_such_offer' ? undefined : violations.push(`accept failed: ${String(error)}`)),
            );
          }
          read = events.events.length;
        }
      })();
      await h.call('support_status', { status: 'available' });
    }),
  );
  const guests = await Promise.all(Array.from({ length: 200 }, (_, i) => server.user(`cc-g${i}`, ['guest'])));
  const asked = await Promise.all(guests.map((g, i) => g.call('support_ask', { question: `question ${i}` })));
  const deadline = Date.now() + 15_000;
  while (served.length < 200 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  stopped = true;
  assert.equal(served.length, 200, `served ${served.length} of 200`);
  await Promise.all(asked.map((a) => support.settled(a.chat)));
  assert.deepEqual(violations, []);

  const chats = await support.chats.listChats({ limit: 1000 });
  const byGuest = new Map<string, Item[]>();
  for (const c of chats) byGuest.set(c.guestId, [...(byGuest.get(c.guestId) ?? []), c]);
  for (const g of guests) {
    const mine = byGuest.get(g.user.id) ?? [];
    assert.equal(mine.length, 1, `${g.user.name} has ${mine.length} chats`);
    assert.equal(mine[0].state, 'ended');
    assert.ok(mine[0].roomId && mine[0].assignedAt !== null);
    const members = await server.services.store.listMembers(mine[0].roomId);
    assert.ok(members.length <= 1, 'the guest left the room at the end; one helper stays');
  }
  assert.equal(new Set(served).size, 200, 'no chat was accepted twice');
  assert.equal(support.queue.state.guests.length, 0);
  assert.equal(Object.keys(support.queue.state.chats).length, 0);
});
