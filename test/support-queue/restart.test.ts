// The support queue across a restart of the server on the same database, time on a manual clock: waiting guests
// keep their places, chats in progress keep their seats (and can be ended), offers outstanding at the restart are
// revoked, helpers come back on duty only by reconnecting; and steps lost after the last saved snapshot are
// recovered from the stored support_chats rows.
import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { invariantProblems } from '../../src/domain/queue/index.js';
import { ChatClient, type Item, type Listener } from '../support/client.js';
import { ManualClock, startQueueServer, type QueueServer } from './harness.js';

let dir: string;
let databaseUrl: string;
let clock: ManualClock;
const servers: QueueServer[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parakeet-queue-restart-'));
  databaseUrl = `sqlite:${join(dir, 'db.sqlite')}`;
  clock = new ManualClock();
});
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close().catch(() => {});
  await rm(dir, { recursive: true, force: true });
});

async function start(): Promise<QueueServer> {
  const server = await startQueueServer({ databaseUrl }, clock);
  servers.push(server);
  return server;
}

/** The same signed-in user (the session is stored) talking to the restarted server. */
async function again(client: ChatClient, server: QueueServer): Promise<ChatClient> {
  const c = new ChatClient(server.url);
  for (const [k, v] of client.cookies) c.cookies.set(k, v);
  c.user = client.user;
  await c.refreshCsrf();
  return c;
}

const status = (p: Promise<unknown>) => p.then(() => 200, (e: { status?: number; code?: string }) => `${e.status} ${e.code}`);
const offersTo = (l: Listener) => l.events.filter((e) => e.type === 'support_offer').map((e) => e.payload as Item);
async function nextOffer(l: Listener, count: number): Promise<Item> {
  await l.waitFor((es) => es.filter((e) => e.type === 'support_offer').length >= count, 5000, `offer #${count}`);
  return offersTo(l)[count - 1];
}
async function onDuty(server: QueueServer, name: string): Promise<ChatClient> {
  const client = await server.user(name, ['helper']);
  await client.useWebSocket();
  await client.call('support_status', { status: 'available' });
  return client;
}
const line = (server: QueueServer) => server.services.support.queue.state.guests.map((g) => server.services.support.names.get(g.id));

test('a graceful restart: places, positions, seats and offers; support_end works; a full helper gets no extra offer', async () => {
  let server = await start();
  const h1 = await onDuty(server, 'r-h1');
  const g1 = await server.user('r-g1', ['guest']);
  const { chat } = await g1.call('support_ask', { question: 'in a chat' });
  const { room } = await h1.call('support_accept', { offer: (await nextOffer(h1.commandSocket!, 1)).offer });
  const waiting = await Promise.all(['r-g2', 'r-g3', 'r-g4'].map((n) => server.user(n, ['guest'])));
  const asked: Item[] = [];
  for (const g of waiting) asked.push(await g.call('support_ask', { question: `from ${g.user.name}` }));
  // h2 comes on duty and is offered r-g2; the offer is still outstanding at the restart.
  const h2 = await onDuty(server, 'r-h2');
  const pending = await nextOffer(h2.commandSocket!, 1);
  assert.equal(pending.guest.name, 'r-g2');
  const before = server.services.support.queue.estimates().map((e) => e.position);
  assert.deepEqual(before, [0, 1, 2], 'r-g2 on offer, then r-g3 and r-g4');
  clock.advance(5_000);

  await h1.commandSocket!.close();
  await h2.commandSocket!.close();
  await server.close();
  servers.splice(servers.indexOf(server), 1);
  server = await start();
  const support = server.services.support;

  assert.deepEqual(invariantProblems(support.queue.snapshot()), []);
  assert.deepEqual(line(server), ['r-g2', 'r-g3', 'r-g4'], 'the line as it was');
  assert.ok(support.queue.state.guests.every((g) => g.offer === null), 'the outstanding offer was revoked');
  assert.deepEqual(support.queue.estimates().map((e) => [support.names.get(e.guestId), e.position]), [['r-g2', 1], ['r-g3', 2], ['r-g4', 3]]);
  assert.equal((await server.services.store.getSupportChat(asked[0].chat))?.state, 'queued', "r-g2's row is back in line");
  for (const [i, g] of waiting.entries()) {
    const mine = (await (await again(g, server)).get('support_mine')).chat;
    assert.deepEqual([mine.chat, mine.state, mine.position], [asked[i].chat, 'queued', i + 1], `${g.user.name} keeps their place`);
  }
  // The chat in progress still holds h1's seat; both helpers are off duty until they come back.
  assert.deepEqual(support.helper(h1.user.id)!.chats.map((c) => support.byQueueChat.get(c)), [chat]);
  assert.deepEqual([support.helper(h1.user.id)!.status, support.helper(h2.user.id)!.status], ['offline', 'offline']);
  const mine = (await (await again(g1, server)).get('support_mine')).chat;
  assert.deepEqual([mine.chat, mine.state, mine.room], [chat, 'active', room]);

  // h1 reconnects: on duty again by itself, but at the limit of 1, so no offer.
  const h1b = await again(h1, server);
  await h1b.useWebSocket();
  clock.advance(1_000);
  assert.equal(support.helper(h1.user.id)!.status, 'available', 'back on duty by reconnecting');
  clock.advance(1_000);
  assert.equal(offersTo(h1b.commandSocket!).length, 0, 'full: no offer beyond the limit');
  const monitor = await server.user('r-monitor', ['monitor']);
  const view = await monitor.get('support_queue');
  assert.deepEqual(view.helpers.find((x: Item) => x.helper.id === h1.user.id)?.load, 1);
  assert.deepEqual(view.chats.map((c: Item) => c.chat), [chat]);

  // The guest ends the chat: the seat frees, and r-g2 (first in line) is offered to h1.
  const g1b = await again(g1, server);
  await g1b.call('support_end', { chat, reason: 'solved' });
  assert.equal((await server.services.store.getSupportChat(chat))?.state, 'ended');
  const next = await nextOffer(h1b.commandSocket!, 1);
  assert.equal(next.guest.name, 'r-g2');
  assert.equal(support.helper(h2.user.id)!.status, 'offline', 'h2 did not come back');
  const second = await h1b.call('support_accept', { offer: next.offer });
  assert.equal(second.chat, asked[0].chat);
  assert.equal(await status(h1b.call('support_end', { chat })), '404 no_such_chat', 'ended once');
  await h1b.call('support_end', { chat: second.chat });
  await h1b.commandSocket!.close();
});

