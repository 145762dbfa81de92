// Rooms and who may be in them: memberships, invites, bans. Writes to the last three happen in append's effects.
import type { Kysely } from 'kysely';
import type { Room } from '../../domain/types.js';
import type { NewRoom, Store } from '../store.js';
import { toBan, toMembership, toRoom } from './rows.js';
import type { Database } from './schema.js';

type RoomMethods = Pick<Store, 'createRoom' | 'getRoom' | 'getMembership' | 'listMembers' | 'listMemberships' | 'isInvited' | 'getBan'>;

export function roomMethods(db: Kysely<Database>): RoomMethods {
  return {
    async createRoom(room: NewRoom): Promise<Room> {
      const row = {
        id: room.id,
        kind: room.kind,
        name: room.name,
        topic: room.topic,
        invite_only: room.inviteOnly ? 1 : 0,
        created_by: room.createdBy,
        created_at: room.createdAt,
        last_seq: 0,
        bytes: 0,
      };
      await db.insertInto('rooms').values(row).execute();
      return toRoom(row);
    },

    async getRoom(id) {
      const row = await db.selectFrom('rooms').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toRoom(row);
    },

    async getMembership(room, user) {
      const row = await db.selectFrom('memberships').selectAll().where('room_id', '=', room).where('user_id', '=', user).executeTakeFirst();
      return row && toMembership(row);
    },

    async listMembers(room) {
      const rows = await db
        .selectFrom('memberships')
        .selectAll()
        .where('room_id', '=', room)
        .where('left_seq', 'is', null)
        .orderBy('joined_seq')
        .orderBy('user_id')
        .execute();
      return rows.map(toMembership);
    },

    async listMemberships(user) {
      const rows = await db.selectFrom('memberships').selectAll().where('user_id', '=', user).orderBy('room_id').execute();
      return rows.map(toMembership);
    },

    async isInvited(room, user) {
      const row = await db.selectFrom('invites').select('user_id').where('room_id', '=', room).where('user_id', '=', user).executeTakeFirst();
      return row !== undefined;
    },

    async getBan(room, user) {
      const row = await db.selectFrom('bans').selectAll().where('room_id', '=', room).where('user_id', '=', user).executeTakeFirst();
      return row && toBan(row);
    },
  };
}
