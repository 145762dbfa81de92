// The support queue's records: one row per guest request (queued to ended), and the dispatch log that explains
// every offer and assignment, readable per chat by monitors.
import { sql, type CreateTableBuilder, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../connect.js';

const ID = 'varchar(64)';

export function supportChats(dialect: Dialect): Migration {
  const longText = dialect === 'mysql' ? sql`mediumtext` : sql`text`;
  const table = <T extends string, C extends string>(builder: CreateTableBuilder<T, C>) =>
    dialect === 'mysql' ? builder.modifyEnd(sql`engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin`) : builder;

  return {
    async up(db: Kysely<any>) {
      await table(
        db.schema
          .createTable('support_chats')
          .addColumn('id', ID, (c) => c.primaryKey())
          .addColumn('room_id', ID)
          .addColumn('guest_id', ID, (c) => c.notNull())
          .addColumn('helper_id', ID)
          .addColumn('state', 'varchar(16)', (c) => c.notNull())
          .addColumn('question', 'text', (c) => c.notNull())
          .addColumn('metadata', 'text', (c) => c.notNull())
          .addColumn('queued_at', 'bigint', (c) => c.notNull())
          .addColumn('assigned_at', 'bigint')
          .addColumn('ended_at', 'bigint')
          .addColumn('ended_by', ID)
          .addColumn('end_reason', 'text'),
      ).execute();
      // chatForRoom, a guest's chats, a helper's chats, and the chats in one state.
      await db.schema.createIndex('support_chats_room').on('support_chats').column('room_id').execute();
      await db.schema.createIndex('support_chats_guest').on('support_chats').columns(['guest_id', 'queued_at']).execute();
      await db.schema.createIndex('support_chats_helper').on('support_chats').columns(['helper_id', 'queued_at']).execute();
      await db.schema.createIndex('support_chats_state').on('support_chats').columns(['state', 'queued_at']).execute();

      // An auto-increment id keeps the insertion order, which is the order the queue decided things in.
      await table(
        db.schema
          .createTable('dispatch_log')
          .addColumn('id', dialect === 'postgres' ? 'bigserial' : dialect === 'mysql' ? 'bigint' : 'integer', (c) =>
            dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
          )
          .addColumn('chat_id', ID)
          .addColumn('guest_id', ID, (c) => c.notNull())
          .addColumn('at', 'bigint', (c) => c.notNull())
          .addColumn('entry', longText, (c) => c.notNull()),
      ).execute();
      await db.schema.createIndex('dispatch_log_chat').on('dispatch_log').columns(['chat_id', 'id']).execute();
    },
  };
}
