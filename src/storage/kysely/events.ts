// Reading a room's log. Both reads are a range scan of the primary key (room_id, seq).
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Store } from '../store.js';
import { toMessage } from './rows.js';
import type { Database } from './schema.js';

type EventMethods = Pick<Store, 'eventsAfter' | 'eventsBefore'>;

/**
 * A private message (to_id set) is visible to its author and its recipient only; a staff-only event
 * (audience 'staff') to staff viewers only. The same rule as visibleTo in src/domain/events.ts.
 */
function visibleTo(viewer: string, staff: boolean) {
  return (eb: ExpressionBuilder<Database, 'messages'>) => {
    const addressed = eb.or([eb('to_id', 'is', null), eb('to_id', '=', viewer), eb('author_id', '=', viewer)]);
    return staff ? addressed : eb.and([addressed, eb('audience', 'is', null)]);
  };
}

export function eventMethods(db: Kysely<Database>): EventMethods {
  return {
    async eventsAfter(room, afterSeq, limit, viewer, staff = false) {
      const rows = await db
        .selectFrom('messages')
        .selectAll()
        .where('room_id', '=', room)
        .where('seq', '>', afterSeq)
        .where(visibleTo(viewer, staff))
        .orderBy('seq', 'asc')
        .limit(limit)
        .execute();
      return rows.map(toMessage);
    },

    async eventsBefore(room, beforeSeq, limit, viewer, staff = false) {
      const rows = await db
        .selectFrom('messages')
        .selectAll()
        .where('room_id', '=', room)
        .where('seq', '<', beforeSeq)
        .where(visibleTo(viewer, staff))
        .orderBy('seq', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toMessage).reverse();
    },
  };
}
