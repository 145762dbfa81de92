// The staff features: staff-only events (messages.audience), the monitor action log, canned responses, chat
// tags, chat outcomes (follow-up flag, survey answer) and the webhook delivery log.
import { sql, type CreateTableBuilder, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../connect.js';

const ID = 'varchar(64)';

export function staff(dialect: Dialect): Migration {
  const longText = dialect === 'mysql' ? sql`mediumtext` : sql`text`;
  const table = <T extends string, C extends string>(builder: CreateTableBuilder<T, C>) =>
    dialect === 'mysql' ? builder.modifyEnd(sql`engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin`) : builder;

  return {
    async up(db: Kysely<any>) {
      // Null for the usual rules; 'staff' hides the event from viewers who are not staff.
      await db.schema.alterTable('messages').addColumn('audience', 'varchar(16)').execute();

      await table(
        db.schema
          .createTable('monitor_actions')
          .addColumn('id', ID, (c) => c.primaryKey())
          .addColumn('chat_id', ID, (c) => c.notNull())
          .addColumn('monitor_id', ID, (c) => c.notNull())
          .addColumn('monitor_name', 'varchar(255)', (c) => c.notNull())
          .addColumn('action', 'varchar(32)', (c) => c.notNull())
          .addColumn('detail', 'text', (c) => c.notNull())
          .addColumn('created_at', 'bigint', (c) => c.notNull()),
      ).execute();
      await db.schema.createIndex('monitor_actions_chat').on('monitor_actions').columns(['chat_id', 'created_at']).execute();

      // owner_id '' marks a shared response, so (owner_id, shortcode) is unique on every dialect.
      await table(
        db.schema
          .createTable('canned_responses')
          .addColumn('id', ID, (c) => c.primaryKey())
          .addColumn('owner_id', ID, (c) => c.notNull())
          .addColumn('shortcode', 'varchar(64)', (c) => c.notNull())
          .addColumn('title', 'varchar(255)', (c) => c.notNull())
          .addColumn('body', longText, (c) => c.notNull())
          .addColumn('updated_by', ID, (c) => c.notNull())
          .addColumn('updated_at', 'bigint', (c) => c.notNull())
          .addUniqueConstraint('canned_owner_shortcode', ['owner_id', 'shortcode']),
      ).execute();

      await table(
        db.schema
          .createTable('chat_tags')
          .addColumn('chat_id', ID, (c) => c.notNull())
          .addColumn('tag', 'varchar(64)', (c) => c.notNull())
          .addColumn('source', 'varchar(16)', (c) => c.notNull())
          .addColumn('added_by', ID)
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('chat_tags_pk', ['chat_id', 'tag']),
      ).execute();
      await db.schema.createIndex('chat_tags_tag').on('chat_tags').column('tag').execute();

      await table(
        db.schema
          .createTable('chat_outcomes')
          .addColumn('chat_id', ID, (c) => c.primaryKey())
          .addColumn('follow_up', 'integer', (c) => c.notNull())
          .addColumn('follow_up_by', ID)
          .addColumn('follow_up_at', 'bigint')
          .addColumn('rating', 'integer')
          .addColumn('comment', 'text')
          .addColumn('answered_at', 'bigint'),
      ).execute();

      await table(
        db.schema
          .createTable('webhook_deliveries')
          .addColumn('id', ID, (c) => c.primaryKey())
          .addColumn('event', 'varchar(32)', (c) => c.notNull())
          .addColumn('url', 'text', (c) => c.notNull())
          .addColumn('body', longText, (c) => c.notNull())
          .addColumn('state', 'varchar(16)', (c) => c.notNull())
          .addColumn('attempts', 'integer', (c) => c.notNull())
          .addColumn('next_at', 'bigint')
          .addColumn('last_status', 'integer')
          .addColumn('last_error', 'text')
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('updated_at', 'bigint', (c) => c.notNull()),
      ).execute();
      await db.schema.createIndex('webhook_deliveries_due').on('webhook_deliveries').columns(['state', 'next_at']).execute();
    },
  };
}
