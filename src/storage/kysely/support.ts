// Support chats and the dispatch log (written by src/services/support/).
import type { Kysely, Selectable, Updateable } from 'kysely';
import type { Store, SupportChat, SupportChatState } from '../store.js';
import type { Database, SupportChatsTable } from './schema.js';

type SupportMethods = Pick<
  Store,
  'createSupportChat' | 'updateSupportChat' | 'getSupportChat' | 'supportChatForRoom' | 'listSupportChats' | 'appendDispatchLog' | 'dispatchLog'
>;

const nullableNumber = (v: number | string | null) => (v === null ? null : Number(v));

function toSupportChat(row: Selectable<SupportChatsTable>): SupportChat {
  return {
    id: row.id,
    roomId: row.room_id,
    guestId: row.guest_id,
    helperId: row.helper_id,
    state: row.state as SupportChatState,
    question: row.question,
    metadata: JSON.parse(row.metadata) as Record<string, unknown>,
    queuedAt: Number(row.queued_at),
    assignedAt: nullableNumber(row.assigned_at),
    endedAt: nullableNumber(row.ended_at),
    endedBy: row.ended_by,
    endReason: row.end_reason,
  };
}

export function supportMethods(db: Kysely<Database>): SupportMethods {
  const chats = () => db.selectFrom('support_chats').selectAll();
  return {
    async createSupportChat(chat) {
      await db
        .insertInto('support_chats')
        .values({
          id: chat.id,
          room_id: chat.roomId,
          guest_id: chat.guestId,
          helper_id: chat.helperId,
          state: chat.state,
          question: chat.question,
          metadata: JSON.stringify(chat.metadata),
          queued_at: chat.queuedAt,
          assigned_at: chat.assignedAt,
          ended_at: chat.endedAt,
          ended_by: chat.endedBy,
          end_reason: chat.endReason,
        })
        .execute();
    },

    async updateSupportChat(id, changes) {
      const set: Updateable<SupportChatsTable> = {};
      if (changes.roomId !== undefined) set.room_id = changes.roomId;
      if (changes.helperId !== undefined) set.helper_id = changes.helperId;
      if (changes.state !== undefined) set.state = changes.state;
      if (changes.question !== undefined) set.question = changes.question;
      if (changes.metadata !== undefined) set.metadata = JSON.stringify(changes.metadata);
      if (changes.assignedAt !== undefined) set.assigned_at = changes.assignedAt;
      if (changes.endedAt !== undefined) set.ended_at = changes.endedAt;
      if (changes.endedBy !== undefined) set.ended_by = changes.endedBy;
      if (changes.endReason !== undefined) set.end_reason = changes.endReason;
      if (Object.keys(set).length === 0) return;
      await db.updateTable('support_chats').set(set).where('id', '=', id).execute();
    },

    async getSupportChat(id) {
      const row = await chats().where('id', '=', id).executeTakeFirst();
      return row && toSupportChat(row);
    },

    async supportChatForRoom(roomId) {
      const row = await chats().where('room_id', '=', roomId).orderBy('queued_at', 'desc').orderBy('id').limit(1).executeTakeFirst();
      return row && toSupportChat(row);
    },

    async listSupportChats(filter) {
      let query = chats();
      if (filter.states) query = filter.states.length ? query.where('state', 'in', filter.states) : query.where('id', 'is', null);
      if (filter.guestId !== undefined) query = query.where('guest_id', '=', filter.guestId);
      if (filter.helperId !== undefined) query = query.where('helper_id', '=', filter.helperId);
      const rows = await query.orderBy('queued_at', 'desc').orderBy('id').limit(filter.limit ?? 100).execute();
      return rows.map(toSupportChat);
    },

    async appendDispatchLog(lines) {
      if (lines.length === 0) return;
      await db
        .insertInto('dispatch_log')
        .values(lines.map((l) => ({ chat_id: l.chatId, guest_id: l.guestId, at: l.at, entry: JSON.stringify(l.entry) })))
        .execute();
    },

    async dispatchLog(chatId) {
      const rows = await db.selectFrom('dispatch_log').selectAll().where('chat_id', '=', chatId).orderBy('id').execute();
      return rows.map((r) => ({ chatId: r.chat_id, guestId: r.guest_id, at: Number(r.at), entry: JSON.parse(r.entry) as Record<string, unknown> }));
    },
  };
}
