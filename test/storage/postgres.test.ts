import { test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { openStore } from '../../src/storage/kysely/kysely-store.js';
import { adminUrl, freshDatabase, unreachableNotice } from '../support/databases.js';
import { staffContract } from './staff.contract.js';
import { statsContract } from './stats.contract.js';
import { storeContract } from './store.contract.js';

// One probe decides for the whole file: skipped visibly when the server is down (a failure when CI=true).
const probe = await freshDatabase('postgres');
if (probe) {
  await probe.drop();
  storeContract('PostgreSQL', async () => {
    const database = await freshDatabase('postgres');
    if (!database) throw new Error(unreachableNotice('postgres'));
    return database;
  });
  staffContract('PostgreSQL', async () => {
    const database = await freshDatabase('postgres');
    if (!database) throw new Error(unreachableNotice('postgres'));
    return database;
  });
  statsContract('PostgreSQL', async () => {
    const database = await freshDatabase('postgres');
    if (!database) throw new Error(unreachableNotice('postgres'));
    return database;
  });

  test('PostgreSQL: idle connections killed by the server do not crash the process', async () => {
    const database = (await freshDatabase('postgres'))!;
    const store = await openStore(database.url);
    const admin = new pg.Client({ connectionString: adminUrl('postgres') });
    try {
      await store.ping();
      await admin.connect();
      const { rows } = await admin.query('SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity WHERE datname = $1', [
        new URL(database.url).pathname.slice(1),
      ]);
      assert.ok(rows.length > 0 && rows.every((row) => row.killed));
      // A query may still draw a killed connection before node-postgres has noticed (it can fail twice:
      // the FATAL message, then the reset socket) and the pool then discards it. After that, queries work.
      const outcomes: string[] = [];
      for (let i = 0; i <= 2 * rows.length; i++) outcomes.push(await store.ping().then(() => 'ok', () => 'failed'));
      assert.equal(outcomes.at(-1), 'ok', `pings after the kill: ${outcomes.join(', ')}`);
    } finally {
      await admin.end();
      await store.close();
      await database.drop();
    }
  });
} else {
  test('PostgreSQL store contract', (t) => t.skip(unreachableNotice('postgres')));
}
