// append: allocate the room's next seq, store the event and apply its effects in one transaction.
//
// The UPDATE of the room row comes first and takes its row lock, held until commit: concurrent appends to
// one room queue behind it, so seqs are dense and commit in order, while other rooms proceed in parallel.
// The lock also serialises every membership/invite/ban write of the room, so the effects below can read
// then write without upserts (which take gap locks and deadlock under load on MySQL).
import { sql, type Kysely, type Transaction } from 'kysely';
import type { StoredMessage } from '../../domain/types.js';
import type { AppendInput, AppendResult, Effect } from '../store.js';
import type { Dialect } from './connect.js';
import { isUniqueViolation } from './errors.js';
import { toMessage } from './rows.js';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export function appender(db: Kysely<Database>, dialect: Dialect): (input: AppendInput) => Promise<AppendResult> {
  // READ COMMITTED, so reads made after taking the room lock see what the previous append committed.
  // MySQL's default REPEATABLE READ would read the snapshot of the first SELECT (the clientId check),
  // taken before the lock; a database configured for SERIALIZABLE would abort appends that queue on the lock.
  // SQLite needs none: its single connection already runs appends one at a time.
  const transaction = () => (dialect === 'sqlite' ? db.transaction() : db.transaction().setIsolationLevel('read committed'));
  const single = async (input: AppendInput): Promise<AppendResult> => {
    try {
      return await transaction().execute((trx) => appendIn(trx, dialect, input));
    } catch (error) {
      // A concurrent append with the same (author, clientId) committed between our check and our insert.
      if (input.author && input.clientId && isUniqueViolation(error)) {
        const original = await findByClientId(db, input.author.id, input.clientId);
        if (original) return { ok: true, message: original, duplicate: true };
      }
      throw error;
    }
  };
  return dialect === 'sqlite' ? groupCommit(db, single) : single;
}

