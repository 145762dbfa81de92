// Reading a room's log. Both reads are a range scan of the primary key (room_id, seq).
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Store } from '../store.js';
import { toMessage } from './rows.js';
import type { Database } from './schema.js';

type EventMethods = Pick<Store, 'eventsAfter' | 'eventsBefore'>;

/** A private message (to_id set) is visible to its author and its recipient only. */
function visibleTo(viewer: string) {
  return (eb: ExpressionBuilder<Database, 'messages'>) =>
    eb.or([eb('to_id', 'is', null), eb('to_id', '=', viewer), eb('author_id', '=', viewer)]);
}

export function eventMethods(db: Kysely<Database>): EventMethods {
  return {
    async eventsAfter(room, afterSeq, limit, viewer) {
      const rows = await db
        .selectFrom('messages')
        .selectAll()
        .where('room_id', '=', room)
        .where('seq', '>', afterSeq)
        .where(visibleTo(viewer))
        .orderBy('seq', 'asc')
        .limit(limit)
        .execute();
      return rows.map(toMessage);
    },

    async eventsBefore(room, beforeSeq, limit, viewer) {
      const rows = await db
        .selectFrom('messages')
        .selectAll()
        .where('room_id', '=', room)
        .where('seq', '<', beforeSeq)
        .where(visibleTo(viewer))
        .orderBy('seq', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toMessage).reverse();
    },
  };
}
