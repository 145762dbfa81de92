// Store.staff on Kysely: the tables of migration 0003-staff. Their types stay here (db.withTables), beside the
// only code that reads them.
import { sql, type ColumnType, type Kysely, type Selectable } from 'kysely';
import type { CannedResponse, ChatTag, DeliveryState, MonitorAction, MonitorActionKind, StaffStore, WebhookDelivery } from '../staff.js';
import { isUniqueViolation } from './errors.js';
import type { BigIntColumn, Database } from './schema.js';

type NullableBigInt = ColumnType<number | string | null, number | null, number | null>;

type StaffTables = {
  monitor_actions: { id: string; chat_id: string; monitor_id: string; monitor_name: string; action: string; detail: string; created_at: BigIntColumn };
  canned_responses: { id: string; owner_id: string; shortcode: string; title: string; body: string; updated_by: string; updated_at: BigIntColumn };
  chat_tags: { chat_id: string; tag: string; source: string; added_by: string | null; created_at: BigIntColumn };
  chat_outcomes: {
    chat_id: string;
    follow_up: number;
    follow_up_by: string | null;
    follow_up_at: NullableBigInt;
    rating: number | null;
    comment: string | null;
    answered_at: NullableBigInt;
  };
  webhook_deliveries: {
    id: string;
    event: string;
    url: string;
    body: string;
    state: string;
    attempts: number;
    next_at: NullableBigInt;
    last_status: number | null;
    last_error: string | null;
    created_at: BigIntColumn;
    updated_at: BigIntColumn;
  };
};

const SHARED = '';
const num = (v: number | string | null) => (v === null ? null : Number(v));

function toCanned(row: Selectable<StaffTables['canned_responses']>): CannedResponse {
  return {
    id: row.id,
    owner: row.owner_id === SHARED ? null : row.owner_id,
    shortcode: row.shortcode,
    title: row.title,
    body: row.body,
    updatedBy: row.updated_by,
    updatedAt: Number(row.updated_at),
  };
}