test('steps lost after the last snapshot (a crash) are recovered from the stored chats', async () => {
  let server = await start();
  const h = await onDuty(server, 'k-h');
  await h.call('support_limit', { limit: 2 });
  const guests = await Promise.all(['k-g1', 'k-g2', 'k-g3', 'k-g4'].map((n) => server.user(n, ['guest'])));
  const asked: Item[] = [];
  for (const g of guests.slice(0, 3)) asked.push(await g.call('support_ask', { question: `from ${g.user.name}` }));
  // Let the debounced save write this state (k-g1 and k-g2 offered to h, k-g3 waiting)...
  await new Promise((resolve) => setTimeout(resolve, 400));
  await server.services.support.settled('queue-state');
  const old = (await server.services.store.loadQueueState())!;
  // ...then h accepts k-g1, k-g4 joins; those steps' rows are stored but the snapshot is the old one.
  const first = await h.call('support_accept', { offer: (await nextOffer(h.commandSocket!, 1)).offer });
  asked.push(await guests[3].call('support_ask', { question: 'from k-g4' }));
  await h.commandSocket!.close();
  await server.close();
  servers.splice(servers.indexOf(server), 1);
  await (async () => {
    // As if the process died before saving again.
    const { openStore } = await import('../../src/storage/kysely/kysely-store.js');
    const store = await openStore(databaseUrl);
    await store.saveQueueState(old.json, old.savedAt);
    await store.close();
  })();
  assert.equal(JSON.parse(old.json).guests.length, 3, 'the old snapshot: three waiting, no chat');

  server = await start();
  const support = server.services.support;
  assert.deepEqual(invariantProblems(support.queue.snapshot()), []);
  assert.deepEqual(line(server), ['k-g2', 'k-g3', 'k-g4'], 'k-g1 is in a chat; k-g4 is back in line after the others');
  assert.deepEqual(support.helper(h.user.id)!.chats.map((c) => support.byQueueChat.get(c)), [first.chat], 'the chat got its seat back');
  assert.equal(support.queue.state.guests.some((g) => g.id === guests[0].user.id), false, 'never both waiting and in a chat');
  // h comes back with a limit of 2: one seat free, one offer (k-g2); k-g1's chat ends normally.
  const hb = await again(h, server);
  await hb.useWebSocket();
  await hb.call('support_status', { status: 'available' });
  const offer = await nextOffer(hb.commandSocket!, 1);
  assert.equal(offer.guest.name, 'k-g2');
  clock.advance(1_000);
  assert.equal(offersTo(hb.commandSocket!).length, 1, 'one free seat, one offer');
  await hb.call('support_end', { chat: first.chat });
  await nextOffer(hb.commandSocket!, 2);
  assert.equal(offersTo(hb.commandSocket!)[1].guest.name, 'k-g3');
  assert.deepEqual(invariantProblems(support.queue.snapshot()), []);
  await hb.commandSocket!.close();
});
