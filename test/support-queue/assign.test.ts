// Asking, being offered and accepted, over HTTP and WebSocket: the room, the events, the stored chat.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Item } from '../support/client.js';
import { startQueueServer, type QueueServer } from './harness.js';

let server: QueueServer;
before(async () => {
  server = await startQueueServer({ forumUrlTemplate: 'https://forum.example.org/new?q={question}' });
});
after(() => server.close());

const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0';
const status = (p: Promise<unknown>) => p.then(() => 200, (e: { status?: number; code?: string }) => `${e.status} ${e.code}`);

test('a guest asks, a helper accepts the offer, both end up in a support room', async () => {
  const guest = await server.user('a-guest', ['guest']);
  const helper = await server.user('a-helper', ['helper']);
  await helper.useWebSocket();
  const helperEvents = helper.commandSocket!;
  const guestEvents = await guest.listen('sse');

  const asked = await guest.raw('POST', '/api/support_ask', { question: 'How do I export bookmarks?', metadata: { product: 'Firefox', locale: 'de-AT', addons: ['uBlock', 'uBlock'] } }, { 'user-agent': FIREFOX });
  assert.equal(asked.status, 200, JSON.stringify(asked.body));
  const chatId = asked.body.chat;
  assert.equal(asked.body.state, 'queued');
  assert.equal(asked.body.merged, false);
  assert.equal(asked.body.waitMs, null, 'nobody on duty: the wait is unknown');
  await guestEvents.waitFor((es) => es.some((e) => e.type === 'queue_position' && e.payload.chat === chatId), 5000, 'queue_position');

  await helper.call('support_status', { status: 'available' });
  await helperEvents.waitFor((es) => es.some((e) => e.type === 'support_offer'), 5000, 'support_offer');
  const offer = helperEvents.events.find((e) => e.type === 'support_offer')!.payload;
  assert.equal(offer.chat, chatId);
  assert.deepEqual(offer.guest, { id: guest.user.id, name: 'a-guest' });
  assert.equal(offer.question, 'How do I export bookmarks?');
  assert.equal(offer.metadata.product, 'Firefox');
  assert.deepEqual(offer.metadata.addons, ['uBlock']);
  assert.equal(offer.metadata.userAgent, FIREFOX, 'the User-Agent header stands in for metadata.userAgent');
  assert.deepEqual(offer.metadata.ua, { browser: 'Firefox 128.0', os: 'Windows 10', device: 'desktop' });
  assert.equal(offer.expiresAt, server.clock.now() + 30_000);
  assert.equal((await server.services.store.getSupportChat(chatId))?.state, 'offered');

  const accepted = await helper.call('support_accept', { offer: offer.offer });
  assert.equal(accepted.chat, chatId);
  const room = accepted.room as string;
  await guestEvents.waitFor((es) => es.some((e) => e.type === 'support_assigned'), 5000, 'support_assigned');
  const assigned = guestEvents.events.find((e) => e.type === 'support_assigned')!;
  assert.deepEqual(assigned.payload, { chat: chatId, room, helper: { id: helper.user.id, name: 'a-helper' } });
  // The guest's stream follows the room on its own from the guest's join; the helper is named in the member list.
  await guestEvents.waitFor((es) => es.some((e) => e.type === 'join' && e.room === room && e.payload.user.id === guest.user.id), 5000, 'guest join');

  const stored = (await server.services.support.chats.getChat(chatId))!;
  assert.equal(stored.state, 'active');
  assert.equal(stored.helperId, helper.user.id);
  assert.equal(stored.roomId, room);
  assert.equal((await server.services.support.chats.chatForRoom(room))?.id, chatId);
  const roomRow = (await server.services.store.getRoom(room))!;
  assert.equal(roomRow.kind, 'support');
  assert.equal(roomRow.inviteOnly, true);
  const members = (await guest.get('members', { room })).members as Item[];
  assert.deepEqual(members.map((m) => [m.id, m.name, m.role]).sort(), [[guest.user.id, 'a-guest', 'member'], [helper.user.id, 'a-helper', 'owner']].sort());

  // They talk; asking again while in the chat answers with the chat.
  await guest.call('message', { room, body: 'hello' });
  const again = await guest.call('support_ask', { question: 'Still there?' });
  assert.deepEqual([again.chat, again.state, again.room], [chatId, 'active', room]);
  await guestEvents.close();
});

test('asking again while waiting merges: same chat, same place, new question', async () => {
  const guest = await server.user('m-guest', ['guest']);
  const first = await guest.call('support_ask', { question: 'first', metadata: { product: 'Thunderbird' } });
  const second = await guest.call('support_ask', { question: 'second, better worded' });
  assert.equal(second.chat, first.chat);
  assert.equal(second.merged, true);
  assert.equal(second.position, first.position);
  const stored = (await server.services.support.chats.getChat(first.chat))!;
  assert.equal(stored.question, 'second, better worded');
  assert.equal((await guest.get('support_mine')).chat.chat, first.chat);
  assert.deepEqual((await guest.call('support_leave')), { left: true });
  await server.services.support.settled(first.chat);
  const left = (await server.services.support.chats.getChat(first.chat))!;
  assert.deepEqual([left.state, left.endedBy, left.endReason], ['ended', guest.user.id, 'left']);
  assert.equal((await guest.get('support_mine')).chat, null);
});

test('a closed queue answers 409 with the reason, when to come back and the forum link', async () => {
  const monitor = await server.user('c-monitor', ['monitor']);
  const guest = await server.user('c-guest', ['guest']);
  await monitor.call('support_queue_close', { reason: 'Team meeting' });
  const refused = await guest.raw('POST', '/api/support_ask', { question: 'Sync & "tabs"?' });
  assert.equal(refused.status, 409);
  assert.equal(refused.body.error.code, 'queue_closed');
  assert.equal(refused.body.error.state, 'closed');
  assert.equal(refused.body.error.reason, 'manual');
  assert.equal(refused.body.error.message, 'Team meeting');
  assert.equal(refused.body.error.forumUrl, 'https://forum.example.org/new?q=Sync%20%26%20%22tabs%22%3F');
  assert.equal((await guest.get('support_info', { question: 'x y' })).forumUrl, 'https://forum.example.org/new?q=x%20y');
  await monitor.call('support_queue_open', { followHours: true });
  assert.equal((await guest.get('support_info')).state, 'open');
  assert.equal(await status(guest.call('support_queue_close', { reason: 'mine' })), '403 monitor_only');
});

test('metadata is validated and bounded', async () => {
  const guest = await server.user('v-guest', ['guest']);
  for (const bad of [
    { question: '' },
    { question: 'x'.repeat(2001) },
    { question: 'ok', metadata: { locale: 'not a locale!' } },
    { question: 'ok', metadata: { addons: Array.from({ length: 101 }, (_, i) => `a${i}`) } },
    { question: 'ok', metadata: { fields: { 'bad key': 'x' } } },
  ]) {
    assert.equal(await status(guest.call('support_ask', bad)), '400 bad_request', JSON.stringify(bad).slice(0, 80));
  }
});