function toDelivery(row: Selectable<StaffTables['webhook_deliveries']>): WebhookDelivery {
  return {
    id: row.id,
    event: row.event,
    url: row.url,
    body: row.body,
    state: row.state as DeliveryState,
    attempts: Number(row.attempts),
    nextAt: num(row.next_at),
    lastStatus: num(row.last_status),
    lastError: row.last_error,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

/** LIKE pattern for "contains", with the wildcards of the text escaped by '!'. */
const containsPattern = (text: string) => `%${text.toLowerCase().replace(/[!%_]/g, (c) => `!${c}`)}%`;

export function staffMethods(base: Kysely<Database>): StaffStore {
  const db = base.withTables<StaffTables>();
  const canned = (owner: string | null, shortcode: string) =>
    db.selectFrom('canned_responses').selectAll().where('owner_id', '=', owner ?? SHARED).where('shortcode', '=', shortcode);

  const store: StaffStore = {
    async addMonitorAction(a) {
      await db
        .insertInto('monitor_actions')
        .values({ id: a.id, chat_id: a.chat, monitor_id: a.monitor.id, monitor_name: a.monitor.name, action: a.action, detail: JSON.stringify(a.detail), created_at: a.time })
        .execute();
    },
    async listMonitorActions(chat) {
      const rows = await db.selectFrom('monitor_actions').selectAll().where('chat_id', '=', chat).orderBy('created_at').orderBy('id').execute();
      return rows.map(
        (r): MonitorAction => ({
          id: r.id,
          chat: r.chat_id,
          monitor: { id: r.monitor_id, name: r.monitor_name },
          action: r.action as MonitorActionKind,
          detail: JSON.parse(r.detail) as Record<string, unknown>,
          time: Number(r.created_at),
        }),
      );
    },

    async listCanned(owner) {
      const rows = await db.selectFrom('canned_responses').selectAll().where('owner_id', 'in', [SHARED, owner]).orderBy('shortcode').orderBy('owner_id').execute();
      return rows.map(toCanned);
    },
    async saveCanned(c) {
      const values = { title: c.title, body: c.body, updated_by: c.updatedBy, updated_at: c.updatedAt };
      const existing = await canned(c.owner, c.shortcode).executeTakeFirst();
      if (!existing) {
        try {
          await db.insertInto('canned_responses').values({ id: c.id, owner_id: c.owner ?? SHARED, shortcode: c.shortcode, ...values }).execute();
          return c;
        } catch (error) {
          // Saved concurrently under the same short code: replace that one instead.
          if (!isUniqueViolation(error)) throw error;
        }
      }
      await db.updateTable('canned_responses').set(values).where('owner_id', '=', c.owner ?? SHARED).where('shortcode', '=', c.shortcode).execute();
      return toCanned((await canned(c.owner, c.shortcode).executeTakeFirstOrThrow()));
    },
    async getCanned(owner, shortcode) {
      const row = await canned(owner, shortcode).executeTakeFirst();
      return row && toCanned(row);
    },
    async deleteCanned(owner, shortcode) {
      const { numDeletedRows } = await db.deleteFrom('canned_responses').where('owner_id', '=', owner ?? SHARED).where('shortcode', '=', shortcode).executeTakeFirst();
      return numDeletedRows > 0n;
    },

    async addTags(chat, tags) {
      const added: string[] = [];
      for (const t of tags) {
        const exists = await db.selectFrom('chat_tags').select('tag').where('chat_id', '=', chat).where('tag', '=', t.tag).executeTakeFirst();
        if (exists) continue;
        try {
          await db.insertInto('chat_tags').values({ chat_id: chat, tag: t.tag, source: t.source, added_by: t.by, created_at: t.time }).execute();
          added.push(t.tag);
        } catch (error) {
          if (!isUniqueViolation(error)) throw error; // added concurrently: already there
        }
      }
      return added;
    },
    async removeTag(chat, tag) {
      const { numDeletedRows } = await db.deleteFrom('chat_tags').where('chat_id', '=', chat).where('tag', '=', tag).executeTakeFirst();
      return numDeletedRows > 0n;
    },
    async listTags(chat) {
      const rows = await db.selectFrom('chat_tags').selectAll().where('chat_id', '=', chat).orderBy('tag').execute();
      return rows.map((r): ChatTag => ({ tag: r.tag, source: r.source as ChatTag['source'], by: r.added_by, time: Number(r.created_at) }));
    },
    async chatsWithTag(tag) {
      const rows = await db.selectFrom('chat_tags').select('chat_id').where('tag', '=', tag).execute();
      return rows.map((r) => r.chat_id);
    },

    async getOutcome(chat) {
      const r = await db.selectFrom('chat_outcomes').selectAll().where('chat_id', '=', chat).executeTakeFirst();
      if (!r) return undefined;
      return {
        followUp: Number(r.follow_up) === 1,
        followUpBy: r.follow_up_by,
        followUpAt: num(r.follow_up_at),
        survey: r.rating === null ? null : { rating: Number(r.rating), comment: r.comment ?? '', time: Number(r.answered_at) },
      };
    },
    async setFollowUp(chat, needed, by, time) {
      const values = { follow_up: needed ? 1 : 0, follow_up_by: by, follow_up_at: time };
      await ensureOutcome(chat);
      await db.updateTable('chat_outcomes').set(values).where('chat_id', '=', chat).execute();
    },
    async answerSurvey(chat, rating, comment, time) {
      await ensureOutcome(chat);
      // The condition makes "once" hold under concurrent answers.
      const { numUpdatedRows } = await db
        .updateTable('chat_outcomes')
        .set({ rating, comment, answered_at: time })
        .where('chat_id', '=', chat)
        .where('rating', 'is', null)
        .executeTakeFirst();
      return numUpdatedRows > 0n;
    },

    async roomsMentioning(rooms, text) {
      if (rooms.length === 0) return [];
      const rows = await base
        .selectFrom('messages')
        .select('room_id')
        .distinct()
        .where('room_id', 'in', rooms)
        .where('kind', '=', 'message')
        .where(sql<boolean>`lower(body) like ${containsPattern(text)} escape '!'`)
        .execute();
      return rows.map((r) => r.room_id);
    },

    async addDeliveries(deliveries) {
      if (deliveries.length === 0) return;
      await db
        .insertInto('webhook_deliveries')
        .values(
          deliveries.map((d) => ({
            id: d.id,
            event: d.event,
            url: d.url,
            body: d.body,
            state: d.state,
            attempts: d.attempts,
            next_at: d.nextAt,
            last_status: d.lastStatus,
            last_error: d.lastError,
            created_at: d.createdAt,
            updated_at: d.updatedAt,
          })),
        )
        .execute();
    },
    async dueDeliveries(now, limit) {
      const rows = await db
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('state', '=', 'pending')
        .where('next_at', '<=', now)
        .orderBy('next_at')
        .orderBy('created_at')
        .limit(limit)
        .execute();
      return rows.map(toDelivery);
    },
    async updateDelivery(id, c) {
      await db
        .updateTable('webhook_deliveries')
        .set({ state: c.state, attempts: c.attempts, next_at: c.nextAt, last_status: c.lastStatus, last_error: c.lastError, updated_at: c.updatedAt })
        .where('id', '=', id)
        .execute();
    },
    async nextDeliveryAt() {
      const row = await db.selectFrom('webhook_deliveries').select((eb) => eb.fn.min('next_at').as('next')).where('state', '=', 'pending').executeTakeFirst();
      return row?.next === null || row?.next === undefined ? null : Number(row.next);
    },
    async listDeliveries(limit) {
      const rows = await db.selectFrom('webhook_deliveries').selectAll().orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
      return rows.map(toDelivery);
    },
  };

  /** The chat's outcome row, created empty on first use. */
  async function ensureOutcome(chat: string): Promise<void> {
    if (await db.selectFrom('chat_outcomes').select('chat_id').where('chat_id', '=', chat).executeTakeFirst()) return;
    try {
      await db.insertInto('chat_outcomes').values({ chat_id: chat, follow_up: 0, follow_up_by: null, follow_up_at: null, rating: null, comment: null, answered_at: null }).execute();
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }

  return store;
}
