// Versioned migrations as code. Append new ones with the next number; never edit one that has shipped.
import type { Migration, MigrationProvider } from 'kysely';
import type { Dialect } from '../connect.js';
import { initial } from './0001-initial.js';
import { supportChats } from './0002-support-chats.js';
import { staff } from './0003-staff.js';
import { sessionDjangoKey } from './0004-session-django-key.js';
import { supportQueueState } from './0005-support-queue-state.js';

export function migrationProvider(dialect: Dialect): MigrationProvider {
  const migrations: Record<string, Migration> = {
    '0001-initial': initial(dialect),
    '0002-support-chats': supportChats(dialect),
    '0003-staff': staff(dialect),
    '0004-session-django-key': sessionDjangoKey,
    '0005-support-queue-state': supportQueueState(dialect),
  };
  return { getMigrations: async () => migrations };
}
