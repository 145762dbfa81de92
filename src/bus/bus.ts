// Fan-out between the process that commits an event and the streams that deliver it.
//
// Contract (every engine):
// - publish delivers at most once to each subscriber of the channel, in publish order per channel.
// - The bus is not storage: a durable event is published only after it is committed, so a subscriber that
//   misses one (a gap in seq, a reconnect) recovers it from the store.
// - Callers publish a room's events in seq order (the chat service serializes appends per room).
import type { ChatEvent } from '../domain/events.js';

/** A membership was gained: the user's streams start following the room from `seq` (the join event). */
export interface JoinedNotice {
  type: '_joined';
  room: string;
  seq: number;
}

export type BusMessage = ChatEvent | JoinedNotice;

export type Channel = `room:${string}` | `user:${string}`;

export interface Bus {
  publish(channel: Channel, message: BusMessage): void;
  /** Returns the unsubscribe function. */
  subscribe(channel: Channel, handler: (message: BusMessage) => void): () => void;
  close(): Promise<void>;
}