interface Pending {
  input: AppendInput;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

/**
 * SQLite group commit: appends that arrive in the same turn of the event loop share one transaction, so the WAL
 * is written once for all of them instead of rewriting the same table and index pages at every message. Each is
 * acknowledged only after that commit. A batch that fails as a whole is retried one append at a time, so one bad
 * input never fails the others. (SQLite's single connection runs appends one at a time anyway: nothing is lost
 * in parallelism.)
 */
function groupCommit(db: Kysely<Database>, single: (input: AppendInput) => Promise<AppendResult>) {
  let queue: Pending[] = [];
  const runBatch = async () => {
    const batch = queue;
    queue = [];
    if (batch.length === 1) return void single(batch[0].input).then(batch[0].resolve, batch[0].reject);
    try {
      const results = await db.transaction().execute(async (trx) => {
        const out: AppendResult[] = [];
        for (const p of batch) out.push(await appendIn(trx, 'sqlite', p.input));
        return out;
      });
      batch.forEach((p, i) => p.resolve(results[i]));
    } catch {
      for (const p of batch) single(p.input).then(p.resolve, p.reject);
    }
  };
  return (input: AppendInput) =>
    new Promise<AppendResult>((resolve, reject) => {
      queue.push({ input, resolve, reject });
      if (queue.length === 1) setImmediate(() => void runBatch());
    });
}

async function appendIn(trx: Transaction<Database>, dialect: Dialect, input: AppendInput): Promise<AppendResult> {
  // Idempotency keys are per author: an event without an author cannot be deduplicated.
  if (input.author && input.clientId) {
    const original = await findByClientId(trx, input.author.id, input.clientId);
    if (original) return { ok: true, message: original, duplicate: true };
  }

  const bodyBytes = input.body ? Buffer.byteLength(input.body, 'utf8') : 0;
  const seq = await allocateSeq(trx, dialect, input.room, bodyBytes, input.maxRoomBytes);
  if (typeof seq === 'string') return { ok: false, reason: seq };

  const row = {
    room_id: input.room,
    seq,
    kind: input.kind,
    author_id: input.author?.id ?? null,
    author_name: input.author?.name ?? null,
    to_id: input.to?.id ?? null,
    to_name: input.to?.name ?? null,
    body: input.body ?? null,
    html: input.html ?? null,
    data: input.data ? JSON.stringify(input.data) : null,
    audience: input.audience ?? null,
    client_id: input.clientId ?? null,
    created_at: input.time,
  };
  await trx.insertInto('messages').values(row).execute();
  for (const effect of input.effects ?? []) {
    await applyEffect(trx, input.room, seq, input.time, effect);
  }
  return { ok: true, message: toMessage(row), duplicate: false };
}

/** Bump the room's last_seq and bytes (unless that would pass maxRoomBytes) and return the new seq. */
async function allocateSeq(
  trx: Transaction<Database>,
  dialect: Dialect,
  room: string,
  bodyBytes: number,
  maxRoomBytes: number | undefined,
): Promise<number | 'no_room' | 'room_full'> {
  let update = trx
    .updateTable('rooms')
    .set({ last_seq: sql<number>`last_seq + 1`, bytes: sql<number>`bytes + ${bodyBytes}` })
    .where('id', '=', room);
  if (maxRoomBytes !== undefined) update = update.where((eb) => eb(eb('bytes', '+', bodyBytes), '<=', maxRoomBytes));

  if (dialect === 'mysql') {
    // No RETURNING on MySQL: read back our own update, still under the row lock.
    const { numUpdatedRows } = await update.executeTakeFirst();
    if (numUpdatedRows > 0n) {
      const { last_seq } = await trx.selectFrom('rooms').select('last_seq').where('id', '=', room).executeTakeFirstOrThrow();
      return Number(last_seq);
    }
  } else {
    const updated = await update.returning('last_seq').executeTakeFirst();
    if (updated) return Number(updated.last_seq);
  }
  const exists = await trx.selectFrom('rooms').select('id').where('id', '=', room).executeTakeFirst();
  return exists ? 'room_full' : 'no_room';
}

async function applyEffect(trx: Transaction<Database>, room: string, seq: number, time: number, effect: Effect): Promise<void> {
  const membership = (user: string) => trx.updateTable('memberships').where('room_id', '=', room).where('user_id', '=', user);
  switch (effect.kind) {
    case 'member': {
      const current = await trx
        .selectFrom('memberships')
        .select('left_seq')
        .where('room_id', '=', room)
        .where('user_id', '=', effect.user)
        .executeTakeFirst();
      if (!current) {
        await trx
          .insertInto('memberships')
          .values({ room_id: room, user_id: effect.user, role: effect.role, joined_seq: seq, left_seq: null })
          .execute();
      } else if (current.left_seq === null) {
        await membership(effect.user).set({ role: effect.role }).execute();
      } else {
        await membership(effect.user).set({ role: effect.role, joined_seq: seq, left_seq: null }).execute();
      }
      return;
    }
    case 'leave':
      await membership(effect.user).set({ left_seq: seq }).where('left_seq', 'is', null).execute();
      return;
    case 'topic':
      await trx.updateTable('rooms').set({ topic: effect.topic }).where('id', '=', room).execute();
      return;
    case 'invite': {
      const invited = await trx
        .selectFrom('invites')
        .select('user_id')
        .where('room_id', '=', room)
        .where('user_id', '=', effect.user)
        .executeTakeFirst();
      if (!invited) await trx.insertInto('invites').values({ room_id: room, user_id: effect.user }).execute();
      return;
    }
    case 'ban':
      await trx.deleteFrom('bans').where('room_id', '=', room).where('user_id', '=', effect.user).execute();
      await trx
        .insertInto('bans')
        .values({ room_id: room, user_id: effect.user, by_id: effect.by, reason: effect.reason, created_at: time })
        .execute();
      return;
    case 'unban':
      await trx.deleteFrom('bans').where('room_id', '=', room).where('user_id', '=', effect.user).execute();
      return;
    case 'uninvite':
      await trx.deleteFrom('invites').where('room_id', '=', room).where('user_id', '=', effect.user).execute();
      return;
  }
}

async function findByClientId(db: Db, authorId: string, clientId: string): Promise<StoredMessage | undefined> {
  const row = await db
    .selectFrom('messages')
    .selectAll()
    .where('author_id', '=', authorId)
    .where('client_id', '=', clientId)
    .executeTakeFirst();
  return row && toMessage(row);
}
