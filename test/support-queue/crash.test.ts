// The support queue across kill -9 of a real server process (SQLite): the chat in progress keeps its helper's seat
// and can be ended by either side, the waiting guests are still in line in their order, and nobody ever has two
// helpers. Dev sign-in makes helpers of everyone, so only those who set a duty status take offers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChatClient, type Item, type Listener } from '../support/client.js';
import { freePort, ServerProcess } from '../support/process.js';

const offersTo = (l: Listener) => l.events.filter((e) => e.type === 'support_offer').map((e) => e.payload as Item);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const status = (p: Promise<unknown>) => p.then(() => 200, (e: { status?: number; code?: string }) => `${e.status} ${e.code}`);

/** Every guest at most once: waiting or in one chat; every helper's load within their limit. */
function assertSound(view: Item): void {
  const guests = [...view.waiting.map((w: Item) => w.guest.id), ...view.chats.map((c: Item) => c.guest.id)];
  assert.equal(new Set(guests).size, guests.length, `a guest in two places: ${JSON.stringify(view)}`);
  for (const h of view.helpers) assert.ok(h.load <= Math.max(h.limit, h.chats.length), `helper over the limit: ${JSON.stringify(h)}`);
  for (const w of view.waiting) if (w.offeredTo) assert.ok(!view.chats.some((c: Item) => c.guest.id === w.guest.id));
}

test('kill -9 with guests waiting and a chat in progress: the chat goes on and ends, the line keeps its order', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'parakeet-queue-crash-'));
  const server = new ServerProcess(await freePort(), `sqlite:${join(dir, 'db.sqlite')}`);
  await server.start();
  try {
    const helper = await ChatClient.dev(server.url, 'x-helper');
    await helper.useWebSocket();
    await helper.call('support_status', { status: 'available' });
    const inChat = await ChatClient.dev(server.url, 'x-guest');
    const { chat } = await inChat.call('support_ask', { question: 'my printer' });
    await helper.commandSocket!.waitFor((es) => es.some((e) => e.type === 'support_offer'), 5000, 'the offer');
    const { room } = await helper.call('support_accept', { offer: offersTo(helper.commandSocket!)[0].offer });
    await helper.call('message', { room, body: 'hello before the crash', clientId: 'h1' });
    const waiting = [];
    for (const name of ['x-w1', 'x-w2', 'x-w3']) {
      const g = await ChatClient.dev(server.url, name);
      waiting.push({ client: g, chat: (await g.call('support_ask', { question: `from ${name}` })).chat as string });
    }
    await pause(100); // the last rows are stored; the last snapshot may or may not be

    assert.equal(await server.stop('SIGKILL'), null);
    await server.start();

    // The guest's chat is still theirs, in the same room, and still holds the helper's only seat.
    const mine = (await inChat.get('support_mine')).chat;
    assert.deepEqual([mine.chat, mine.state, mine.room], [chat, 'active', room]);
    for (const [i, w] of waiting.entries()) {
      const theirs = (await w.client.get('support_mine')).chat;
      assert.deepEqual([theirs.chat, theirs.state, theirs.position], [w.chat, 'queued', i + 1], `waiting guest ${i + 1} keeps their place`);
    }
    await helper.useWebSocket();
    const events = helper.commandSocket!;
    let view = await helper.get('support_queue');
    assertSound(view);
    assert.deepEqual(view.waiting.map((w: Item) => w.chat), waiting.map((w) => w.chat), 'in the order they came');
    assert.deepEqual(view.chats.map((c: Item) => c.chat), [chat]);
    assert.deepEqual(view.helpers.find((h: Item) => h.helper.id === helper.user.id)?.chats, [chat]);
    // Back on duty (by reconnecting, or saying so): at the limit, so no offer.
    await helper.call('support_status', { status: 'available' });
    await pause(1500);
    assert.equal(offersTo(events).length, 0, 'no offer beyond the limit of 1');
    assert.deepEqual((await helper.get('history', { room })).events.filter((e: Item) => e.type === 'message').map((e: Item) => e.payload.body), ['hello before the crash']);

    // The guest can end it (the helper could too: the chat is known again); the seat goes to the first in line.
    await inChat.call('support_end', { chat, reason: 'fixed' });
    assert.equal(await status(helper.call('support_end', { chat })), '404 no_such_chat', 'ended once');
    await events.waitFor((es) => es.some((e) => e.type === 'support_offer'), 5000, 'the next offer');
    const next = offersTo(events)[0];
    assert.equal(next.chat, waiting[0].chat);
    const second = await helper.call('support_accept', { offer: next.offer });
    view = await helper.get('support_queue');
    assertSound(view);
    assert.deepEqual(view.waiting.map((w: Item) => w.chat), waiting.slice(1).map((w) => w.chat));
    // The helper ends this one: the helper's side works as well.
    await helper.call('support_end', { chat: second.chat, reason: 'done' });
    assert.equal((await inChat.get('support_mine')).chat, null);
    await events.close();
  } finally {
    await server.stop('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  }
});
