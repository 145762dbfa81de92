import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { djangoConfigFromEnv } from '../../../src/identity/django/config.js';

const base = { PARAKEET_DJANGO_DATABASE_URL: 'postgres://parakeet_ro@db/site', PARAKEET_DJANGO_SECRET_KEY: ' key with spaces ' };

describe('djangoConfigFromEnv', () => {
  test('null when no Django database is configured', () => {
    assert.equal(djangoConfigFromEnv({}), null);
    assert.equal(djangoConfigFromEnv({ PARAKEET_DJANGO_DATABASE_URL: '  ' }), null);
  });

  test('defaults mirror Django defaults; the key is taken byte for byte', () => {
    assert.deepEqual(djangoConfigFromEnv(base), {
      databaseUrl: 'postgres://parakeet_ro@db/site',
      secretKey: ' key with spaces ',
      secretKeyFallbacks: [],
      cookieName: 'sessionid',
      engine: 'db',
      acceptLegacy: false,
      backends: ['django.contrib.auth.backends.ModelBackend'],
      userTable: 'auth_user',
      useTz: true,
      timeZone: 'America/Chicago',
      roles: { helperGroup: 'Live Chat helpers', monitorPermission: 'livechat.monitor_chat', traineeGroup: 'Live Chat trainees' },
    });
  });

  test('every variable is read', () => {
    const c = djangoConfigFromEnv({
      ...base,
      PARAKEET_DJANGO_SECRET_KEY_FALLBACKS: 'old-1, old-2',
      PARAKEET_DJANGO_COOKIE_NAME: 'site_session',
      PARAKEET_DJANGO_SESSION_ENGINE: 'django.contrib.sessions.backends.signed_cookies',
      PARAKEET_DJANGO_ACCEPT_LEGACY: 'yes',
      PARAKEET_DJANGO_BACKENDS: 'django.contrib.auth.backends.ModelBackend,allauth.account.auth_backends.AuthenticationBackend',
      PARAKEET_DJANGO_USER_TABLE: 'accounts_user',
      PARAKEET_DJANGO_USE_TZ: 'false',
      PARAKEET_DJANGO_TIME_ZONE: 'Europe/Paris',
      PARAKEET_DJANGO_SESSION_COOKIE_AGE: '3600',
      PARAKEET_DJANGO_HELPER_GROUP: 'Helpers',
      PARAKEET_DJANGO_HELPER_PERMISSION: 'livechat.answer_chat',
      PARAKEET_DJANGO_TRAINEE_GROUP: 'Trainees',
      PARAKEET_DJANGO_MONITOR_PERMISSION: 'support.monitor',
      PARAKEET_DJANGO_LOGIN_URL: '/accounts/login/',
    });
    assert.ok(c);
    assert.deepEqual(c.secretKeyFallbacks, ['old-1', 'old-2']);
    assert.equal(c.cookieName, 'site_session');
    assert.equal(c.engine, 'signed_cookies');
    assert.equal(c.acceptLegacy, true);
    assert.equal(c.backends.length, 2);
    assert.equal(c.userTable, 'accounts_user');
    assert.equal(c.useTz, false);
    assert.equal(c.timeZone, 'Europe/Paris');
    assert.equal(c.signedCookieMaxAge, 3600);
    assert.equal(c.loginUrl, '/accounts/login/');
    assert.deepEqual(c.roles, { helperGroup: 'Helpers', helperPermission: 'livechat.answer_chat', traineeGroup: 'Trainees', monitorPermission: 'support.monitor' });
  });

  test('a bad setting is named in the error', () => {
    const bad: [Record<string, string>, RegExp][] = [
      [{ PARAKEET_DJANGO_SECRET_KEY: '' }, /PARAKEET_DJANGO_SECRET_KEY/],
      [{ PARAKEET_DJANGO_SESSION_ENGINE: 'django.contrib.sessions.backends.cache' }, /PARAKEET_DJANGO_SESSION_ENGINE.*cached_db/],
      [{ PARAKEET_DJANGO_ACCEPT_LEGACY: 'maybe' }, /PARAKEET_DJANGO_ACCEPT_LEGACY/],
      [{ PARAKEET_DJANGO_USE_TZ: '2' }, /PARAKEET_DJANGO_USE_TZ/],
      [{ PARAKEET_DJANGO_TIME_ZONE: 'Mars/Olympus' }, /PARAKEET_DJANGO_TIME_ZONE/],
      [{ PARAKEET_DJANGO_USER_TABLE: 'auth_user; DROP TABLE x' }, /PARAKEET_DJANGO_USER_TABLE/],
      [{ PARAKEET_DJANGO_COOKIE_NAME: 'a b' }, /PARAKEET_DJANGO_COOKIE_NAME/],
      [{ PARAKEET_DJANGO_SESSION_COOKIE_AGE: '2 weeks' }, /PARAKEET_DJANGO_SESSION_COOKIE_AGE/],
      [{ PARAKEET_DJANGO_LOGIN_URL: 'javascript:alert(1)' }, /PARAKEET_DJANGO_LOGIN_URL/],
    ];
    for (const [env, message] of bad) assert.throws(() => djangoConfigFromEnv({ ...base, ...env }), message, JSON.stringify(env));
  });
});
