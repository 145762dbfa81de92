// Users and chat sessions.
import type { Kysely, Updateable } from 'kysely';
import type { User } from '../../domain/types.js';
import type { NewUser, Store, StoredSession } from '../store.js';
import { toUser } from './rows.js';
import type { Database, UsersTable } from './schema.js';

type UserMethods = Pick<
  Store,
  'createUser' | 'getUser' | 'getUserByName' | 'getUserByExternalId' | 'listUsers' | 'updateUser' | 'createSession' | 'getSession' | 'deleteSession'
>;

export function userMethods(db: Kysely<Database>): UserMethods {
  const users = () => db.selectFrom('users').selectAll();
  return {
    async createUser(user: NewUser): Promise<User> {
      const row = {
        id: user.id,
        name: user.name,
        display_name: user.displayName,
        source: user.source,
        external_id: user.externalId ?? null,
        password_hash: user.passwordHash ?? null,
        roles: JSON.stringify(user.roles),
        created_at: user.createdAt,
      };
      await db.insertInto('users').values(row).execute();
      return toUser(row);
    },

    async getUser(id) {
      const row = await users().where('id', '=', id).executeTakeFirst();
      return row && toUser(row);
    },

    async getUserByName(name) {
      const row = await users().where('name', '=', name).executeTakeFirst();
      return row && toUser(row);
    },

    async getUserByExternalId(source, externalId) {
      const row = await users().where('source', '=', source).where('external_id', '=', externalId).executeTakeFirst();
      return row && toUser(row);
    },

    async listUsers() {
      return (await users().orderBy('name').execute()).map(toUser);
    },

    async updateUser(id, changes) {
      const set: Updateable<UsersTable> = {};
      if (changes.displayName !== undefined) set.display_name = changes.displayName;
      if (changes.passwordHash !== undefined) set.password_hash = changes.passwordHash;
      if (changes.roles !== undefined) set.roles = JSON.stringify(changes.roles);
      if (Object.keys(set).length === 0) return;
      await db.updateTable('users').set(set).where('id', '=', id).execute();
    },

    async createSession(session: StoredSession) {
      await db
        .insertInto('sessions')
        .values({ id: session.id, user_id: session.userId, created_at: session.createdAt, expires_at: session.expiresAt, django_key: session.djangoKey ?? null })
        .execute();
    },

    async getSession(id) {
      const row = await db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) return undefined;
      const session: StoredSession = { id: row.id, userId: row.user_id, createdAt: Number(row.created_at), expiresAt: Number(row.expires_at) };
      if (row.django_key !== null) session.djangoKey = row.django_key;
      return session;
    },

    async deleteSession(id) {
      await db.deleteFrom('sessions').where('id', '=', id).execute();
    },
  };
}
