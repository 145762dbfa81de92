import { test } from 'node:test';
import { freshDatabase, unreachableNotice } from '../support/databases.js';
import { staffContract } from './staff.contract.js';
import { statsContract } from './stats.contract.js';
import { storeContract } from './store.contract.js';

// One probe decides for the whole file: skipped visibly when the server is down (a failure when CI=true).
const probe = await freshDatabase('mysql');
if (probe) {
  await probe.drop();
  storeContract('MariaDB/MySQL', async () => {
    const database = await freshDatabase('mysql');
    if (!database) throw new Error(unreachableNotice('mysql'));
    return database;
  });
  staffContract('MariaDB/MySQL', async () => {
    const database = await freshDatabase('mysql');
    if (!database) throw new Error(unreachableNotice('mysql'));
    return database;
  });
  statsContract('MariaDB/MySQL', async () => {
    const database = await freshDatabase('mysql');
    if (!database) throw new Error(unreachableNotice('mysql'));
    return database;
  });
} else {
  test('MariaDB/MySQL store contract', (t) => t.skip(unreachableNotice('mysql')));
}
