// Test support: real Django sessions from scripts/django/generate_sessions.py, in throw-away databases.
// Without python3-django (or a database server) the suites skip with a notice, unless CI=true.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createConnection } from 'mysql2/promise';

export interface Verdict {
  userId: string;
  username: string;
  groups: string[];
  permissions: string[];
}

export interface Site {
  djangoVersion: string;
  dialect: string;
  secretKey: string;
  secretKeyFallbacks: string[];
  fallbacks: 'native' | 'emulated';
  backends: string[];
  cookieName: string;
  useTz: boolean;
  timeZone: string;
  signedCookieMaxAge: number;
}

export interface Case {
  case: string;
  engine: 'db' | 'signed_cookies';
  legacy: boolean;
  cookieHeader: string | null;
  expected: Verdict | null;
  expectedNoFallbacks: Verdict | null;
}

const GENERATOR = new URL('../../../scripts/django/generate_sessions.py', import.meta.url).pathname;
// Debian's interpreter: a pyenv or venv python3 on PATH does not see python3-django.
const PYTHON = process.env.PARAKEET_DJANGO_PYTHON ?? '/usr/bin/python3';
const CI = process.env.CI === 'true';

/** Why these tests cannot run here, or null. With CI=true a missing prerequisite is a failure instead. */
export function pythonMissing(modules: string[]): string | null {
  const r = spawnSync(PYTHON, ['-c', modules.map((m) => `import ${m}`).join('; ')], { encoding: 'utf8' });
  if (r.status === 0) return null;
  const why = `${PYTHON} cannot import ${modules.join(', ')} (apt-get install python3-django python3-psycopg2 python3-mysqldb)`;
  if (CI) throw new Error(why);
  return why;
}

export function skipNotice(why: string): string {
  console.log(`# SKIPPED Django comparison: ${why}`);
  return why;
}

export function generate(databaseUrl: string, clock: { useTz: boolean; timeZone: string } = { useTz: true, timeZone: 'UTC' }): { site: Site; cases: Case[] } {
  const out = execFileSync(PYTHON, [GENERATOR, '--database', databaseUrl, '--use-tz', clock.useTz ? '1' : '0', '--time-zone', clock.timeZone], {
    encoding: 'utf8',
    timeout: 120_000,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [head, ...rest] = out.trim().split('\n').map((l) => JSON.parse(l));
  return { site: head.site as Site, cases: rest as Case[] };
}

/** A scratch database; drop() removes it. Null (or a throw under CI) when the server is unreachable. */
export interface Scratch {
  url: string;
  drop(): Promise<void>;
}

const name = () => `django_t_${process.pid}_${randomBytes(3).toString('hex')}`;

export function scratchSqlite(): Scratch {
  const dir = mkdtempSync(join(tmpdir(), 'parakeet-django-'));
  return { url: `sqlite:${join(dir, 'site.sqlite3')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

async function unreachable(what: string, e: unknown): Promise<null> {
  if (CI) throw e;
  skipNotice(`${what} unreachable (${(e as Error).message})`);
  return null;
}

export async function scratchPostgres(): Promise<Scratch | null> {
  const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/test', connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch (e) {
    return unreachable('PostgreSQL at 127.0.0.1:5432', e);
  }
  const db = name();
  await admin.query(`CREATE DATABASE ${db}`);
  return {
    url: `postgres://postgres@127.0.0.1:5432/${db}`,
    async drop() {
      await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
      await admin.end();
    },
  };
}

export async function scratchMariadb(): Promise<Scratch | null> {
  let admin;
  try {
    admin = await createConnection({ host: '127.0.0.1', port: 3306, user: 'root', connectTimeout: 3000 });
  } catch (e) {
    return unreachable('MariaDB at 127.0.0.1:3306', e);
  }
  const db = name();
  await admin.query(`CREATE DATABASE ${db} CHARACTER SET utf8mb4`);
  return {
    url: `mysql://root@127.0.0.1:3306/${db}`,
    async drop() {
      await admin.query(`DROP DATABASE IF EXISTS ${db}`);
      await admin.end();
    },
  };
}
