// The delivery contract across a server crash (kill -9) and a graceful restart (SIGTERM), on SQLite and
// PostgreSQL: every acknowledged message is durable, a sender retrying by clientId stores it once, and every
// receiver that comes back with its cursor ends with each stored message exactly once, in order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChatClient, TRANSPORTS, type Item, type Listener } from '../support/client.js';
import { freshDatabase, unreachableNotice, type DatabaseKind } from '../support/databases.js';
import { freePort, ServerProcess } from '../support/process.js';

async function untilAcked<T>(attempt: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await attempt();
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50)); // the server is down: retry, same clientId
    }
  }
}

async function scenario(databaseUrl: string, signal: 'SIGKILL' | 'SIGTERM'): Promise<void> {
  const server = new ServerProcess(await freePort(), databaseUrl);
  await server.start();
  try {
    const sender = await ChatClient.dev(server.url, 'sender');
    const { room } = await sender.call('create_room', { kind: 'conference', name: 'Crash' });
    const receivers = await Promise.all(TRANSPORTS.map((t) => ChatClient.dev(server.url, `receiver-${t}`)));
    for (const r of receivers) await r.call('join', { room: room.id });
    const listeners: Listener[] = await Promise.all(receivers.map((r, i) => r.listen(TRANSPORTS[i])));
    const got: Item[][] = receivers.map(() => []);

    const TOTAL = 400;
    const acked: number[] = [];
    let restarted = false;
    const sending = (async () => {
      for (let n = 0; n < TOTAL; n++) {
        const r = await untilAcked(() => sender.call('message', { room: room.id, body: `n${n}`, clientId: `c${n}` }));
        acked.push(r.seq);
        if (n === 150) {
          const code = await server.stop(signal);
          if (signal === 'SIGTERM') assert.equal(code, 0, `graceful exit: ${server.output}`);
          // Everyone notices: long-polls answered with reconnect, sockets closed, streams ended.
          await Promise.all(listeners.map((l) => l.waitFor(() => l.closedByServer, 10_000, 'the server to go away')));
          await server.start();
          restarted = true;
        }
      }
    })();
    await sending;
    assert.ok(restarted);
    // Each receiver comes back with its cursor, on the next transport along.
    for (let i = 0; i < listeners.length; i++) {
      got[i].push(...listeners[i].messages());
      const cursor = listeners[i].cursor();
      await listeners[i].close();
      listeners[i] = await receivers[i].listen(TRANSPORTS[(i + 1) % TRANSPORTS.length], cursor);
    }
    for (const l of listeners) await l.waitFor((e) => e.some((x) => x.payload?.body === `n${TOTAL - 1}`), 15_000, 'the last message');
    for (let i = 0; i < listeners.length; i++) {
      got[i].push(...listeners[i].messages());
      await listeners[i].close();
    }

    const stored = (await sender.get('history', { room: room.id, limit: 200 })).events as Item[];
    let all = stored;
    while (all[0].seq > 1) all = [...((await sender.get('history', { room: room.id, before: all[0].seq, limit: 200 })).events as Item[]), ...all];
    const storedMessages = all.filter((e) => e.type === 'message');
    assert.equal(storedMessages.length, TOTAL, 'each clientId stored exactly once despite retries');
    assert.deepEqual(new Set(storedMessages.map((e) => e.payload.clientId)).size, TOTAL);
    for (const seq of acked) assert.ok(storedMessages.some((e) => e.seq === seq), `acknowledged seq ${seq} is durable`);
    for (let i = 0; i < got.length; i++) {
      assert.deepEqual(
        got[i].map((e) => e.seq),
        storedMessages.map((e) => e.seq),
        `receiver ${TRANSPORTS[i]} has every stored message exactly once, in order`,
      );
    }
  } finally {
    await server.stop('SIGKILL');
  }
}

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  for (const signal of ['SIGKILL', 'SIGTERM'] as const) {
    test(`${signal === 'SIGKILL' ? 'kill -9' : 'graceful SIGTERM'} and restart on ${kind}: nothing lost, nothing doubled`, async (t) => {
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
