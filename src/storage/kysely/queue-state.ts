// The support queue's saved state: one row replaced on every save (an upsert in each dialect's own words).
import type { Kysely } from 'kysely';
import type { Store } from '../store.js';
import type { Dialect } from './connect.js';
import type { Database } from './schema.js';

type QueueStateMethods = Pick<Store, 'saveQueueState' | 'loadQueueState'>;

const ROW = 'main';

export function queueStateMethods(db: Kysely<Database>, dialect: Dialect): QueueStateMethods {
  return {
    async saveQueueState(json, savedAt) {
      const insert = db.insertInto('support_queue_state').values({ id: ROW, state: json, saved_at: savedAt });
      const set = { state: json, saved_at: savedAt };
      await (dialect === 'mysql' ? insert.onDuplicateKeyUpdate(set) : insert.onConflict((oc) => oc.column('id').doUpdateSet(set))).execute();
    },

    async loadQueueState() {
      const row = await db.selectFrom('support_queue_state').select(['state', 'saved_at']).where('id', '=', ROW).executeTakeFirst();
      return row && { json: row.state, savedAt: Number(row.saved_at) };
    },
  };
}
