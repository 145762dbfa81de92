// Kysely table types. Column names are snake_case; `user`/`by` are avoided because they are SQL keywords.
import type { ColumnType } from 'kysely';

/**
 * A BIGINT column: node-postgres returns int8 as a string, the other drivers as a number,
 * so reads go through Number().
 */
export type BigIntColumn = ColumnType<number | string, number, number>;

/** Booleans are stored as 0/1 integers on every dialect. */
export type Flag = ColumnType<number, number, number>;

export interface MetaTable {
  key: string;
  value: string;
}

export interface UsersTable {
  id: string;
  name: string;
  display_name: string;
  source: string;
  external_id: string | null;
  password_hash: string | null;
  /** JSON array of GlobalRole. */
  roles: string;
  created_at: BigIntColumn;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  created_at: BigIntColumn;
  expires_at: BigIntColumn;
  /** The Django session cookie value this chat session was signed in from, or null. */
  django_key: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface RoomsTable {
  id: string;
  kind: string;
  name: string;
  topic: string;
  invite_only: Flag;
  created_by: string;
  created_at: BigIntColumn;
  last_seq: ColumnType<number | string, number | undefined, number>;
  bytes: ColumnType<number | string, number | undefined, number>;
}

export interface MembershipsTable {
  room_id: string;
  user_id: string;
  role: string;
  joined_seq: BigIntColumn;
  left_seq: ColumnType<number | string | null, number | null, number | null>;
}

export interface InvitesTable {
  room_id: string;
  user_id: string;
}

export interface BansTable {
  room_id: string;
  user_id: string;
  by_id: string;
  reason: string;
  created_at: BigIntColumn;
}

export interface MessagesTable {
  room_id: string;
  seq: BigIntColumn;
  kind: string;
  author_id: string | null;
  author_name: string | null;
  to_id: string | null;
  to_name: string | null;
  body: string | null;
  html: string | null;
  /** JSON object. */
  data: string | null;
  client_id: string | null;
  created_at: BigIntColumn;
  /** 'staff' or null (migration 0003-staff). */
  audience: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface SupportChatsTable {
  id: string;
  room_id: string | null;
  guest_id: string;
  helper_id: string | null;
  state: string;
  question: string;
  /** JSON object. */
  metadata: string;
  queued_at: BigIntColumn;
  assigned_at: ColumnType<number | string | null, number | null, number | null>;
  ended_at: ColumnType<number | string | null, number | null, number | null>;
  ended_by: string | null;
  end_reason: string | null;
}

export interface DispatchLogTable {
  /** Auto-increment: the insertion order. */
  id: ColumnType<number | string, never, never>;
  chat_id: string | null;
  guest_id: string;
  at: BigIntColumn;
  /** JSON object. */
  entry: string;
}

/** One row ('main'): the support queue's snapshot as JSON (migration 0005). */
export interface SupportQueueStateTable {
  id: string;
  state: string;
  saved_at: BigIntColumn;
}

export interface Database {
  meta: MetaTable;
  users: UsersTable;
  sessions: SessionsTable;
  rooms: RoomsTable;
  memberships: MembershipsTable;
  invites: InvitesTable;
  bans: BansTable;
  messages: MessagesTable;
  support_chats: SupportChatsTable;
  dispatch_log: DispatchLogTable;
  support_queue_state: SupportQueueStateTable;
}
