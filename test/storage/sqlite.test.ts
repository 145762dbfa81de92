import { freshDatabase } from '../support/databases.js';
import { staffContract } from './staff.contract.js';
import { statsContract } from './stats.contract.js';
import { storeContract } from './store.contract.js';

storeContract('SQLite', async () => (await freshDatabase('sqlite'))!);
staffContract('SQLite', async () => (await freshDatabase('sqlite'))!);
statsContract('SQLite', async () => (await freshDatabase('sqlite'))!);
