// Fresh, isolated databases for tests: a temp file for SQLite, a new database on the local PostgreSQL or
// MariaDB/MySQL server otherwise. Every call gets its own database, so test files can run in parallel.
//
//   const database = await freshDatabase('postgres');
//   if (!database) return t.skip(unreachableNotice('postgres'));   // only when CI is not 'true'
//   ...use database.url...
//   await database.drop();
//
// Admin URLs (a database the admin user can connect to) default to the local services and can be
// overridden with PARAKEET_TEST_POSTGRES_URL and PARAKEET_TEST_MYSQL_URL.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import mysql from 'mysql2/promise';

export type DatabaseKind = 'sqlite' | 'postgres' | 'mysql';

export interface FreshDatabase {
  kind: DatabaseKind;
  /** A URL that src/storage/kysely/connect.ts understands. */
  url: string;
  /** Remove the database (closing any connection still open to it). Safe to call twice. */
  drop(): Promise<void>;
}

const CONNECT_TIMEOUT_MS = 3000;

export function adminUrl(kind: 'postgres' | 'mysql'): string {
  return kind === 'postgres'
    ? (process.env.PARAKEET_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test')
    : (process.env.PARAKEET_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test');
}

/** The text for t.skip() when freshDatabase returned null. */
export function unreachableNotice(kind: DatabaseKind): string {
  return `${notReachable(kind)}: skipped (set CI=true to make this a failure)`;
}

function notReachable(kind: DatabaseKind): string {
  const label = kind === 'postgres' ? 'PostgreSQL' : kind === 'mysql' ? 'MariaDB/MySQL' : 'SQLite';
  return kind === 'sqlite' ? `${label} not available` : `${label} not reachable at ${redact(adminUrl(kind))}`;
}

/**
 * A new empty database, or null when its server is unreachable and CI is not 'true'.
 * With CI=true an unreachable server throws. A server that is reachable but refuses to create the
 * database always throws: that is a broken setup, not a missing service.
 */
export async function freshDatabase(kind: DatabaseKind): Promise<FreshDatabase | null> {
  if (kind === 'sqlite') return freshSqlite();
  const name = `parakeet_t_${randomBytes(6).toString('hex')}`;
  const admin = kind === 'postgres' ? await postgresAdmin() : await mysqlAdmin();
  if (!admin) return null;
  try {
    await admin.create(name);
  } finally {
    await admin.close();
  }
  const url = new URL(adminUrl(kind));
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    kind,
    url: url.toString(),
    async drop() {
      if (dropped) return;
      const again = kind === 'postgres' ? await postgresAdmin() : await mysqlAdmin();
      if (!again) throw new Error(`cannot drop ${name}: ${notReachable(kind)}`);
      try {
        await again.drop(name);
        dropped = true;
      } finally {
        await again.close();
      }
    },
  };
}

async function freshSqlite(): Promise<FreshDatabase> {
  const dir = await mkdtemp(join(tmpdir(), 'parakeet-t-'));
  return {
    kind: 'sqlite',
    url: `sqlite:${join(dir, 'parakeet.db')}`,
    // The WAL and shm files live next to the database: remove the whole directory.
    drop: () => rm(dir, { recursive: true, force: true }),
  };
}

interface Admin {
  create(name: string): Promise<void>;
  drop(name: string): Promise<void>;
  close(): Promise<void>;
}

async function postgresAdmin(): Promise<Admin | null> {
  const client = new pg.Client({ connectionString: adminUrl('postgres'), connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  // An idle client can still emit an error (server restart); without a listener that crashes the test process.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    return unreachable('postgres', error);
  }
  return {
    create: async (name) => void (await client.query(`CREATE DATABASE "${name}"`)),
    // FORCE (PostgreSQL 13+) ends sessions a test forgot to close instead of failing the drop.
    drop: async (name) => void (await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)),
    close: () => client.end(),
  };
}

async function mysqlAdmin(): Promise<Admin | null> {
  let connection: mysql.Connection;
  try {
    connection = await mysql.createConnection({ uri: adminUrl('mysql').replace(/^mariadb:/, 'mysql:'), connectTimeout: CONNECT_TIMEOUT_MS });
  } catch (error) {
    return unreachable('mysql', error);
  }
  connection.on('error', () => {});
  return {
    create: async (name) => void (await connection.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`)),
    drop: async (name) => void (await connection.query(`DROP DATABASE IF EXISTS \`${name}\``)),
    close: () => connection.end(),
  };
}

function unreachable(kind: 'postgres' | 'mysql', error: unknown): null {
  if (process.env.CI === 'true') {
    throw new Error(`${notReachable(kind)}, and CI=true requires it`, { cause: error });
  }
  return null;
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
