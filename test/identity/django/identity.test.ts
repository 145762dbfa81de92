// The provider's contract where no Django is needed: client input never throws, a database outage does.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { djangoConfig } from '../../../src/identity/django/config.js';
import { createDjangoIdentity } from '../../../src/identity/django/identity.js';

// Nothing listens on port 1: every query fails fast with ECONNREFUSED.
const down = djangoConfig({ databaseUrl: 'postgres://nobody@127.0.0.1:1/site', secretKey: 'k' });

describe('createDjangoIdentity', () => {
  test('bad input is anonymous without touching the database', async () => {
    const id = createDjangoIdentity(down);
    try {
      for (const header of [undefined, '', 'theme=dark', 'sessionid=', 'sessionid=short', "sessionid=abcdefgh' OR '1'='1", 'sessionid=' + 'A'.repeat(32)]) {
        assert.equal(await id.resolve(header), null, String(header));
      }
    } finally {
      await id.close();
    }
    const signed = createDjangoIdentity({ ...down, engine: 'signed_cookies' });
    try {
      assert.equal(await signed.resolve('sessionid=.eJxVjEEO:1xWD8j:96upQPLKS5mAqvHi2CzP92mLabxJHnT7HOJdg_RLMJI'), null);
    } finally {
      await signed.close();
    }
  });

  test('a database outage is an error, not anonymity', async () => {
    const id = createDjangoIdentity(down);
    try {
      await assert.rejects(id.resolve('sessionid=l9b6w8ppvxuylv21xremct3k2zsqzxut'), /ECONNREFUSED|connect/);
    } finally {
      await id.close();
    }
  });

  test('a bad config is refused at creation', () => {
    assert.throws(() => createDjangoIdentity({ ...down, userTable: 'x y' }), /config\.userTable/);
    assert.throws(() => createDjangoIdentity({ ...down, engine: 'cache' as never }), /config\.engine/);
    assert.throws(() => createDjangoIdentity({ ...down, databaseUrl: 'sqlite:/nonexistent/django.sqlite3' }), /unable to open|directory does not exist|SQLITE_CANTOPEN/i);
  });
});
