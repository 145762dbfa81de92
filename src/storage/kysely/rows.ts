// Row <-> domain mapping. Numbers go through Number() because node-postgres returns BIGINT as a string.
import type { Selectable } from 'kysely';
import type { Ban, DurableKind, GlobalRole, Membership, Role, Room, RoomKind, StoredMessage, User } from '../../domain/types.js';
import type { BansTable, MembershipsTable, MessagesTable, RoomsTable, UsersTable } from './schema.js';

export function toUser(row: Selectable<UsersTable>): User {
  return {
    id: row.id,
    name: row.name,
    displayName: row.display_name,
    source: row.source as User['source'],
    externalId: row.external_id,
    passwordHash: row.password_hash,
    roles: JSON.parse(row.roles) as GlobalRole[],
    createdAt: Number(row.created_at),
  };
}

export function toRoom(row: Selectable<RoomsTable>): Room {
  return {
    id: row.id,
    kind: row.kind as RoomKind,
    name: row.name,
    topic: row.topic,
    inviteOnly: Number(row.invite_only) === 1,
    createdBy: row.created_by,
    createdAt: Number(row.created_at),
    lastSeq: Number(row.last_seq),
    bytes: Number(row.bytes),
  };
}

export function toMembership(row: Selectable<MembershipsTable>): Membership {
  return {
    room: row.room_id,
    user: row.user_id,
    role: row.role as Role,
    joinedSeq: Number(row.joined_seq),
    leftSeq: row.left_seq === null ? null : Number(row.left_seq),
  };
}

export function toBan(row: Selectable<BansTable>): Ban {
  return { room: row.room_id, user: row.user_id, by: row.by_id, reason: row.reason, createdAt: Number(row.created_at) };
}

export function toMessage(row: Selectable<MessagesTable>): StoredMessage {
  return {
    room: row.room_id,
    seq: Number(row.seq),
    kind: row.kind as DurableKind,
    author: row.author_id === null ? null : { id: row.author_id, name: row.author_name ?? '' },
    to: row.to_id === null ? null : { id: row.to_id, name: row.to_name ?? '' },
    body: row.body,
    html: row.html,
    data: row.data === null ? null : (JSON.parse(row.data) as Record<string, unknown>),
    clientId: row.client_id,
    time: Number(row.created_at),
    ...(row.audience === 'staff' ? { audience: 'staff' as const } : {}),
  };
}
