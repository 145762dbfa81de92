// Read-only queries against a Django site's database (spec §2.1, §6). Never writes: the connection is
// opened read-only and only SELECTs are issued. A database error propagates (a server problem).
import { sql } from 'kysely';
import { connect } from '../../storage/kysely/connect.js';
import { type ExpireDate, parseWallClock } from './expiry.js';

export interface SessionRow {
  data: string;
  expire: ExpireDate;
}

export interface DjangoUser {
  id: string;
  username: string;
  firstName: string;
  lastName: string;
  email: string;
  /** The password column (a hasher string, or '!…' when unusable): what the auth hash covers. */
  password: string;
  isActive: boolean;
  isSuperuser: boolean;
}

export interface DjangoReader {
  session(key: string): Promise<SessionRow | null>;
  user(id: number): Promise<DjangoUser | null>;
  /** Sorted group names. */
  groups(userId: number): Promise<string[]>;
  /** Sorted "app_label.codename": every permission for a superuser, else direct ∪ via groups. */
  permissions(userId: number, superuser: boolean): Promise<string[]>;
  close(): Promise<void>;
}

// SQLite gives 0/1, MySQL tinyint(1) 0/1, PostgreSQL true/false.
function flag(v: unknown): boolean {
  return v === true || v === 1 || v === '1';
}

function perms(rows: { app_label: string; codename: string }[]): string[] {
  return [...new Set(rows.map((r) => `${r.app_label}.${r.codename}`))].sort();
}

/** userTable is a default-named user model's table: its M2M tables are <table>_groups and <table>_user_permissions. */
export function createDjangoReader(databaseUrl: string, userTable: string): DjangoReader {
  const { db, dialect } = connect<unknown>(databaseUrl, { readOnly: true });
  const users = sql.table(userTable);
  const userGroups = sql.table(`${userTable}_groups`);
  const userPerms = sql.table(`${userTable}_user_permissions`);

  return {
    async session(key) {
      const { rows } = await sql<{ session_data: string; expire_date: Date | string }>`
        SELECT session_data, expire_date FROM django_session WHERE session_key = ${key}`.execute(db);
      const row = rows[0];
      if (!row) return null;
      const raw = row.expire_date;
      // PostgreSQL's timestamptz is an instant. MySQL's naive datetime(6) arrives as a Date read as UTC
      // (the pool runs with timezone 'Z'); SQLite's is text.
      let expire: ExpireDate | null;
      if (dialect === 'postgres' && raw instanceof Date) expire = { instantMs: raw.getTime() };
      else if (raw instanceof Date) expire = { wallClockMicros: raw.getTime() * 1000 };
      else {
        const micros = parseWallClock(String(raw));
        expire = micros === null ? null : { wallClockMicros: micros };
      }
      return expire && typeof row.session_data === 'string' ? { data: row.session_data, expire } : null;
    },

    async user(id) {
      const { rows } = await sql<Record<string, unknown>>`
        SELECT id, password, username, first_name, last_name, email, is_active, is_superuser
        FROM ${users} WHERE id = ${id}`.execute(db);
      const r = rows[0];
      if (!r) return null;
      return {
        id: String(r.id),
        username: String(r.username),
        firstName: String(r.first_name ?? ''),
        lastName: String(r.last_name ?? ''),
        email: String(r.email ?? ''),
        password: String(r.password),
        isActive: flag(r.is_active),
        isSuperuser: flag(r.is_superuser),
      };
    },

    async groups(userId) {
      const { rows } = await sql<{ name: string }>`
        SELECT g.name FROM auth_group g JOIN ${userGroups} ug ON ug.group_id = g.id WHERE ug.user_id = ${userId}`.execute(db);
      return rows.map((r) => r.name).sort();
    },

    async permissions(userId, superuser) {
      if (superuser) {
        const { rows } = await sql<{ app_label: string; codename: string }>`
          SELECT ct.app_label, p.codename FROM auth_permission p JOIN django_content_type ct ON ct.id = p.content_type_id`.execute(db);
        return perms(rows);
      }
      const { rows } = await sql<{ app_label: string; codename: string }>`
        SELECT ct.app_label, p.codename
        FROM ${userPerms} up
        JOIN auth_permission p ON p.id = up.permission_id
        JOIN django_content_type ct ON ct.id = p.content_type_id
        WHERE up.user_id = ${userId}
        UNION
        SELECT ct.app_label, p.codename
        FROM ${userGroups} ug
        JOIN auth_group_permissions gp ON gp.group_id = ug.group_id
        JOIN auth_permission p ON p.id = gp.permission_id
        JOIN django_content_type ct ON ct.id = p.content_type_id
        WHERE ug.user_id = ${userId}`.execute(db);
      return perms(rows);
    },

    close: () => db.destroy(),
  };
}
