import { freshDatabase } from '../support/databases.js';
import { storeContract } from './store.contract.js';

storeContract('SQLite', async () => (await freshDatabase('sqlite'))!);
