// The storage seam. The domain and services speak this interface; src/storage/kysely/ implements it
// for SQLite, PostgreSQL and MariaDB/MySQL. One contract suite (test/storage/) runs on all three.
import type { StaffStore } from './staff.js';
import type { Audience, Ban, ChatSession, DurableKind, Membership, Role, Room, RoomKind, StoredMessage, User, UserRef } from '../domain/types.js';

/** State changes that commit in the same transaction as the event that announces them. */
export type Effect =
  /** Make `user` an active member with `role` (joinedSeq = this event's seq if it was not active; role updated otherwise). */
  | { kind: 'member'; user: string; role: Role }
  /** End `user`'s membership: leftSeq = this event's seq. */
  | { kind: 'leave'; user: string }
  | { kind: 'topic'; topic: string }
  | { kind: 'invite'; user: string }
  /** An invitation is used up by the join it allowed. */
  | { kind: 'uninvite'; user: string }
  | { kind: 'ban'; user: string; by: string; reason: string }
  | { kind: 'unban'; user: string };

export interface AppendInput {
  room: string;
  kind: DurableKind;
  author: UserRef | null;
  to?: UserRef | null;
  body?: string | null;
  html?: string | null;
  data?: Record<string, unknown> | null;
  /** 'staff': only viewers reading as staff get it back from eventsAfter/eventsBefore. */
  audience?: Audience | null;
  /** Idempotency key, unique per author. A repeat returns the original row with duplicate = true. */
  clientId?: string | null;
  time: number;
  /** If set, refuse when the room's stored body bytes plus this body would exceed it. */
  maxRoomBytes?: number;
  effects?: Effect[];
}

export type AppendResult =
  | { ok: true; message: StoredMessage; duplicate: boolean }
  | { ok: false; reason: 'room_full' | 'no_room' };

export interface NewUser {
  id: string;
  name: string;
  displayName: string;
  source: User['source'];
  externalId?: string | null;
  passwordHash?: string | null;
  roles: User['roles'];
  createdAt: number;
}

/** A chat session as stored: a session signed in from Django remembers which Django session it came from. */
export interface StoredSession extends ChatSession {
  /** The Django session cookie value, re-resolved to notice a Django logout; absent for other sessions. */
  djangoKey?: string;
}

export interface NewRoom {
  id: string;
  kind: RoomKind;
  name: string;
  topic: string;
  inviteOnly: boolean;
  createdBy: string;
  createdAt: number;
}

export type SupportChatState = 'queued' | 'offered' | 'active' | 'ended';

/** One guest's request for help, from asking to the end of the chat (see src/services/support/). */
export interface SupportChat {
  id: string;
  /** The support room, once a helper has taken the chat (kept across a transfer or requeue). */
  roomId: string | null;
  guestId: string;
  /** The current owner: the helper holding the offer or the chat. */
  helperId: string | null;
  state: SupportChatState;
  question: string;
  /** JSON-safe: product, version, os, locale, userAgent (+ parsed), addons, fields, referrer. */
  metadata: Record<string, unknown>;
  queuedAt: number;
  assignedAt: number | null;
  endedAt: number | null;
  /** User id, or null when the system ended it (the guest timed out, the queue closed). */
  endedBy: string | null;
  endReason: string | null;
}

export type SupportChatChanges = Partial<Omit<SupportChat, 'id' | 'guestId' | 'queuedAt'>>;

export interface SupportChatFilter {
  states?: SupportChatState[];
  guestId?: string;
  helperId?: string;
  /** Newest first, at most this many (default 100). */
  limit?: number;
}

/** A support chat's times and owner, for the monitor's statistics (src/domain/support-stats.ts). */
export type SupportChatTimes = Pick<SupportChat, 'id' | 'helperId' | 'queuedAt' | 'assignedAt' | 'endedAt'>;

/** A guest's survey answer (the rating and when it was given). */
export interface SurveyAnswer {
  chat: string;
  rating: number;
  time: number;
}

