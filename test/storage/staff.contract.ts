// The Store contract of the staff features (staff-only events, Store.staff): run on every dialect beside
// storeContract.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { UserRef } from '../../src/domain/types.js';
import { openStore } from '../../src/storage/kysely/kysely-store.js';
import type { WebhookDelivery } from '../../src/storage/staff.js';
import type { Store } from '../../src/storage/store.js';
import type { FreshDatabase } from '../support/databases.js';

export function staffContract(name: string, fresh: () => Promise<FreshDatabase>): void {
  describe(`Store contract, staff features: ${name}`, () => {
    let database: FreshDatabase;
    let store: Store;
    let counter = 0;
    const uid = (prefix: string) => `${prefix}-${++counter}`;

    before(async () => {
      database = await fresh();
      store = await openStore(database.url);
    });
    after(async () => {
      await store?.close();
      await database?.drop();
    });

    async function user(): Promise<UserRef> {
      const id = uid('u');
      await store.createUser({ id, name: id, displayName: id, source: 'local', roles: [], createdAt: 1 });
      return { id, name: id };
    }

    async function room(): Promise<string> {
      const id = uid('room');
      await store.createRoom({ id, kind: 'support', name: id, topic: '', inviteOnly: true, createdBy: 'system', createdAt: 1 });
      return id;
    }

    test('staff-only events are read back by staff viewers only, and the limit counts visible events', async () => {
      const roomId = await room();
      const [guest, helper] = [await user(), await user()];
      const say = async (author: UserRef, body: string, audience?: 'staff') => {
        const r = await store.append({ room: roomId, kind: 'message', author, body, audience, time: 1 });
        assert.ok(r.ok);
        return r.message;
      };
      await say(guest, 'hello');
      const whisper = await say(helper, 'psst', 'staff');
      await say(helper, 'hi');
      await say(helper, 'to guest only', undefined);
      await store.append({ room: roomId, kind: 'join', author: helper, data: { role: 'watcher' }, audience: 'staff', time: 1 });
      assert.equal(whisper.audience, 'staff');
      const seqs = (rows: Array<{ seq: number }>) => rows.map((r) => r.seq);
      assert.deepEqual(seqs(await store.eventsAfter(roomId, 0, 10, guest.id)), [1, 3, 4]);
      assert.deepEqual(seqs(await store.eventsAfter(roomId, 0, 10, guest.id, false)), [1, 3, 4]);
      assert.deepEqual(seqs(await store.eventsAfter(roomId, 0, 10, helper.id, true)), [1, 2, 3, 4, 5]);
      assert.deepEqual(seqs(await store.eventsBefore(roomId, 6, 2, guest.id)), [3, 4]);
      assert.deepEqual(seqs(await store.eventsBefore(roomId, 6, 2, helper.id, true)), [4, 5]);
      // Even its author reads a staff-only event only as staff.
      assert.deepEqual(seqs(await store.eventsAfter(roomId, 0, 10, helper.id, false)), [1, 3, 4]);
      assert.deepEqual((await store.eventsAfter(roomId, 1, 1, helper.id, true))[0], whisper);
    });

    test('monitor actions: appended and listed oldest first', async () => {
      const chat = uid('chat');
      const monitor = await user();
      await store.staff.addMonitorAction({ id: uid('a'), chat, monitor, action: 'watch', detail: {}, time: 10 });
      await store.staff.addMonitorAction({ id: uid('a'), chat, monitor, action: 'handback', detail: { helper: 'h1' }, time: 20 });
      await store.staff.addMonitorAction({ id: uid('a'), chat: uid('chat'), monitor, action: 'barge', detail: {}, time: 15 });
      const actions = await store.staff.listMonitorActions(chat);
      assert.deepEqual(actions.map((a) => [a.action, a.detail, a.time, a.monitor]), [['watch', {}, 10, monitor], ['handback', { helper: 'h1' }, 20, monitor]]);
    });

    test('canned responses: shared and per owner, replace by short code, delete', async () => {
      const [alice, bob] = [uid('alice'), uid('bob')];
      const base = { title: 'T', body: 'B', updatedBy: alice, updatedAt: 1 };
      await store.staff.saveCanned({ id: uid('c'), owner: null, shortcode: 'hi', ...base, body: 'shared hi' });
      await store.staff.saveCanned({ id: uid('c'), owner: alice, shortcode: 'hi', ...base, body: 'alice hi' });
      await store.staff.saveCanned({ id: uid('c'), owner: bob, shortcode: 'bye', ...base });
      const first = (await store.staff.getCanned(alice, 'hi'))!;
      const replaced = await store.staff.saveCanned({ id: uid('c'), owner: alice, shortcode: 'hi', ...base, body: 'alice hi 2', updatedAt: 2 });
      assert.equal(replaced.id, first.id);
      assert.deepEqual((await store.staff.listCanned(alice)).map((c) => [c.owner, c.shortcode, c.body]), [[null, 'hi', 'shared hi'], [alice, 'hi', 'alice hi 2']]);
      assert.equal(await store.staff.deleteCanned(null, 'hi'), true);
      assert.equal(await store.staff.deleteCanned(null, 'hi'), false);
      assert.equal(await store.staff.getCanned(null, 'hi'), undefined);
      assert.deepEqual((await store.staff.listCanned(bob)).map((c) => c.shortcode), ['bye']);
    });

    test('tags: added once, listed, found by tag, removed', async () => {
      const [c1, c2] = [uid('chat'), uid('chat')];
      const tag = (t: string, source: 'manual' | 'auto' = 'auto') => ({ tag: t, source, by: null, time: 5 });
      assert.deepEqual(await store.staff.addTags(c1, [tag('mac'), tag('crash')]), ['mac', 'crash']);
      assert.deepEqual(await store.staff.addTags(c1, [tag('mac'), tag('sync', 'manual')]), ['sync']);
      await store.staff.addTags(c2, [tag('mac')]);
      assert.deepEqual((await store.staff.listTags(c1)).map((t) => [t.tag, t.source]), [['crash', 'auto'], ['mac', 'auto'], ['sync', 'manual']]);
      assert.deepEqual((await store.staff.chatsWithTag('mac')).sort(), [c1, c2].sort());
      assert.equal(await store.staff.removeTag(c1, 'mac'), true);
      assert.equal(await store.staff.removeTag(c1, 'mac'), false);
      assert.deepEqual(await store.staff.chatsWithTag('mac'), [c2]);
    });

    test('outcomes: follow-up flag and a survey answered once, even concurrently', async () => {
      const chat = uid('chat');
      assert.equal(await store.staff.getOutcome(chat), undefined);
      await store.staff.setFollowUp(chat, true, 'h', 7);
      assert.deepEqual(await store.staff.getOutcome(chat), { followUp: true, followUpBy: 'h', followUpAt: 7, survey: null });
      const answers = await Promise.all([1, 2, 3, 4].map((r) => store.staff.answerSurvey(chat, r, `c${r}`, 9)));
      assert.equal(answers.filter(Boolean).length, 1);
      const { survey, followUp } = (await store.staff.getOutcome(chat))!;
      assert.equal(followUp, true);
      assert.equal(survey?.comment, `c${survey?.rating}`);
      await store.staff.setFollowUp(chat, false, 'h', 8);
      assert.equal((await store.staff.getOutcome(chat))?.followUp, false);
    });

    test('text search over message bodies: case-insensitive, wildcards literal', async () => {
      const [r1, r2, r3] = [await room(), await room(), await room()];
      const alice = await user();
      await store.append({ room: r1, kind: 'message', author: alice, body: 'Firefox CRASHES on start', time: 1 });
      await store.append({ room: r2, kind: 'message', author: alice, body: '100% fine_ok', time: 1 });
      await store.append({ room: r3, kind: 'topic', author: alice, data: { topic: 'crashes' }, time: 1 });
      assert.deepEqual(await store.staff.roomsMentioning([r1, r2, r3], 'crashes'), [r1]);
      assert.deepEqual(await store.staff.roomsMentioning([r1, r2, r3], '100%'), [r2]);
      assert.deepEqual(await store.staff.roomsMentioning([r1, r2, r3], '%'), [r2]);
      assert.deepEqual(await store.staff.roomsMentioning([r1, r2, r3], 'fin_'), []);
      assert.deepEqual(await store.staff.roomsMentioning([], 'x'), []);
    });

    test('webhook deliveries: due by time, updated, next due time, newest first', async () => {
      const delivery = (nextAt: number, createdAt: number): WebhookDelivery => ({
        id: uid('d'),
        event: 'chat.ended',
        url: 'http://127.0.0.1:1/hook',
        body: '{"a":1}',
        state: 'pending',
        attempts: 0,
        nextAt,
        lastStatus: null,
        lastError: null,
        createdAt,
        updatedAt: createdAt,
      });
      const [a, b] = [delivery(100, 1), delivery(200, 2)];
      await store.staff.addDeliveries([a, b]);
      assert.equal(await store.staff.nextDeliveryAt(), 100);
      assert.deepEqual(await store.staff.dueDeliveries(150, 10), [a]);
      await store.staff.updateDelivery(a.id, { state: 'delivered', attempts: 1, nextAt: null, lastStatus: 200, lastError: null, updatedAt: 150 });
      assert.deepEqual(await store.staff.dueDeliveries(300, 10), [b]);
      assert.equal(await store.staff.nextDeliveryAt(), 200);
      const listed = await store.staff.listDeliveries(10);
      assert.deepEqual(listed.map((d) => [d.id, d.state, d.attempts, d.lastStatus]), [[b.id, 'pending', 0, null], [a.id, 'delivered', 1, 200]]);
    });
  });
}
