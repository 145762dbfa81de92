// Bring a database to the latest schema. Safe to run on every start and from several processes at once:
// Kysely's Migrator holds a lock while it works and skips migrations already applied.
import { Migrator, type Kysely } from 'kysely';
import type { Dialect } from './connect.js';
import { migrationProvider } from './migrations/index.js';
import type { Database } from './schema.js';

export type MigrationLog = (message: string) => void;

export async function migrateToLatest(db: Kysely<Database>, dialect: Dialect, log: MigrationLog = () => {}): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider(dialect) });
  const { error, results } = await migrator.migrateToLatest();
  for (const result of results ?? []) {
    log(`migration ${result.migrationName}: ${result.status}`);
  }
  if (error) throw error instanceof Error ? error : new Error(`migration failed: ${String(error)}`);
}
