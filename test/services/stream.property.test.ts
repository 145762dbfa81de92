// The delivery contract as a property: over random schedules of messages (public and private), joins, parts,
// kicks, reconnects with the client's cursor, and publishes lost by the bus, a client receives every event it may
// see while a member, exactly once and in per-room order, and nothing it may not see.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Bus, BusMessage, Channel } from '../../src/bus/bus.js';
import { MemoryBus } from '../../src/bus/memory.js';
import { parseCursor } from '../../src/domain/cursor.js';
import type { ChatEvent, DurableEvent } from '../../src/domain/events.js';
import type { UserRef } from '../../src/domain/types.js';
import { ChatService } from '../../src/services/chat.js';
import { EventStream } from '../../src/services/stream.js';
import { openStore } from '../../src/storage/kysely/kysely-store.js';

/** A bus that loses the publishes it is told to: the stream must notice the gap and read storage. */
class LossyBus implements Bus {
  readonly inner = new MemoryBus();
  drop = 0;
  publish(channel: Channel, message: BusMessage): void {
    if (this.drop > 0 && channel.startsWith('room:')) {
      this.drop -= 1;
      return;
    }
    this.inner.publish(channel, message);
  }
  subscribe(channel: Channel, handler: (message: BusMessage) => void) {
    return this.inner.subscribe(channel, handler);
  }
  close() {
    return this.inner.close();
  }
}

type Step =
  | { kind: 'send'; author: 0 | 1 | 2; room: 0 | 1; to: 'none' | 0 | 1 | 2 }
  | { kind: 'join' | 'part' | 'kick'; room: 0 | 1 }
  | { kind: 'reconnect' }
  | { kind: 'drop'; count: 1 | 2 }
  | { kind: 'deliver' };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('send' as const), author: fc.constantFrom(0, 1, 2), room: fc.constantFrom(0, 1), to: fc.constantFrom<'none' | 0 | 1 | 2>('none', 'none', 0, 1, 2) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('join' as const, 'part' as const, 'kick' as const), room: fc.constantFrom(0, 1) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'reconnect' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('drop' as const), count: fc.constantFrom(1, 2) }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'deliver' as const }) },
);

const settle = () => new Promise((resolve) => setTimeout(resolve, 2));

