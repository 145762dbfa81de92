// Reads for the monitor's statistics (support_stats): support chats overlapping a window, survey answers in it.
import type { Kysely } from 'kysely';
import type { Store } from '../store.js';
import type { BigIntColumn, Database } from './schema.js';

type StatsMethods = Pick<Store, 'supportChatTimes' | 'surveyAnswers'>;

/** The columns of chat_outcomes (migration 0003-staff) read here. */
type OutcomeTables = {
  chat_outcomes: { chat_id: string; rating: number | null; answered_at: BigIntColumn | null };
};

const nullableNumber = (v: number | string | null) => (v === null ? null : Number(v));

export function statsMethods(base: Kysely<Database>): StatsMethods {
  const db = base.withTables<OutcomeTables>();
  return {
    async supportChatTimes(from, to, limit) {
      const rows = await base
        .selectFrom('support_chats')
        .select(['id', 'helper_id', 'queued_at', 'assigned_at', 'ended_at'])
        .where('queued_at', '<', to)
        .where((eb) => eb.or([eb('ended_at', 'is', null), eb('ended_at', '>=', from)]))
        .orderBy('queued_at')
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        id: r.id,
        helperId: r.helper_id,
        queuedAt: Number(r.queued_at),
        assignedAt: nullableNumber(r.assigned_at),
        endedAt: nullableNumber(r.ended_at),
      }));
    },

    async surveyAnswers(from, to, limit) {
      const rows = await db
        .selectFrom('chat_outcomes')
        .select(['chat_id', 'rating', 'answered_at'])
        .where('rating', 'is not', null)
        .where('answered_at', '>=', from)
        .where('answered_at', '<', to)
        .orderBy('answered_at')
        .orderBy('chat_id')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ chat: r.chat_id, rating: Number(r.rating), time: Number(r.answered_at) }));
    },
  };
}
