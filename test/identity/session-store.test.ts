// The chat session's Django key (migration 0004) on all three dialects: stored, read back, and absent for
// sessions that did not come from Django. A signed_cookies value is kilobytes long, so the column is text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStore } from '../../src/storage/kysely/kysely-store.js';
import { type DatabaseKind, freshDatabase, unreachableNotice } from '../support/databases.js';

for (const kind of ['sqlite', 'postgres', 'mysql'] as DatabaseKind[]) {
  test(`${kind}: a chat session remembers the Django session it came from`, async (t) => {
    const database = await freshDatabase(kind);
    if (!database) return t.skip(unreachableNotice(kind));
    const store = await openStore(database.url);
    try {
      await store.createUser({ id: 'u1', name: 'helper', displayName: 'Hel Per', source: 'django', externalId: '2', roles: ['helper'], createdAt: 1 });
      const signedCookie = `.eJx${'A'.repeat(3000)}:1s2t3u:${'b'.repeat(43)}`;
      const fromDjango = { id: 's1', userId: 'u1', createdAt: 1, expiresAt: 2, djangoKey: 'l9b6w8ppvxuylv21xremct3k2zsqzxut' };
      const fromCookie = { id: 's2', userId: 'u1', createdAt: 1, expiresAt: 2, djangoKey: signedCookie };
      const local = { id: 's3', userId: 'u1', createdAt: 1, expiresAt: 2 };
      for (const s of [fromDjango, fromCookie, local]) await store.createSession(s);
      assert.deepEqual(await store.getSession('s1'), fromDjango);
      assert.deepEqual(await store.getSession('s2'), fromCookie);
      assert.deepEqual(await store.getSession('s3'), local, 'no djangoKey field at all when none was given');
    } finally {
      await store.close();
      await database.drop();
    }
  });
}