async function run(steps: Step[]): Promise<void> {
  const store = await openStore('sqlite::memory:');
  const bus = new LossyBus();
  let clock = 1;
  let ids = 0;
  const chat = new ChatService(store, bus, { maxBodyBytes: 30_000, maxRoomBytes: 10_000_000, historyDefault: 50, historyMax: 200, kbUrlTemplate: 'https://kb.example/{title}' }, () => clock++, () => `id${ids++}`);
  try {
    const users: UserRef[] = [];
    for (const name of ['viewer', 'owner', 'other']) {
      const u = await store.createUser({ id: name, name, displayName: name, source: 'local', roles: ['helper'], createdAt: 0 });
      users.push({ id: u.id, name: u.displayName });
    }
    const [viewer, owner, other] = users;
    const rooms = [await chat.createRoom(owner, { kind: 'conference', name: 'r0' }), await chat.createRoom(owner, { kind: 'conference', name: 'r1' })];
    await chat.join(other, rooms[0].id);
    await chat.join(other, rooms[1].id);
    await chat.join(viewer, rooms[0].id);
    const member = [true, false];

    const received: ChatEvent[] = [];
    const open = async (cursor: string | null) => {
      const s = new EventStream(store, bus, viewer, { recoveryLimit: 100_000, pageSize: 7, maxPending: 100_000 }, () => clock);
      s.onFailure = (e) => {
        throw e;
      };
      await s.start(cursor === null ? null : parseCursor(cursor));
      return s;
    };
    let stream = await open(null);
    let cursor = stream.cursor();
    // The client starts from now: what came before is history, not stream.
    const startedAt = new Map([...parseCursor(cursor)!.rooms]);
    const deliver = async () => {
      await settle();
      for (const e of stream.take()) {
        received.push(e);
        if (e.type === 'resync' && e.room) {
          // A client answers resync by reading history: what it has not seen, up to the given seq.
          const seen = received.filter((x): x is DurableEvent => 'seq' in x && x.room === e.room).map((x) => x.seq);
          const from = seen.length ? Math.max(...seen) : 0;
          const rows = await store.eventsAfter(e.room, from, 1000, viewer.id, false);
          const { toEvent } = await import('../../src/domain/events.js');
          for (const r of rows) if (r.seq <= (e.payload.seq ?? 0)) received.push(toEvent(r));
        }
      }
      cursor = stream.cursor();
    };

    for (const step of steps) {
      const room = 'room' in step ? rooms[step.room].id : '';
      switch (step.kind) {
        case 'send': {
          const author = users[step.author];
          if (author === viewer && !member[step.room]) break;
          const to = step.to === 'none' ? undefined : users[step.to].id;
          if (to === viewer.id && !member[step.room]) break;
          if (to === author.id) break;
          await chat.send(author, { room, body: `b${clock}`, to });
          break;
        }
        case 'join':
          if (!member[step.room]) await chat.join(viewer, room);
          member[step.room] = true;
          break;
        case 'part':
          if (member[step.room]) await chat.part(viewer, room);
          member[step.room] = false;
          break;
        case 'kick':
          if (member[step.room]) await chat.kick(owner, room, viewer.id, 'x');
          member[step.room] = false;
          break;
        case 'reconnect':
          await deliver();
          stream.close();
          stream = await open(cursor);
          break;
        case 'drop':
          bus.drop += step.count;
          break;
        case 'deliver':
          await deliver();
          break;
      }
    }
    // A last message in each room reveals any trailing gap; then everything settles.
    bus.drop = 0;
    for (const r of rooms) await chat.send(owner, { room: r.id, body: 'last' });
    // Wait (bounded) until the last message of every room the viewer is in has arrived: per-room order then
    // implies everything before it has too, however slowly a loaded machine runs the storage reads.
    const lastSeen = () => rooms.every((r, i) => !member[i] || received.some((e) => e.type === 'message' && e.room === r.id && e.payload.body === 'last'));
    for (let waited = 0; waited < 5000 && !lastSeen(); waited += 10) await deliver();
    await deliver();
    stream.close();

    for (const r of rooms) {
      const log = await store.eventsAfter(r.id, 0, 10_000, viewer.id, false);
      const got = received.filter((x): x is DurableEvent => 'seq' in x && x.room === r.id);
      const seqs = got.map((x) => x.seq);
      assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), 'per-room order');
      assert.equal(new Set(seqs).size, seqs.length, 'exactly once');
      // Membership intervals of the viewer, from the log.
      const intervals: Array<[number, number]> = [];
      for (const m of log) {
        if (m.kind === 'join' && m.author?.id === viewer.id) intervals.push([m.seq, Infinity]);
        const ends = (m.kind === 'part' && m.author?.id === viewer.id) || (m.kind === 'kick' && (m.data as { target?: UserRef } | null)?.target?.id === viewer.id);
        if (ends && intervals.length) intervals[intervals.length - 1][1] = m.seq;
      }
      const during = (seq: number) => seq > (startedAt.get(r.id) ?? 0) && intervals.some(([a, b]) => seq >= a && seq <= b);
      for (const m of log) if (during(m.seq)) assert.ok(seqs.includes(m.seq), `seq ${m.seq} (${m.kind}) in room ${r.name} was missed`);
      for (const e of got) {
        if (e.type === 'message' && e.payload.to) assert.ok([e.payload.to.id, e.payload.author.id].includes(viewer.id), 'a private message of others leaked');
      }
    }
    void other;
  } finally {
    await bus.close();
    await store.close();
  }
}

export { run };
test('exactly once, in order, nothing missed while a member, nothing private leaked (random schedules)', async () => {
  await fc.assert(fc.asyncProperty(fc.array(stepArb, { minLength: 5, maxLength: 60 }), run), { numRuns: 150 });
});
