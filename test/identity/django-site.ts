// A real Django site for sign-in tests: the generator's SQLite database (real sessions made by
// django.contrib.auth.login), generated once per test file and copied per test, plus the changes Django itself
// would make on logout, a password change, a group change or a deactivation, written straight into its tables.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { djangoConfig, type DjangoConfig } from '../../src/identity/django/config.js';
import { type Case, type Site, generate, pythonMissing, skipNotice } from './django/django-fixtures.js';

/** Why Django tests cannot run here (skip with a visible notice), or null. Throws under CI=true instead. */
export function djangoUnavailable(): string | null {
  const missing = pythonMissing(['django']);
  return missing && skipNotice(missing);
}

export interface DjangoSite {
  config: DjangoConfig;
  /** The Cookie header of a generated case, e.g. 'helper_by_group' (user 'helper', in the helpers group). */
  cookie(caseName: string): string;
  /** The session key inside that cookie. */
  key(caseName: string): string;
  /** Runs SQL on the site's database, as Django would write it. */
  run(statement: string, ...params: unknown[]): void;
  /** Django's logout: the session row is deleted. */
  logout(caseName: string): void;
  /** A password change: a new hash in auth_user.password, so the old sessions' auth hashes no longer match. */
  changePassword(username: string): void;
  /** Removes a user from a group, by name. */
  leaveGroup(username: string, group: string): void;
  close(): void;
}

/** Generates one site (about a second); each test then takes a copy with `copy()`. */
export function generatedSite(): { copy(): DjangoSite; close(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'parakeet-django-site-'));
  const original = join(dir, 'original.sqlite3');
  const { site, cases } = generate(`sqlite:${original}`);
  let n = 0;
  return {
    copy: () => {
      const path = join(dir, `copy-${n++}.sqlite3`);
      copyFileSync(original, path);
      return openSite(path, site, cases);
    },
    close: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function openSite(path: string, site: Site, cases: Case[]): DjangoSite {
  const db = new Database(path);
  const cookie = (name: string) => {
    const header = cases.find((c) => c.case === name)?.cookieHeader;
    if (!header) throw new Error(`no generated case ${name}`);
    return header;
  };
  const key = (name: string) => cookie(name).replace(/^sessionid=/, '');
  const run = (statement: string, ...params: unknown[]) => void db.prepare(statement).run(...params);
  return {
    config: djangoConfig({
      databaseUrl: `sqlite:${path}`,
      secretKey: site.secretKey,
      secretKeyFallbacks: site.secretKeyFallbacks,
      backends: site.backends,
      cookieName: site.cookieName,
      useTz: site.useTz,
      timeZone: site.timeZone,
    }),
    cookie,
    key,
    run,
    logout: (name) => run('DELETE FROM django_session WHERE session_key = ?', key(name)),
    changePassword: (username) => run("UPDATE auth_user SET password = 'md5$newsalt$0123456789abcdef0123456789abcdef' WHERE username = ?", username),
    leaveGroup: (username, group) =>
      run(
        'DELETE FROM auth_user_groups WHERE user_id = (SELECT id FROM auth_user WHERE username = ?) AND group_id = (SELECT id FROM auth_group WHERE name = ?)',
        username,
        group,
      ),
    close: () => db.close(),
  };
}
