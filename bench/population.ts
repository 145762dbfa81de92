// Users, rooms and connected clients for a phase: signed in, created and joined over HTTP with bounded concurrency.
import { connectLongPoll } from './clients/longpoll.js';
import type { BenchClient } from './clients/client.js';
import { connectWs } from './clients/ws.js';
import { pool, type Target } from './http.js';
import { createRoom, join, signIn, type Session } from './session.js';
import type { Recorder } from './step.js';

export type Transport = 'ws' | 'longpoll';

export interface Member {
  session: Session;
  room: string;
}

/** `rooms` conferences of `size` members each; the first member creates the room, the others join it. */
export async function populate(target: Target, prefix: string, rooms: number, size: number, concurrency: number): Promise<Member[][]> {
  const names = Array.from({ length: rooms * size }, (_, i) => `${prefix}r${Math.floor(i / size)}u${i % size}`);
  const sessions = await pool(names, concurrency, (name) => signIn(target, name));
  const owners = Array.from({ length: rooms }, (_, r) => sessions[r * size]);
  const ids = await pool(owners, concurrency, (owner, r) => createRoom(target, owner, `${prefix}room${r}`));
  const joiners = sessions.flatMap((s, i) => (i % size === 0 ? [] : [{ s, room: ids[Math.floor(i / size)] }]));
  await pool(joiners, concurrency, ({ s, room }) => join(target, s, room));
  return ids.map((room, r) => sessions.slice(r * size, (r + 1) * size).map((session) => ({ session, room })));
}

/**
 * Connects every member. The result interleaves rooms (member 0 of each room, then member 1 ...), so a sender
 * chosen round-robin from it visits every room in turn.
 */
export async function connectAll(target: Target, members: Member[][], transport: Transport, recorder: Recorder, concurrency: number): Promise<BenchClient[]> {
  const order: Member[] = [];
  for (let u = 0; u < members[0].length; u++) for (const room of members) order.push(room[u]);
  const connect = transport === 'ws' ? connectWs : connectLongPoll;
  return pool(order, concurrency, (m) => connect(target, m.session, m.room, recorder));
}
