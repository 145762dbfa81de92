// The delivery contract: a client that comes back with its last cursor receives every durable event it missed
// exactly once, in per-room order, whichever transport it left and whichever it returns on; when recovery is
// impossible it is told to resync.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ChatClient, TRANSPORTS, type Item, type Listener, type Transport } from '../support/client.js';
import { seededRandom, seedFromEnv } from '../support/random.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

describe('resume from a cursor', () => {
  for (const from of TRANSPORTS) {
    for (const to of TRANSPORTS) {
      test(`${from} → ${to}: the missed messages arrive once, in order`, async () => {
        const a = await ChatClient.dev(server.url, `res-a-${from}-${to}`);
        const b = await ChatClient.dev(server.url, `res-b-${from}-${to}`);
        const { room } = await a.call('create_room', { kind: 'conference', name: 'Resume' });
        await b.call('join', { room: room.id });
        const first = await b.listen(from);
        await a.call('message', { room: room.id, body: 'before' });
        await first.waitFor((e) => e.some((x) => x.payload?.body === 'before'));
        const cursor = first.cursor();
        await first.close();
        for (const body of ['while away 1', 'while away 2']) await a.call('message', { room: room.id, body });
        const second = await b.listen(to, cursor);
        await a.call('message', { room: room.id, body: 'after' });
        await second.waitFor((e) => e.some((x) => x.payload?.body === 'after'));
        assert.deepEqual(second.messages().map((x) => x.payload.body), ['while away 1', 'while away 2', 'after']);
        await second.close();
      });
    }
  }

  test('a room joined while away is followed from the join; a room left while away is finished up to the part', async () => {
    const a = await ChatClient.dev(server.url, 'away-a');
    const b = await ChatClient.dev(server.url, 'away-b');
    const { room: kept } = await a.call('create_room', { kind: 'conference', name: 'Left' });
    const { room: later } = await a.call('create_room', { kind: 'conference', name: 'Later' });
    await b.call('join', { room: kept.id });
    const first = await b.listen('websocket');
    const cursor = first.cursor();
    await first.close();
    await a.call('message', { room: kept.id, body: 'last words' });
    await b.call('part', { room: kept.id });
    await a.call('message', { room: kept.id, body: 'after b left' });
    await b.call('join', { room: later.id });
    await a.call('message', { room: later.id, body: 'welcome' });
    const second = await b.listen('longpoll', cursor);
    await second.waitFor((e) => e.some((x) => x.payload?.body === 'welcome'));
    assert.deepEqual(second.durable(kept.id).map((x) => x.type), ['message', 'part']);
    assert.deepEqual(second.durable(later.id).map((x) => [x.type, x.payload.body]), [['join', undefined], ['message', 'welcome']]);
    assert.ok(!second.events.some((x) => x.payload?.body === 'after b left'));
    await second.close();
  });

  test('a cursor from another epoch gets resync; a cursor ahead of storage gets resync for that room', async () => {
    const a = await ChatClient.dev(server.url, 'epoch-a');
    const { room } = await a.call('create_room', { kind: 'conference', name: 'Epoch' });
    await a.call('message', { room: room.id, body: 'one' });
    for (const transport of TRANSPORTS) {
      const stale = await a.listen(transport, `someOtherEpoch.${room.id}:1`);
      await stale.waitFor((e) => e.some((x) => x.type === 'resync'));
      assert.equal(stale.events[0].payload.reason, 'epoch_changed');
      await stale.close();
      const ahead = await a.listen(transport, `${server.services.store.epoch}.${room.id}:99`);
      await ahead.waitFor((e) => e.some((x) => x.type === 'resync'));
      assert.deepEqual([ahead.events[0].room, ahead.events[0].payload], [room.id, { reason: 'cursor_ahead', seq: 2 }]);
      await ahead.close();
    }
  });
});

