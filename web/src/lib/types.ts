// The wire shapes of docs/protocol.md that the web pages use. The nouns the server defines are taken from it.
import type { Role, UserRef, UserStatus } from '../../../src/domain/types.js';

export type { UserRef };

export interface Me {
  id: string;
  name: string;
  displayName: string;
  roles: string[];
  source: string;
}

export type RoomRole = Role;
export type Presence = UserStatus;

export interface Room {
  id: string;
  kind: string;
  name: string;
  topic: string;
  inviteOnly: boolean;
  createdBy: string;
  createdAt: number;
  lastSeq: number;
  role?: RoomRole;
}

export interface Member {
  id: string;
  name: string;
  role: RoomRole;
  status: Presence;
}

export interface Person {
  id: string;
  name: string;
  displayName: string;
}

/** Any event of the stream. Durable events carry room and seq; the payload depends on the type. */
export interface ChatEvent {
  type: string;
  room?: string;
  seq?: number;
  time: number;
  /** 'staff': a whisper, a note or a silent join, seen by staff only (docs/protocol.md "Staff features"). */
  audience?: string;
  // The payload differs per type; readers narrow it with the helpers in events.ts.
  payload: Record<string, unknown>;
}

export interface DurableEvent extends ChatEvent {
  room: string;
  seq: number;
}

export const isDurable = (e: ChatEvent): e is DurableEvent => typeof e.seq === 'number' && typeof e.room === 'string';
