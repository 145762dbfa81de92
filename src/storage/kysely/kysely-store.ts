// openStore: the Kysely implementation of the Store seam for SQLite, PostgreSQL and MariaDB/MySQL.
import { sql } from 'kysely';
import type { Store } from '../store.js';
import { appender } from './append.js';
import { connect } from './connect.js';
import { eventMethods } from './events.js';
import { migrateToLatest, type MigrationLog } from './migrate.js';
import { queueStateMethods } from './queue-state.js';
import { roomMethods } from './rooms.js';
import type { Database } from './schema.js';
import { staffMethods } from './staff.js';
import { statsMethods } from './stats.js';
import { supportMethods } from './support.js';
import { userMethods } from './users.js';

export interface OpenStoreOptions {
  /** Receives one line per migration applied. */
  log?: MigrationLog;
  /** Pool size for PostgreSQL and MySQL. */
  poolSize?: number;
  /** SQLite only: NORMAL (default) survives a process crash, FULL also a power loss. */
  sqliteSynchronous?: 'NORMAL' | 'FULL';
}

/** Connect, migrate to the latest schema, load the epoch. */
export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<Store> {
  const { db, dialect } = connect<Database>(url, { poolSize: options.poolSize, synchronous: options.sqliteSynchronous });
  try {
    await migrateToLatest(db, dialect, options.log);
    const { value: epoch } = await db.selectFrom('meta').select('value').where('key', '=', 'epoch').executeTakeFirstOrThrow();
    return {
      epoch,
      async ping() {
        await sql`select 1`.execute(db);
      },
      close: () => db.destroy(),
      ...userMethods(db),
      ...roomMethods(db),
      append: appender(db, dialect),
      ...eventMethods(db),
      ...supportMethods(db),
      ...queueStateMethods(db, dialect),
      ...statsMethods(db),
      staff: staffMethods(db),
    };
  } catch (error) {
    await db.destroy();
    throw error;
  }
}
