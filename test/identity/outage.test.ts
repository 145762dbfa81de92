// A Django database outage is a server problem, never a verdict on the visitor: nobody is signed out by it, and
// nobody without a session is quietly made anonymous (503 instead).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryBus } from '../../src/bus/memory.js';
import { djangoConfig } from '../../src/identity/django/config.js';
import { Identity } from '../../src/identity/identity.js';
import { Sessions } from '../../src/identity/sessions.js';
import { AppError } from '../../src/services/errors.js';
import { openStore } from '../../src/storage/kysely/kysely-store.js';
import { freshDatabase } from '../support/databases.js';

test('with the Django database down: a first sign-in is 503, a Django-backed session is kept, a guest stays a guest', async () => {
  const database = (await freshDatabase('sqlite'))!;
  const store = await openStore(database.url);
  // Nothing listens on port 1: every Django query fails at once with ECONNREFUSED.
  const django = djangoConfig({ databaseUrl: 'postgres://nobody@127.0.0.1:1/site', secretKey: 'k' });
  let n = 0;
  const deps = { store, bus: new MemoryBus(), now: () => 1_000_000, newId: () => `id${n++}`, recheckMs: 60_000, warn: () => {} };
  const sessions = new Sessions(store, 3_600_000, deps.now, deps.newId);
  const identity = new Identity({ ...deps, sessions }, { django });
  const cookie = 'sessionid=l9b6w8ppvxuylv21xremct3k2zsqzxut';
  try {
    await assert.rejects(identity.authenticate(undefined, cookie), (e: unknown) => e instanceof AppError && e.status === 503);

    const guest = await identity.guests.create('Gus');
    const guestSession = await sessions.create(guest);
    const asGuest = await identity.authenticate(guestSession.id, cookie);
    assert.equal(asGuest.signedIn?.user.id, guest.id);
    assert.equal(asGuest.created, false);

    const user = await store.createUser({ id: 'dj', name: 'helper', displayName: 'Hel Per', source: 'django', externalId: '2', roles: ['helper'], createdAt: 1 });
    const djangoSession = await sessions.create(user, 'l9b6w8ppvxuylv21xremct3k2zsqzxut');
    const kept = await identity.authenticate(djangoSession.id, cookie);
    assert.equal(kept.signedIn?.session.id, djangoSession.id, 'the due re-check failed, the session stays');
    assert.deepEqual((await identity.recheck(kept.signedIn!))?.roles, ['helper']);
    assert.ok(await store.getSession(djangoSession.id));
  } finally {
    await identity.close();
    await store.close();
    await database.drop();
  }
});