test('a cursor further behind than the recovery limit gets resync, not a replay', async () => {
  const small = await startTestServer({ recoveryLimit: 5 });
  try {
    const a = await ChatClient.dev(small.url, 'old-a');
    const { room } = await a.call('create_room', { kind: 'conference', name: 'Old' });
    const l = await a.listen('websocket');
    const cursor = l.cursor();
    await l.close();
    for (let i = 0; i < 10; i++) await a.call('message', { room: room.id, body: `m${i}` });
    const back = await a.listen('sse', cursor);
    await back.waitFor((e) => e.some((x) => x.type === 'resync'));
    assert.deepEqual(back.events.map((x) => x.type), ['resync']);
    assert.deepEqual(back.events[0].payload, { reason: 'cursor_too_old', seq: 11 });
    await a.call('message', { room: room.id, body: 'fresh' });
    await back.waitFor((e) => e.some((x) => x.payload?.body === 'fresh'));
    await back.close();
  } finally {
    await small.close();
  }
});

test('loss test: 10,000 messages while receivers drop and come back at random on random transports', async () => {
  const seed = seedFromEnv();
  const random = seededRandom(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
  const senders = await Promise.all([0, 1, 2, 3].map((i) => ChatClient.dev(server.url, `loss-s${i}`)));
  const rooms: string[] = [];
  for (const i of [0, 1]) rooms.push((await senders[0].call('create_room', { kind: 'conference', name: `Loss ${i}` })).room.id);
  for (const s of senders.slice(1)) for (const r of rooms) await s.call('join', { room: r });

  interface Receiver {
    client: ChatClient;
    listener: Listener;
    got: Item[];
    reconnects: number;
  }
  const receivers: Receiver[] = [];
  for (let i = 0; i < 6; i++) {
    const client = await ChatClient.dev(server.url, `loss-r${i}`);
    for (const r of rooms) await client.call('join', { room: r });
    receivers.push({ client, listener: await client.listen(pick(TRANSPORTS)), got: [], reconnects: 0 });
  }
  const harvest = (r: Receiver) => {
    r.got.push(...r.listener.messages());
    r.listener.events.length = 0;
  };

  let running = true;
  const chaos = (async () => {
    while (running) {
      await new Promise((resolve) => setTimeout(resolve, 20 + random() * 150));
      const r = pick(receivers);
      const cursor = r.listener.cursor();
      harvest(r);
      await r.listener.close();
      harvest(r); // anything that raced in before the close
      const transport: Transport = pick(TRANSPORTS);
      r.listener = await r.client.listen(transport, cursor);
      r.reconnects += 1;
    }
  })();

  const TOTAL = 10_000;
  let next = 0;
  const acked = new Map<string, number[]>(rooms.map((r) => [r, []]));
  await Promise.all(
    senders.map(async (s) => {
      while (next < TOTAL) {
        const n = next++;
        const room = rooms[n % 2];
        const r = await s.call('message', { room, body: `n${n}`, clientId: `m${n}` });
        acked.get(room)!.push(r.seq);
      }
    }),
  );
  running = false;
  await chaos;
  for (const r of receivers) {
    await r.listener.waitFor(() => {
      const seen = r.got.length + r.listener.messages().length;
      return seen >= TOTAL;
    }, 20_000, `all ${TOTAL} messages (seed ${seed})`).catch(() => undefined);
    harvest(r);
    await r.listener.close();
  }
  for (const r of receivers) {
    for (const room of rooms) {
      const seqs = r.got.filter((e) => e.room === room).map((e) => e.seq as number);
      const expected = [...acked.get(room)!].sort((x, y) => x - y);
      assert.equal(seqs.length, expected.length, `seed ${seed}: ${r.client.user.name} got ${seqs.length} of ${expected.length} in a room (${r.reconnects} reconnects)`);
      assert.deepEqual(seqs, expected, `seed ${seed}: every message exactly once, in order`);
    }
    assert.ok(r.reconnects > 0 || receivers.some((x) => x.reconnects > 0));
  }
  const total = receivers.reduce((n, r) => n + r.reconnects, 0);
  assert.ok(total >= 10, `the chaos really happened (${total} reconnects)`);
});
