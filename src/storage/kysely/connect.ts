// One Kysely instance from a database URL: sqlite:path (or a bare path), postgres://..., mysql://... / mariadb://...
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, MysqlDialect, PostgresDialect, SqliteDialect, type SqliteDatabase } from 'kysely';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { createPool } from 'mysql2';

export type Dialect = 'sqlite' | 'postgres' | 'mysql';

export interface Connection<DB> {
  db: Kysely<DB>;
  dialect: Dialect;
}

export interface ConnectOptions {
  /** Pool size for PostgreSQL and MySQL. */
  poolSize?: number;
  /** Open read-only (SQLite) or mark sessions read-only (PostgreSQL, MySQL): used for a Django site's database. */
  readOnly?: boolean;
  /** SQLite durability; see openStore. */
  synchronous?: 'NORMAL' | 'FULL';
}

export function dialectOf(url: string): Dialect {
  if (/^postgres(ql)?:\/\//.test(url)) return 'postgres';
  if (/^(mysql|mariadb):\/\//.test(url)) return 'mysql';
  return 'sqlite';
}

export function connect<DB>(url: string, options: ConnectOptions = {}): Connection<DB> {
  const dialect = dialectOf(url);
  const poolSize = options.poolSize ?? 10;
  if (dialect === 'postgres') {
    const pool = new pg.Pool({
      connectionString: url,
      max: poolSize,
      ...(options.readOnly ? { options: '-c default_transaction_read_only=on' } : {}),
    });
    // A connection that dies (server restart, pg_terminate_backend, a close still in flight after pool.end()
    // resolved) emits 'error' on the pool when idle and on the client when checked out; unheard, either
    // crashes the process. The query in flight is rejected anyway and the pool discards the broken client,
    // so the next query opens a new connection: there is nothing more to do here.
    pool.on('error', () => {});
    pool.on('connect', (client) => client.on('error', () => {}));
    return { dialect, db: new Kysely<DB>({ dialect: new PostgresDialect({ pool }) }) };
  }
  if (dialect === 'mysql') {
    const pool = createPool({ uri: url.replace(/^mariadb:/, 'mysql:'), connectionLimit: poolSize, supportBigNumbers: true, timezone: 'Z' });
    if (options.readOnly) pool.on('connection', (c) => c.query('SET SESSION TRANSACTION READ ONLY'));
    return { dialect, db: new Kysely<DB>({ dialect: new MysqlDialect({ pool }) }) };
  }
  const path = url.replace(/^sqlite:(\/\/)?/, '');
  if (path !== ':memory:' && !options.readOnly) mkdirSync(dirname(path), { recursive: true });
  const database = new SQLite(path, { readonly: options.readOnly ?? false, fileMustExist: options.readOnly ?? false });
  if (!options.readOnly) {
    // WAL survives kill -9 with synchronous=NORMAL: a committed transaction is in the OS page cache.
    database.pragma('journal_mode = WAL');
    database.pragma(`synchronous = ${options.synchronous === 'FULL' ? 'FULL' : 'NORMAL'}`);
    database.pragma('foreign_keys = ON');
  }
  database.pragma('busy_timeout = 5000');
  return { dialect, db: new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) }) };
}

/**
 * Kysely prepares every statement again on each call; on the hot path that was an eighth of the server's time.
 * better-sqlite3 runs a statement synchronously to completion, so one prepared statement per SQL text is safe
 * to reuse. The texts are our own queries (values are parameters), so the cache stays small.
 */
function withStatementCache(database: SQLite.Database): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (!statement) {
        statement = database.prepare(sql);
        if (statements.size < 1000) statements.set(sql, statement);
      }
      return statement;
    },
    close: () => database.close(),
  };
}
