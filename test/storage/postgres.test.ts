import { test } from 'node:test';
import { freshDatabase, unreachableNotice } from '../support/databases.js';
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
} else {
  test('PostgreSQL store contract', (t) => t.skip(unreachableNotice('postgres')));
}
