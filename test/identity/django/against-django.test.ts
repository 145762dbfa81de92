// Parakeet's verdict must equal Django's own (django.contrib.auth.get_user) on every generated case,
// on SQLite, PostgreSQL and MariaDB, with aware (USE_TZ=True) and naive (USE_TZ=False) expiry dates.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { connect } from '../../../src/storage/kysely/connect.js';
import { type DjangoConfig, djangoConfig } from '../../../src/identity/django/config.js';
import { type DjangoIdentity, type DjangoPrincipal, createDjangoIdentity } from '../../../src/identity/django/identity.js';
import { type Case, type Scratch, type Site, type Verdict, generate, pythonMissing, scratchMariadb, scratchPostgres, scratchSqlite, skipNotice } from './django-fixtures.js';

const noDjango = pythonMissing(['django']);
if (noDjango) skipNotice(noDjango);

interface Run {
  scratch: Scratch;
  site: Site;
  cases: Case[];
}

function verdict(p: DjangoPrincipal | null): Verdict | null {
  return p && { userId: p.userId, username: p.username, groups: p.groups, permissions: p.permissions };
}

function identity(run: Run, over: Partial<DjangoConfig> = {}): DjangoIdentity {
  const { site } = run;
  return createDjangoIdentity(
    djangoConfig({
      databaseUrl: run.scratch.url,
      secretKey: site.secretKey,
      secretKeyFallbacks: site.secretKeyFallbacks,
      backends: site.backends,
      cookieName: site.cookieName,
      useTz: site.useTz,
      timeZone: site.timeZone,
      signedCookieMaxAge: site.signedCookieMaxAge,
      acceptLegacy: true,
      ...over,
    }),
  );
}

/** The cases of one engine where Parakeet and Django disagree, described for the failure message. */
async function disagreements(run: Run, over: Partial<DjangoConfig>, expectedOf: (c: Case) => Verdict | null): Promise<string[]> {
  const engine = over.engine ?? 'db';
  const id = identity(run, over);
  try {
    const out: string[] = [];
    for (const c of run.cases.filter((c) => (c.engine === 'signed_cookies') === (engine === 'signed_cookies'))) {
      const got = verdict(await id.resolve(c.cookieHeader ?? undefined));
      const want = expectedOf(c);
      try {
        assert.deepEqual(got, want);
      } catch {
        out.push(`${c.case}: Parakeet ${JSON.stringify(got)}, Django ${JSON.stringify(want)}`);
      }
    }
    return out;
  } finally {
    await id.close();
  }
}

async function snapshot(url: string): Promise<string> {
  const { db } = connect<unknown>(url, { readOnly: true });
  try {
    const sessions = await sql`SELECT session_key, session_data, expire_date FROM django_session ORDER BY session_key`.execute(db);
    const users = await sql`SELECT id, password, is_active, last_login FROM auth_user ORDER BY id`.execute(db);
    return JSON.stringify([sessions.rows, users.rows]);
  } finally {
    await db.destroy();
  }
}

