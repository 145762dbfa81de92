// A chat session signed in from a Django session remembers that session's cookie value, so Parakeet can
// re-resolve it and end the chat session when Django logs the user out. Text: a signed_cookies value can be
// several kilobytes; it is never indexed.
import type { Kysely, Migration } from 'kysely';

export const sessionDjangoKey: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('sessions').addColumn('django_key', 'text').execute();
  },
};
