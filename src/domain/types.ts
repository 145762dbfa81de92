// The nouns of Parakeet. Plain data, shared by the domain, the storage seam and the transports.

export type RoomKind = 'conference' | 'support' | 'direct';

/** Per-room roles, strongest first. */
export const ROLES = ['owner', 'op', 'halfop', 'member', 'watcher'] as const;
export type Role = (typeof ROLES)[number];

export const USER_STATUSES = ['online', 'away', 'busy', 'offline'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

/** Site-wide roles, from local accounts or from Django groups and permissions. */
export type GlobalRole = 'admin' | 'monitor' | 'helper' | 'trainee' | 'guest';

export interface UserRef {
  id: string;
  name: string;
}

export interface User {
  id: string;
  /** Unique login name. */
  name: string;
  displayName: string;
  /** Where the account comes from: our own table, a Django site, or an anonymous guest. */
  source: 'local' | 'django' | 'guest';
  externalId: string | null;
  passwordHash: string | null;
  roles: GlobalRole[];
  createdAt: number;
}

export interface Room {
  id: string;
  kind: RoomKind;
  name: string;
  topic: string;
  inviteOnly: boolean;
  createdBy: string;
  createdAt: number;
  /** Highest seq allocated in this room (0 when empty). */
  lastSeq: number;
  /** UTF-8 bytes of all message bodies stored in this room. */
  bytes: number;
}

export interface Membership {
  room: string;
  user: string;
  role: Role;
  /** Seq of the join event: the member sees events from here on. */
  joinedSeq: number;
  /** Seq of the part/kick/ban event that ended the membership, or null while a member. */
  leftSeq: number | null;
}

export interface Ban {
  room: string;
  user: string;
  by: string;
  reason: string;
  createdAt: number;
}

/** Kinds of durable events: each one is stored with a per-room seq. */
export const DURABLE_KINDS = ['message', 'join', 'part', 'topic', 'invite', 'kick', 'ban', 'unban', 'role'] as const;
export type DurableKind = (typeof DURABLE_KINDS)[number];

/** One stored row of a room's log. */
export interface StoredMessage {
  room: string;
  seq: number;
  kind: DurableKind;
  author: UserRef | null;
  /** For private messages: the one recipient. Null means every member. */
  to: UserRef | null;
  body: string | null;
  html: string | null;
  /** Kind-specific details (target user, reason, topic, role). */
  data: Record<string, unknown> | null;
  clientId: string | null;
  /** Server time, ms since epoch. */
  time: number;
  /** 'staff': seen by the room's staff only (whispers, notes, a monitor's silent join). Absent: the usual rules. */
  audience?: Audience;
}

/** Who besides the usual members may not see an event: 'staff' hides it from everyone who is not staff. */
export type Audience = 'staff';

export interface ChatSession {
  id: string;
  userId: string;
  createdAt: number;
  expiresAt: number;
}
