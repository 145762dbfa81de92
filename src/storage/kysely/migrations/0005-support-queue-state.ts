// The support queue's state (SupportQueue.snapshot() as JSON), saved after queue steps so a restart continues the
// queue: one row, id 'main'. MEDIUMTEXT on MySQL: fifty waiting guests with their questions and details can pass
// TEXT's 64 KB.
import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../connect.js';

export function supportQueueState(dialect: Dialect): Migration {
  const longText = dialect === 'mysql' ? sql`mediumtext` : sql`text`;
  return {
    async up(db: Kysely<any>) {
      let table = db.schema
        .createTable('support_queue_state')
        .addColumn('id', 'varchar(16)', (c) => c.primaryKey())
        .addColumn('state', longText, (c) => c.notNull())
        .addColumn('saved_at', 'bigint', (c) => c.notNull());
      if (dialect === 'mysql') table = table.modifyEnd(sql`engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin`);
      await table.execute();
    },
  };
}