function dialectSuite(title: string, modules: string[], scratch: () => Promise<Scratch | null> | Scratch, naiveZones: string[]) {
  const missing = noDjango ?? pythonMissing(modules);
  if (missing && !noDjango) skipNotice(missing);
  describe(title, { skip: missing ?? false }, () => {
    let aware: Run | null = null;
    const naive = new Map<string, Run | null>();
    let unavailable = '';

    async function run(clock: { useTz: boolean; timeZone: string }): Promise<Run | null> {
      const s = await scratch();
      if (!s) return null;
      try {
        return { scratch: s, ...generate(s.url, clock) };
      } catch (e) {
        await s.drop();
        throw e;
      }
    }

    before(async () => {
      aware = await run({ useTz: true, timeZone: 'UTC' });
      for (const zone of naiveZones) naive.set(zone, aware && (await run({ useTz: false, timeZone: zone })));
      if (!aware) unavailable = `${title}: database server unreachable`;
    });
    after(async () => {
      await aware?.scratch.drop();
      for (const r of naive.values()) await r?.scratch.drop();
    });

    test('every db-engine case, with fallback keys and legacy accepted (a 3.2 site, or 4.1.8+ for rotation)', async (t) => {
      if (!aware) return t.skip(unavailable);
      assert.ok(aware.cases.filter((c) => c.engine === 'db').length >= 40);
      assert.deepEqual(await disagreements(aware, { engine: 'db' }, (c) => c.expected), []);
      assert.deepEqual(await disagreements(aware, { engine: 'cached_db' }, (c) => c.expected), []);
    });

    test('without fallback keys, the rotated session is anonymous as Django says', async (t) => {
      if (!aware) return t.skip(unavailable);
      const rotated = aware.cases.find((c) => c.case === 'rotated_key');
      assert.ok(rotated?.expected && !rotated.expectedNoFallbacks);
      assert.deepEqual(await disagreements(aware, { secretKeyFallbacks: [] }, (c) => c.expectedNoFallbacks), []);
    });

    test('with legacy refused (Django 4.0+), legacy sessions are anonymous and the rest unchanged', async (t) => {
      if (!aware) return t.skip(unavailable);
      if (aware.site.djangoVersion.startsWith('3.')) assert.ok(aware.cases.some((c) => c.legacy && c.expected));
      assert.deepEqual(await disagreements(aware, { acceptLegacy: false }, (c) => (c.legacy ? null : c.expected)), []);
      assert.deepEqual(await disagreements(aware, { acceptLegacy: false, engine: 'signed_cookies' }, (c) => (c.legacy ? null : c.expected)), []);
    });

    test('every signed_cookies case, with its max age', async (t) => {
      if (!aware) return t.skip(unavailable);
      assert.ok(aware.cases.some((c) => c.case === 'signed_cookie_expired'));
      assert.deepEqual(await disagreements(aware, { engine: 'signed_cookies' }, (c) => c.expected), []);
      assert.deepEqual(await disagreements(aware, { engine: 'signed_cookies', secretKeyFallbacks: [] }, (c) => c.expectedNoFallbacks), []);
    });

    test('roles, names and the session key', async (t) => {
      if (!aware) return t.skip(unavailable);
      const id = identity(aware);
      try {
        const who = async (name: string) => {
          const c = aware!.cases.find((c) => c.case === name);
          assert.ok(c?.cookieHeader, name);
          return id.resolve(c.cookieHeader);
        };
        const admin = await who('superuser');
        assert.deepEqual(admin?.roles, ['admin', 'monitor', 'helper']);
        assert.equal(admin?.displayName, 'Ada Admin');
        assert.equal(admin?.email, 'admin@example.org');
        assert.equal(admin?.isSuperuser, true);
        assert.match(admin?.sessionKey ?? '', /^[a-z0-9]{32}$/);
        assert.deepEqual((await who('helper_by_group'))?.roles, ['helper']);
        assert.equal((await who('helper_by_group'))?.displayName, 'Hel Per');
        assert.deepEqual((await who('monitor_by_permission'))?.roles, ['monitor']);
        assert.deepEqual((await who('trainee'))?.roles, ['trainee']);
        assert.deepEqual((await who('plain_user'))?.roles, ['guest']);
        assert.equal((await who('plain_user'))?.displayName, 'plain');
        // In the helpers group but inactive (let in by AllowAllUsersModelBackend): no permissions, a guest.
        assert.deepEqual((await who('inactive_allow_all_backend'))?.roles, ['guest']);
      } finally {
        await id.close();
      }
      const byPermission = identity(aware, { roles: { helperGroup: 'nobody', helperPermission: 'livechat.monitor_chat', monitorPermission: 'livechat.none', traineeGroup: 'Live Chat trainees' } });
      try {
        const c = aware.cases.find((c) => c.case === 'monitor_by_permission')!;
        assert.deepEqual((await byPermission.resolve(c.cookieHeader!))?.roles, ['helper']);
      } finally {
        await byPermission.close();
      }
    });

    test('reading never writes to the Django database', async (t) => {
      if (!aware) return t.skip(unavailable);
      const before = await snapshot(aware.scratch.url);
      await disagreements(aware, { engine: 'db' }, (c) => c.expected);
      await disagreements(aware, { engine: 'signed_cookies' }, (c) => c.expected);
      assert.equal(await snapshot(aware.scratch.url), before);
    });

    for (const zone of naiveZones) {
      test(`USE_TZ=False, TIME_ZONE=${zone}: naive expiry dates as Django compares them`, async (t) => {
        const run = naive.get(zone);
        if (!run) return t.skip(unavailable);
        assert.equal(run.site.useTz, false);
        assert.deepEqual(await disagreements(run, { engine: 'db' }, (c) => c.expected), []);
        // The comparison can fail: on a naive SQLite/MariaDB database, reading the dates as UTC is wrong.
        if (run.site.dialect !== 'postgresql') {
          assert.notDeepEqual(await disagreements(run, { engine: 'db', useTz: true }, (c) => c.expected), []);
        }
      });
    }
  });
}

// Los Angeles is behind UTC (a naive date read as UTC looks earlier), Tokyo ahead (it looks later).
dialectSuite('against Django on SQLite', [], scratchSqlite, ['America/Los_Angeles', 'Asia/Tokyo']);
dialectSuite('against Django on PostgreSQL', ['psycopg2'], scratchPostgres, ['America/Los_Angeles']);
dialectSuite('against Django on MariaDB', ['MySQLdb'], scratchMariadb, ['Asia/Tokyo']);
