// The first schema: every table of the Store, plus the database epoch.
import { randomBytes } from 'node:crypto';
import { sql, type CreateTableBuilder, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../connect.js';

// Indexed text needs a length on MySQL; ids are opaque strings well under 64 characters.
const ID = 'varchar(64)';
const NAME = 'varchar(191)';
const SHORT = 'varchar(32)';

export function initial(dialect: Dialect): Migration {
  // A 30 KB body fits MySQL TEXT (64 KB) but its rendered HTML may not: MEDIUMTEXT holds 16 MB.
  const longText = dialect === 'mysql' ? sql`mediumtext` : sql`text`;
  // MySQL: utf8mb4 for the full Unicode range, binary collation so names compare like PostgreSQL and SQLite do.
  const table = <T extends string, C extends string>(builder: CreateTableBuilder<T, C>) =>
    dialect === 'mysql' ? builder.modifyEnd(sql`engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin`) : builder;

  return {
    async up(db: Kysely<any>) {
      await table(
        db.schema
          .createTable('meta')
          .addColumn('key', NAME, (c) => c.primaryKey())
          .addColumn('value', 'text', (c) => c.notNull()),
      ).execute();

      await table(
        db.schema
          .createTable('users')
          .addColumn('id', ID, (c) => c.primaryKey())
          .addColumn('name', NAME, (c) => c.notNull().unique())
          .addColumn('display_name', 'varchar(255)', (c) => c.notNull())
          .addColumn('source', SHORT, (c) => c.notNull())
          .addColumn('external_id', NAME)
          .addColumn('password_hash', 'varchar(255)')
          .addColumn('roles', 'text', (c) => c.notNull())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addUniqueConstraint('users_source_external_id', ['source', 'external_id']),
      ).execute();

      await table(
        db.schema
          .createTable('sessions')
          .addColumn('id', 'varchar(128)', (c) => c.primaryKey())
          .addColumn('user_id', ID, (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('expires_at', 'bigint', (c) => c.notNull()),
      ).execute();

      await table(
        db.schema
          .createTable('rooms')
          .addColumn('id', ID, (c) => c.primaryKey())
          .addColumn('kind', SHORT, (c) => c.notNull())
          .addColumn('name', 'varchar(255)', (c) => c.notNull())
          .addColumn('topic', 'text', (c) => c.notNull())
          .addColumn('invite_only', 'integer', (c) => c.notNull())
          .addColumn('created_by', ID, (c) => c.notNull())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('last_seq', 'bigint', (c) => c.notNull().defaultTo(0))
          .addColumn('bytes', 'bigint', (c) => c.notNull().defaultTo(0)),
      ).execute();

      await table(
        db.schema
          .createTable('memberships')
          .addColumn('room_id', ID, (c) => c.notNull().references('rooms.id').onDelete('cascade'))
          .addColumn('user_id', ID, (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('role', SHORT, (c) => c.notNull())
          .addColumn('joined_seq', 'bigint', (c) => c.notNull())
          .addColumn('left_seq', 'bigint')
          .addPrimaryKeyConstraint('memberships_pk', ['room_id', 'user_id']),
      ).execute();
      // listMemberships(user).
      await db.schema.createIndex('memberships_user').on('memberships').column('user_id').execute();

      await table(
        db.schema
          .createTable('invites')
          .addColumn('room_id', ID, (c) => c.notNull().references('rooms.id').onDelete('cascade'))
          .addColumn('user_id', ID, (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addPrimaryKeyConstraint('invites_pk', ['room_id', 'user_id']),
      ).execute();

      await table(
        db.schema
          .createTable('bans')
          .addColumn('room_id', ID, (c) => c.notNull().references('rooms.id').onDelete('cascade'))
          .addColumn('user_id', ID, (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('by_id', ID, (c) => c.notNull())
          .addColumn('reason', 'text', (c) => c.notNull())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('bans_pk', ['room_id', 'user_id']),
      ).execute();

      // The primary key (room_id, seq) serves every log read: a range scan in seq order.
      await table(
        db.schema
          .createTable('messages')
          .addColumn('room_id', ID, (c) => c.notNull().references('rooms.id').onDelete('cascade'))
          .addColumn('seq', 'bigint', (c) => c.notNull())
          .addColumn('kind', SHORT, (c) => c.notNull())
          .addColumn('author_id', ID)
          .addColumn('author_name', NAME)
          .addColumn('to_id', ID)
          .addColumn('to_name', NAME)
          .addColumn('body', longText)
          .addColumn('html', longText)
          .addColumn('data', longText)
          .addColumn('client_id', 'varchar(128)')
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('messages_pk', ['room_id', 'seq'])
          // Idempotent sends; NULL client ids never collide on any of the three dialects.
          .addUniqueConstraint('messages_author_client', ['author_id', 'client_id']),
      ).execute();

      // The epoch: a cursor minted against another database must not resume here.
      await db.insertInto('meta').values({ key: 'epoch', value: randomBytes(18).toString('base64url') }).execute();
    },
  };
}
