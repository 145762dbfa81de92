// The loss test across a server crash (kill -9) and a graceful restart (SIGTERM), on SQLite and PostgreSQL:
// while three senders send 10,000 messages, receivers drop at random moments and come back on random transports,
// and the server dies once. Every acknowledged message is durable, a sender retrying by clientId stores it once,
// and every receiver ends with each stored message exactly once, in order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChatClient, TRANSPORTS, type Item, type Listener } from '../support/client.js';
import { freshDatabase, unreachableNotice, type DatabaseKind } from '../support/databases.js';
import { freePort, ServerProcess } from '../support/process.js';
import { seededRandom, seedFromEnv } from '../support/random.js';

async function untilServed<T>(attempt: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await attempt();
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50)); // the server is down: retry (a send keeps its clientId)
    }
  }
}

const TOTAL = 10_000;

async function scenario(databaseUrl: string, signal: 'SIGKILL' | 'SIGTERM'): Promise<void> {
  const seed = seedFromEnv();
  const random = seededRandom(seed);
  const server = new ServerProcess(await freePort(), databaseUrl);
  await server.start();
  try {
    const senders = await Promise.all([0, 1, 2].map((i) => ChatClient.dev(server.url, `sender${i}`)));
    const { room } = await senders[0].call('create_room', { kind: 'conference', name: 'Crash' });
    for (const s of senders.slice(1)) await s.call('join', { room: room.id });
    const receivers = await Promise.all(TRANSPORTS.map((t) => ChatClient.dev(server.url, `receiver-${t}`)));
    for (const r of receivers) await r.call('join', { room: room.id });
    const listeners: Listener[] = await Promise.all(receivers.map((r, i) => r.listen(TRANSPORTS[i])));
    const got: Item[][] = receivers.map(() => []);
    let reconnects = 0;
    const harvest = (i: number) => {
      got[i].push(...listeners[i].messages());
      listeners[i].events.length = 0;
    };
    const reconnect = async (i: number) => {
      const cursor = listeners[i].cursor();
      harvest(i);
      await listeners[i].close();
      harvest(i); // anything that raced in before the close
      listeners[i] = await untilServed(() => receivers[i].listen(TRANSPORTS[Math.floor(random() * TRANSPORTS.length)], cursor));
      reconnects += 1;
    };

    // Senders share the work, each retrying a refused or cut request with the same clientId until it is acked.
    let next = 0;
    const acked: number[] = [];
    let crashed = false;
    const sending = Promise.all(
      senders.map(async (sender) => {
        while (next < TOTAL) {
          const n = next++;
          const r = await untilServed(() => sender.call('message', { room: room.id, body: `n${n}`, clientId: `c${n}` }));
          acked.push(r.seq);
        }
      }),
    );
    // Meanwhile receivers drop and come back at random moments, on random transports; once, the server dies.
    const chaos = (async () => {
      while (acked.length < TOTAL) {
        await new Promise((resolve) => setTimeout(resolve, 30 + random() * 150));
        if (!crashed && acked.length >= TOTAL / 3) {
          crashed = true;
          const code = await server.stop(signal);
          if (signal === 'SIGTERM') assert.equal(code, 0, `graceful exit: ${server.output}`);
          // Everyone notices: long-polls answered with reconnect, sockets closed, streams ended.
          await Promise.all(listeners.map((l) => l.waitFor(() => l.closedByServer, 10_000, 'the server to go away')));
          await server.start();
          for (let i = 0; i < listeners.length; i++) await reconnect(i);
          continue;
        }
        await reconnect(Math.floor(random() * listeners.length));
      }
    })();
    await sending;
    await chaos;
    assert.ok(crashed);

    const stored: Item[] = [];
    for (let after = 0; ; ) {
      const page = (await senders[0].get('history', { room: room.id, before: after === 0 ? Number.MAX_SAFE_INTEGER : after, limit: 200 })).events as Item[];
      stored.unshift(...page);
      if (page.length < 200 || page[0].seq === 1) break;
      after = page[0].seq;
    }
    const storedMessages = stored.filter((e) => e.type === 'message');
    assert.equal(storedMessages.length, TOTAL, `seed ${seed}: each clientId stored exactly once despite retries`);
    assert.equal(new Set(storedMessages.map((e) => e.payload.clientId)).size, TOTAL);
    const storedSeqs = new Set(storedMessages.map((e) => e.seq));
    for (const seq of acked) assert.ok(storedSeqs.has(seq), `acknowledged seq ${seq} is durable`);

    // Each receiver comes back once more with its cursor and catches up.
    for (let i = 0; i < listeners.length; i++) {
      await reconnect(i);
      const have = () => got[i].length + listeners[i].messages().length;
      await listeners[i].waitFor(() => have() >= TOTAL, 30_000, `all ${TOTAL} messages (seed ${seed})`).catch(() => undefined);
      harvest(i);
      await listeners[i].close();
      assert.deepEqual(
        got[i].map((e) => e.seq),
        storedMessages.map((e) => e.seq),
        `seed ${seed}: receiver ${i} has every stored message exactly once, in order (${reconnects} reconnects in all)`,
      );
    }
    assert.ok(reconnects >= 10, `the receivers really dropped (${reconnects} reconnects)`);
  } finally {
    await server.stop('SIGKILL');
  }
}

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  for (const signal of ['SIGKILL', 'SIGTERM'] as const) {
    test(`loss test across ${signal === 'SIGKILL' ? 'kill -9' : 'a graceful SIGTERM'} and restart on ${kind}: 10,000 messages, random drops, nothing lost, nothing doubled`, async (t) => {
      if (kind === 'sqlite') {
        const dir = await mkdtemp(join(tmpdir(), 'parakeet-crash-'));
        try {
          await scenario(`sqlite:${join(dir, 'db.sqlite')}`, signal);
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
        return;
      }
      const database = await freshDatabase(kind);
      if (!database) return t.skip(unreachableNotice(kind));
      try {
        await scenario(database.url, signal);
      } finally {
        await database.drop();
      }
    });
  }
}
