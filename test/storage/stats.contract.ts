// The Store contract of the monitor's statistics reads (supportChatTimes, surveyAnswers): run on every dialect
// beside storeContract.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openStore } from '../../src/storage/kysely/kysely-store.js';
import type { Store, SupportChat } from '../../src/storage/store.js';
import type { FreshDatabase } from '../support/databases.js';

export function statsContract(name: string, fresh: () => Promise<FreshDatabase>): void {
  describe(`Store contract, statistics: ${name}`, () => {
    let database: FreshDatabase;
    let store: Store;

    before(async () => {
      database = await fresh();
      store = await openStore(database.url);
    });
    after(async () => {
      await store?.close();
      await database?.drop();
    });

    // Times beyond 2^31 ms, as real ones are: BIGINT columns on every dialect.
    const T = 1_900_000_000_000;
    const row = (id: string, queuedAt: number, assignedAt: number | null, endedAt: number | null): SupportChat => ({
      id,
      roomId: null,
      guestId: `g-${id}`,
      helperId: assignedAt === null ? null : 'helper-1',
      state: endedAt === null ? (assignedAt === null ? 'queued' : 'active') : 'ended',
      question: 'q',
      metadata: { product: 'x' },
      queuedAt,
      assignedAt,
      endedAt,
      endedBy: null,
      endReason: null,
    });

    test('supportChatTimes: chats queued before `to` and not ended before `from`, oldest first, limited', async () => {
      const from = T + 1000;
      const to = T + 2000;
      for (const chat of [
        row('ended-before', T, T + 10, T + 999),
        row('ended-at-from', T + 1, null, T + 1000),
        row('open-from-before', T + 2, T + 1500, null),
        row('waiting', T + 1200, null, null),
        row('inside', T + 1100, T + 1300, T + 1900),
        row('after', T + 2000, null, null),
      ]) {
        await store.createSupportChat(chat);
      }
      const chats = await store.supportChatTimes(from, to, 100);
      assert.deepEqual(chats, [
        { id: 'ended-at-from', helperId: null, queuedAt: T + 1, assignedAt: null, endedAt: T + 1000 },
        { id: 'open-from-before', helperId: 'helper-1', queuedAt: T + 2, assignedAt: T + 1500, endedAt: null },
        { id: 'inside', helperId: 'helper-1', queuedAt: T + 1100, assignedAt: T + 1300, endedAt: T + 1900 },
        { id: 'waiting', helperId: null, queuedAt: T + 1200, assignedAt: null, endedAt: null },
      ]);
      assert.deepEqual(
        (await store.supportChatTimes(from, to, 2)).map((c) => c.id),
        ['ended-at-from', 'open-from-before'],
      );
    });

    test('surveyAnswers: answers given in [from, to), oldest first; unanswered outcomes are not answers', async () => {
      await store.staff.answerSurvey('s-before', 1, '', T + 5999);
      await store.staff.answerSurvey('s-late', 4, 'fine', T + 6500);
      await store.staff.answerSurvey('s-early', 5, '', T + 6000);
      await store.staff.answerSurvey('s-after', 2, '', T + 7000);
      await store.staff.setFollowUp('s-unanswered', true, 'helper-1', T + 6100);
      assert.deepEqual(await store.surveyAnswers(T + 6000, T + 7000, 100), [
        { chat: 's-early', rating: 5, time: T + 6000 },
        { chat: 's-late', rating: 4, time: T + 6500 },
      ]);
      assert.deepEqual(await store.surveyAnswers(T + 6000, T + 7000, 1), [{ chat: 's-early', rating: 5, time: T + 6000 }]);
    });
  });
}