/** One line of the dispatch log; `entry` is the queue's LogEntry (JSON). */
export interface DispatchLogLine {
  chatId: string | null;
  guestId: string;
  at: number;
  entry: Record<string, unknown>;
}

export interface Store {
  /** Random id fixed when the database is created: a cursor from another epoch cannot be resumed. */
  readonly epoch: string;
  /** Cheap round trip, for /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;

  createUser(user: NewUser): Promise<User>;
  getUser(id: string): Promise<User | undefined>;
  getUserByName(name: string): Promise<User | undefined>;
  getUserByExternalId(source: User['source'], externalId: string): Promise<User | undefined>;
  listUsers(): Promise<User[]>;
  updateUser(id: string, changes: Partial<Pick<User, 'displayName' | 'passwordHash' | 'roles'>>): Promise<void>;

  createSession(session: StoredSession): Promise<void>;
  getSession(id: string): Promise<StoredSession | undefined>;
  deleteSession(id: string): Promise<void>;

  createRoom(room: NewRoom): Promise<Room>;
  getRoom(id: string): Promise<Room | undefined>;
  getMembership(room: string, user: string): Promise<Membership | undefined>;
  /** Active members (leftSeq null). */
  listMembers(room: string): Promise<Membership[]>;
  /** Memberships of a user, active or not, so a resuming client can finish a room it has left. */
  listMemberships(user: string): Promise<Membership[]>;
  isInvited(room: string, user: string): Promise<boolean>;
  getBan(room: string, user: string): Promise<Ban | undefined>;

  /**
   * Allocate the room's next seq, store the event and apply its effects, atomically.
   * Per room, seqs are dense (1, 2, 3, ...) and commit in seq order.
   * When this resolves, the event is durable.
   */
  append(input: AppendInput): Promise<AppendResult>;
  /** Events with seq > afterSeq (ascending, at most limit) that `viewer` may see; staff-only ones only when `staff`. */
  eventsAfter(room: string, afterSeq: number, limit: number, viewer: string, staff?: boolean): Promise<StoredMessage[]>;
  /** Events with seq < beforeSeq (returned ascending, the last `limit` of them) that `viewer` may see; staff-only ones only when `staff`. */
  eventsBefore(room: string, beforeSeq: number, limit: number, viewer: string, staff?: boolean): Promise<StoredMessage[]>;
  /** The staff features' tables (src/storage/staff.ts). */
  readonly staff: StaffStore;

  createSupportChat(chat: SupportChat): Promise<void>;
  updateSupportChat(id: string, changes: SupportChatChanges): Promise<void>;
  getSupportChat(id: string): Promise<SupportChat | undefined>;
  /** The chat a support room serves (the newest, should a room ever serve two). */
  supportChatForRoom(roomId: string): Promise<SupportChat | undefined>;
  listSupportChats(filter: SupportChatFilter): Promise<SupportChat[]>;
  /** Stores lines in the order given. */
  appendDispatchLog(lines: DispatchLogLine[]): Promise<void>;
  /** A chat's lines, oldest first (insertion order). */
  dispatchLog(chatId: string): Promise<DispatchLogLine[]>;
  /** Support chats a window's statistics need: queued before `to` and not ended before `from`, oldest first, at most `limit`. */
  supportChatTimes(from: number, to: number, limit: number): Promise<SupportChatTimes[]>;
  /** Survey answers given in [from, to), oldest first, at most `limit`. */
  surveyAnswers(from: number, to: number, limit: number): Promise<SurveyAnswer[]>;
  /** Replaces the saved support queue state (SupportQueue.snapshot() as JSON text). */
  saveQueueState(json: string, savedAt: number): Promise<void>;
  /** The last saved support queue state, or undefined if none was ever saved. */
  loadQueueState(): Promise<SavedQueueState | undefined>;
}

/** The support queue's state as saved (src/services/support/persist.ts). */
export interface SavedQueueState {
  json: string;
  savedAt: number;
}
