// The Store contract: every implementation runs these cases against its own fresh database.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { StoredMessage, UserRef } from '../../src/domain/types.js';
import type { AppendInput, Store } from '../../src/storage/store.js';
import { openStore } from '../../src/storage/kysely/kysely-store.js';
import type { FreshDatabase } from '../support/databases.js';

export function storeContract(name: string, fresh: () => Promise<FreshDatabase>): void {
  describe(`Store contract: ${name}`, () => {
    let database: FreshDatabase;
    let store: Store;
    const migrationLog: string[] = [];
    let counter = 0;
    /** Ids unique within this database, so cases sharing it do not see each other. */
    const uid = (prefix: string) => `${prefix}-${++counter}`;

    before(async () => {
      database = await fresh();
      store = await openStore(database.url, { log: (line) => migrationLog.push(line) });
    });
    after(async () => {
      await store?.close();
      await database?.drop();
    });

    async function user(label = 'u'): Promise<UserRef> {
      const id = uid(label);
      await store.createUser({ id, name: `${id}-name`, displayName: `${label} ${id}`, source: 'local', roles: [], createdAt: 1 });
      return { id, name: `${id}-name` };
    }

    async function room(options: { inviteOnly?: boolean } = {}): Promise<string> {
      const id = uid('room');
      await store.createRoom({
        id,
        kind: 'conference',
        name: `Room ${id}`,
        topic: '',
        inviteOnly: options.inviteOnly ?? false,
        createdBy: 'system',
        createdAt: 1000,
      });
      return id;
    }

    async function say(roomId: string, author: UserRef | null, body: string, extra: Partial<AppendInput> = {}): Promise<StoredMessage> {
      const result = await store.append({ room: roomId, kind: 'message', author, body, time: 5000, ...extra });
      assert.ok(result.ok, `append failed: ${JSON.stringify(result)}`);
      return result.message;
    }

    const seqs = (messages: StoredMessage[]) => messages.map((m) => m.seq);
    const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

    test('the first open applies every migration in order and logs it', () => {
      assert.equal(migrationLog[0], 'migration 0001-initial: Success');
      assert.ok(migrationLog.includes('migration 0002-support-chats: Success'), migrationLog.join('\n'));
      assert.ok(migrationLog.every((line) => line.endsWith(': Success')));
    });

    test('support chats: create, update, read by id and room, list by state, guest and helper', async () => {
      const guest = uid('guest');
      const chat = {
        id: uid('chat'),
        roomId: null,
        guestId: guest,
        helperId: null,
        state: 'queued' as const,
        question: 'Wie exportiere ich „Lesezeichen“?',
        metadata: { product: 'Firefox', addons: ['uBlock'], ua: { browser: { name: 'Firefox' } } },
        queuedAt: 1_700_000_000_001,
        assignedAt: null,
        endedAt: null,
        endedBy: null,
        endReason: null,
      };
      await store.createSupportChat(chat);
      assert.deepEqual(await store.getSupportChat(chat.id), chat);
      assert.equal(await store.getSupportChat('no-such-chat'), undefined);
      const roomId = await room();
      await store.updateSupportChat(chat.id, { roomId, helperId: 'h1', state: 'active', assignedAt: 1_700_000_000_002 });
      const active = { ...chat, roomId, helperId: 'h1', state: 'active' as const, assignedAt: 1_700_000_000_002 };
      assert.deepEqual(await store.supportChatForRoom(roomId), active);
      assert.equal(await store.supportChatForRoom('no-such-room'), undefined);
      const later = { ...chat, id: uid('chat'), queuedAt: 1_700_000_000_005 };
      await store.createSupportChat(later);
      assert.deepEqual(
        (await store.listSupportChats({ guestId: guest })).map((c) => c.id),
        [later.id, chat.id],
        'newest first',
      );
      assert.deepEqual((await store.listSupportChats({ guestId: guest, states: ['queued'] })).map((c) => c.id), [later.id]);
      assert.deepEqual((await store.listSupportChats({ guestId: guest, states: [] })), []);
      assert.deepEqual((await store.listSupportChats({ helperId: 'h1' })).map((c) => c.id), [chat.id]);
      assert.equal((await store.listSupportChats({ guestId: guest, limit: 1 })).length, 1);
      await store.updateSupportChat(chat.id, { state: 'ended', endedAt: 1_700_000_000_009, endedBy: guest, endReason: 'solved', helperId: null });
      assert.deepEqual(await store.getSupportChat(chat.id), { ...active, state: 'ended', endedAt: 1_700_000_000_009, endedBy: guest, endReason: 'solved', helperId: null });
      await store.updateSupportChat(chat.id, {});
    });

    test('dispatch log: lines per chat in insertion order, including lines written together', async () => {
      const chatId = uid('chat');
      const line = (at: number, event: string) => ({ chatId, guestId: 'g', at, entry: { at, event } });
      await store.appendDispatchLog([line(5, 'joined'), line(5, 'dispatch')]);
      await store.appendDispatchLog([]);
      await store.appendDispatchLog([{ chatId: null, guestId: 'g', at: 6, entry: { event: 'refused' } }, line(4, 'accepted')]);
      assert.deepEqual(await store.dispatchLog(chatId), [line(5, 'joined'), line(5, 'dispatch'), line(4, 'accepted')]);
      assert.deepEqual(await store.dispatchLog('no-such-chat'), []);
    });

    test('support queue state: none at first, then the last one saved (large, multibyte) replaces the one before', async () => {
      assert.equal(await store.loadQueueState(), undefined);
      await store.saveQueueState('{"seq":1}', 1_700_000_000_001);
      assert.deepEqual(await store.loadQueueState(), { json: '{"seq":1}', savedAt: 1_700_000_000_001 });
      // Fifty guests' questions and details: beyond MySQL TEXT's 64 KB.
      const big = JSON.stringify({ seq: 2, guests: Array.from({ length: 50 }, (_, i) => ({ id: `g${i}`, question: `„Lesezeichen“ ${'x'.repeat(2000)}` })) });
      await Promise.all([store.saveQueueState(big, 1_700_000_000_002)]);
      assert.deepEqual(await store.loadQueueState(), { json: big, savedAt: 1_700_000_000_002 });
      await store.saveQueueState(big, 1_700_000_000_002);
      assert.deepEqual(await store.loadQueueState(), { json: big, savedAt: 1_700_000_000_002 }, 'saving the same state again is fine');
    });

    test('users: create, read by id, name and external id, list, update', async () => {
      const created = await store.createUser({
        id: uid('user'),
        name: uid('alice'),
        displayName: 'Alice',
        source: 'django',
        externalId: uid('ext'),
        passwordHash: null,
        roles: ['helper', 'monitor'],
        createdAt: 1_700_000_000_123,
      });
      assert.deepEqual(await store.getUser(created.id), created);
      assert.deepEqual(await store.getUserByName(created.name), created);
      assert.deepEqual(await store.getUserByExternalId('django', created.externalId!), created);
      assert.equal(await store.getUserByExternalId('local', created.externalId!), undefined);
      assert.equal(await store.getUser('nobody'), undefined);
      assert.equal(await store.getUserByName('nobody'), undefined);
      assert.ok((await store.listUsers()).some((u) => u.id === created.id));

      await store.updateUser(created.id, { displayName: 'Alice A.', roles: ['admin'], passwordHash: 'scrypt$x' });
      assert.deepEqual(await store.getUser(created.id), { ...created, displayName: 'Alice A.', roles: ['admin'], passwordHash: 'scrypt$x' });
      await store.updateUser(created.id, {});
      assert.equal((await store.getUser(created.id))?.displayName, 'Alice A.');
    });

    test('users: names are unique, and so are (source, external id)', async () => {
      const base = { displayName: 'X', source: 'django' as const, roles: [], createdAt: 1 };
      const name = uid('dup');
      await store.createUser({ ...base, id: uid('user'), name, externalId: uid('ext') });
      await assert.rejects(store.createUser({ ...base, id: uid('user'), name, externalId: uid('ext') }));
      const externalId = uid('ext');
      await store.createUser({ ...base, id: uid('user'), name: uid('n'), externalId });
      await assert.rejects(store.createUser({ ...base, id: uid('user'), name: uid('n'), externalId }));
      // Local users have no external id: many NULLs must not collide.
      await store.createUser({ ...base, source: 'local', id: uid('user'), name: uid('n') });
      await store.createUser({ ...base, source: 'local', id: uid('user'), name: uid('n') });
    });

    test('sessions: create, get, delete', async () => {
      const owner = await user();
      const session = { id: uid('session'), userId: owner.id, createdAt: 1_700_000_000_000, expiresAt: 1_700_086_400_000 };
      await store.createSession(session);
      assert.deepEqual(await store.getSession(session.id), session);
      await store.deleteSession(session.id);
      assert.equal(await store.getSession(session.id), undefined);
    });

    test('rooms: create and read back', async () => {
      const id = uid('room');
      const created = await store.createRoom({
        id,
        kind: 'support',
        name: 'Help désk',
        topic: 'Ask us',
        inviteOnly: true,
        createdBy: 'admin',
        createdAt: 1_700_000_000_000,
      });
      const expected = {
        id,
        kind: 'support',
        name: 'Help désk',
        topic: 'Ask us',
        inviteOnly: true,
        createdBy: 'admin',
        createdAt: 1_700_000_000_000,
        lastSeq: 0,
        bytes: 0,
      };
      assert.deepEqual(created, expected);
      assert.deepEqual(await store.getRoom(id), expected);
      assert.equal(await store.getRoom('no-such-room'), undefined);
      assert.equal((await store.getRoom(await room()))?.inviteOnly, false);
    });

    test('append stores the event exactly as given and counts body bytes', async () => {
      const roomId = await room();
      const alice = await user('alice');
      const bob = await user('bob');
      const result = await store.append({
        room: roomId,
        kind: 'message',
        author: alice,
        to: bob,
        body: 'hé',
        html: '<p>hé</p>',
        data: { nested: { list: [1, 'two'] } },
        clientId: uid('c'),
        time: 1_700_000_000_999,
      });
      assert.ok(result.ok);
      assert.equal(result.duplicate, false);
      assert.deepEqual((await store.eventsAfter(roomId, 0, 10, alice.id))[0], result.message);
      assert.deepEqual(result.message, {
        room: roomId,
        seq: 1,
        kind: 'message',
        author: alice,
        to: bob,
        body: 'hé',
        html: '<p>hé</p>',
        data: { nested: { list: [1, 'two'] } },
        clientId: result.message.clientId,
        time: 1_700_000_000_999,
      });
      const system = await store.append({ room: roomId, kind: 'topic', author: null, time: 6000, data: { topic: 't' } });
      assert.ok(system.ok);
      assert.deepEqual(
        { author: system.message.author, to: system.message.to, body: system.message.body, html: system.message.html },
        { author: null, to: null, body: null, html: null },
      );
      assert.deepEqual(await store.getRoom(roomId), { ...(await store.getRoom(roomId))!, lastSeq: 2, bytes: 3 });
    });

    test('append to a missing room: no_room', async () => {
      const alice = await user();
      assert.deepEqual(await store.append({ room: 'no-such-room', kind: 'message', author: alice, body: 'x', time: 1 }), {
        ok: false,
        reason: 'no_room',
      });
    });

    test('dense seqs: 200 concurrent appends to one room get 1..200, and readers never see a gap', async () => {
      const roomId = await room();
      const alice = await user();
      let stop = false;
      const snapshots: number[][] = [];
      const reader = (async () => {
        // Like a real reader (driven by I/O), it yields to the event loop between reads: on SQLite, whose driver
        // never leaves the microtask queue, a tight loop would starve the group commit that runs on setImmediate.
        while (!stop) {
          snapshots.push(seqs(await store.eventsAfter(roomId, 0, 1000, alice.id)));
          await new Promise((resolve) => setImmediate(resolve));
        }
      })();
      const results = await Promise.all(range(1, 200).map((i) => say(roomId, alice, `m${i}`)));
      stop = true;
      await reader;
      assert.deepEqual(seqs(results).sort((a, b) => a - b), range(1, 200));
      assert.deepEqual(seqs(await store.eventsAfter(roomId, 0, 1000, alice.id)), range(1, 200));
      assert.equal((await store.getRoom(roomId))?.lastSeq, 200);
      // Seqs commit in order: whatever a reader saw was a prefix 1..k.
      assert.ok(snapshots.length > 0);
      for (const seen of snapshots) assert.deepEqual(seen, range(1, seen.length));
    });

    test('dense seqs: concurrent appends across several rooms are dense per room', async () => {
      const rooms = await Promise.all(range(1, 4).map(() => room()));
      const alice = await user();
      const results = await Promise.all(range(0, 199).map((i) => say(rooms[i % 4], alice, `m${i}`)));
      for (const roomId of rooms) {
        const mine = results.filter((m) => m.room === roomId);
        assert.deepEqual(seqs(mine).sort((a, b) => a - b), range(1, 50));
        assert.deepEqual(seqs(await store.eventsAfter(roomId, 0, 1000, alice.id)), range(1, 50));
      }
    });

    test('idempotent clientId: a repeat returns the original row and changes nothing', async () => {
      const roomId = await room();
      const alice = await user();
      const bob = await user();
      const clientId = uid('client');
      const first = await store.append({ room: roomId, kind: 'message', author: alice, body: 'once', clientId, time: 10 });
      const again = await store.append({ room: roomId, kind: 'message', author: alice, body: 'twice?', clientId, time: 20 });
      assert.ok(first.ok && again.ok);
      assert.equal(first.duplicate, false);
      assert.equal(again.duplicate, true);
      assert.deepEqual(again.message, first.message);
      // The key is per author: bob may use the same one.
      const bobs = await store.append({ room: roomId, kind: 'message', author: bob, body: 'mine', clientId, time: 30 });
      assert.ok(bobs.ok && !bobs.duplicate);
      assert.equal(bobs.message.seq, 2);
      assert.deepEqual(await store.getRoom(roomId).then((r) => [r?.lastSeq, r?.bytes]), [2, 8]);
    });

    test('idempotent clientId: concurrent duplicates store one row', async () => {
      const roomId = await room();
      const alice = await user();
      const clientId = uid('client');
      const results = await Promise.all(
        range(1, 20).map(() =>
          store.append({
            room: roomId,
            kind: 'message',
            author: alice,
            body: 'hello',
            clientId,
            time: 10,
            effects: [{ kind: 'topic', topic: 'set once' }],
          }),
        ),
      );
      for (const r of results) {
        assert.ok(r.ok);
        assert.equal(r.message.seq, 1);
      }
      assert.equal(results.filter((r) => r.ok && !r.duplicate).length, 1);
      assert.deepEqual(seqs(await store.eventsAfter(roomId, 0, 100, alice.id)), [1]);
      const after = await store.getRoom(roomId);
      assert.deepEqual([after?.lastSeq, after?.bytes], [1, 5]);
    });

    test('room_full: refused without changing anything; the limit itself is allowed', async () => {
      const roomId = await room();
      const alice = await user();
      await say(roomId, alice, 'ééé'); // 6 bytes
      const full = await store.append({
        room: roomId,
        kind: 'message',
        author: alice,
        body: 'éé', // 4 bytes: 10 > 9
        clientId: uid('client'),
        time: 1,
        maxRoomBytes: 9,
        effects: [{ kind: 'topic', topic: 'must not apply' }, { kind: 'member', user: alice.id, role: 'member' }],
      });
      assert.deepEqual(full, { ok: false, reason: 'room_full' });
      const unchanged = await store.getRoom(roomId);
      assert.deepEqual([unchanged?.lastSeq, unchanged?.bytes, unchanged?.topic], [1, 6, '']);
      assert.equal(await store.getMembership(roomId, alice.id), undefined);
      assert.deepEqual(seqs(await store.eventsAfter(roomId, 0, 10, alice.id)), [1]);

      const fits = await store.append({ room: roomId, kind: 'message', author: alice, body: 'abc', time: 1, maxRoomBytes: 9 });
      assert.ok(fits.ok);
      assert.equal(fits.message.seq, 2);
      assert.equal((await store.getRoom(roomId))?.bytes, 9);
    });

    test('effects: join, role change, leave, rejoin', async () => {
      const roomId = await room();
      const alice = await user();
      const join = await store.append({ room: roomId, kind: 'join', author: alice, time: 1, effects: [{ kind: 'member', user: alice.id, role: 'member' }] });
      assert.ok(join.ok);
      assert.deepEqual(await store.getMembership(roomId, alice.id), { room: roomId, user: alice.id, role: 'member', joinedSeq: 1, leftSeq: null });

      await say(roomId, alice, 'hi');
      await store.append({ room: roomId, kind: 'role', author: null, time: 2, effects: [{ kind: 'member', user: alice.id, role: 'op' }] });
      assert.deepEqual(await store.getMembership(roomId, alice.id), { room: roomId, user: alice.id, role: 'op', joinedSeq: 1, leftSeq: null });
      assert.deepEqual(await store.listMembers(roomId), [{ room: roomId, user: alice.id, role: 'op', joinedSeq: 1, leftSeq: null }]);

      await store.append({ room: roomId, kind: 'part', author: alice, time: 3, effects: [{ kind: 'leave', user: alice.id }] });
      const left = { room: roomId, user: alice.id, role: 'op', joinedSeq: 1, leftSeq: 4 };
      assert.deepEqual(await store.getMembership(roomId, alice.id), left);
      assert.deepEqual(await store.listMembers(roomId), []);
      assert.deepEqual(await store.listMemberships(alice.id), [left]);
      // Leaving twice keeps the first leftSeq.
      await store.append({ room: roomId, kind: 'kick', author: null, time: 4, effects: [{ kind: 'leave', user: alice.id }] });
      assert.equal((await store.getMembership(roomId, alice.id))?.leftSeq, 4);

      await store.append({ room: roomId, kind: 'join', author: alice, time: 5, effects: [{ kind: 'member', user: alice.id, role: 'member' }] });
      const back = { room: roomId, user: alice.id, role: 'member', joinedSeq: 6, leftSeq: null };
      assert.deepEqual(await store.getMembership(roomId, alice.id), back);
      assert.deepEqual(await store.listMembers(roomId), [back]);
    });

    test('effects: memberships of a user across rooms, active or not', async () => {
      const [first, second] = [await room(), await room()];
      const alice = await user();
      const bob = await user();
      for (const roomId of [first, second]) {
        await store.append({
          room: roomId,
          kind: 'join',
          author: alice,
          time: 1,
          effects: [{ kind: 'member', user: alice.id, role: 'member' }, { kind: 'member', user: bob.id, role: 'watcher' }],
        });
      }
      await store.append({ room: second, kind: 'part', author: alice, time: 2, effects: [{ kind: 'leave', user: alice.id }] });
      assert.deepEqual(
        (await store.listMemberships(alice.id)).map((m) => [m.room, m.leftSeq]).sort(),
        [[first, null], [second, 2]].sort(),
      );
      assert.deepEqual((await store.listMembers(second)).map((m) => [m.user, m.role]), [[bob.id, 'watcher']]);
    });

    test('effects: topic, invite, ban, unban', async () => {
      const roomId = await room({ inviteOnly: true });
      const op = await user('op');
      const bob = await user('bob');
      await store.append({ room: roomId, kind: 'topic', author: op, time: 1, data: { topic: 'New topic' }, effects: [{ kind: 'topic', topic: 'New topic' }] });
      assert.equal((await store.getRoom(roomId))?.topic, 'New topic');

      assert.equal(await store.isInvited(roomId, bob.id), false);
      for (const time of [2, 3]) {
        await store.append({ room: roomId, kind: 'invite', author: op, time, effects: [{ kind: 'invite', user: bob.id }] });
      }
      assert.equal(await store.isInvited(roomId, bob.id), true);
      assert.equal(await store.isInvited(roomId, op.id), false);

      await store.append({ room: roomId, kind: 'ban', author: op, time: 4, effects: [{ kind: 'ban', user: bob.id, by: op.id, reason: 'spam' }] });
      assert.deepEqual(await store.getBan(roomId, bob.id), { room: roomId, user: bob.id, by: op.id, reason: 'spam', createdAt: 4 });
      await store.append({ room: roomId, kind: 'ban', author: op, time: 5, effects: [{ kind: 'ban', user: bob.id, by: op.id, reason: 'again' }] });
      assert.deepEqual(await store.getBan(roomId, bob.id), { room: roomId, user: bob.id, by: op.id, reason: 'again', createdAt: 5 });
      await store.append({ room: roomId, kind: 'unban', author: op, time: 6, effects: [{ kind: 'unban', user: bob.id }] });
      assert.equal(await store.getBan(roomId, bob.id), undefined);
    });

    test('effects under concurrency: the final membership is the log replayed in seq order', async () => {
      const roomId = await room();
      const alice = await user();
      const bob = await user();
      const results = await Promise.all(
        range(1, 40).map((i) =>
          store.append({
            room: roomId,
            kind: i % 2 ? 'join' : 'part',
            author: alice,
            clientId: uid('client'),
            time: i,
            effects:
              i % 2
                ? [{ kind: 'member', user: alice.id, role: 'member' }, { kind: 'invite', user: bob.id }]
                : [{ kind: 'leave', user: alice.id }],
          }),
        ),
      );
      const events = results.map((result) => (result.ok ? result.message : assert.fail(JSON.stringify(result))));
      let expected: { joinedSeq: number; leftSeq: number | null } | undefined;
      for (const { kind, seq } of events.sort((a, b) => a.seq - b.seq)) {
        if (kind === 'join' && (!expected || expected.leftSeq !== null)) expected = { joinedSeq: seq, leftSeq: null };
        if (kind === 'part' && expected && expected.leftSeq === null) expected = { ...expected, leftSeq: seq };
      }
      assert.deepEqual(await store.getMembership(roomId, alice.id), { room: roomId, user: alice.id, role: 'member', ...expected });
      assert.equal(await store.isInvited(roomId, bob.id), true);
    });

    test('visibility: a private message is seen by its author and recipient only', async () => {
      const roomId = await room();
      const [alice, bob, carol] = [await user('alice'), await user('bob'), await user('carol')];
      await say(roomId, alice, 'public 1');
      await say(roomId, alice, 'to bob', { to: bob });
      await say(roomId, bob, 'to alice', { to: alice });
      await say(roomId, carol, 'public 4');
      await say(roomId, carol, 'carol to bob', { to: bob });
      assert.deepEqual(seqs(await store.eventsAfter(roomId, 0, 10, alice.id)), [1, 2, 3, 4]);
      assert.deepEqual(seqs(await store.eventsAfter(roomId, 0, 10, bob.id)), [1, 2, 3, 4, 5]);
      assert.deepEqual(seqs(await store.eventsAfter(roomId, 0, 10, carol.id)), [1, 4, 5]);
      assert.deepEqual(seqs(await store.eventsBefore(roomId, 6, 10, carol.id)), [1, 4, 5]);
      assert.deepEqual(seqs(await store.eventsBefore(roomId, 6, 2, alice.id)), [3, 4]);
      // The limit counts visible events only.
      assert.deepEqual(seqs(await store.eventsAfter(roomId, 0, 2, carol.id)), [1, 4]);
    });

    test('paging with eventsAfter and eventsBefore', async () => {
      const roomId = await room();
      const alice = await user();
      for (const i of range(1, 10)) await say(roomId, alice, `m${i}`);
      assert.deepEqual(seqs(await store.eventsAfter(roomId, 3, 4, alice.id)), [4, 5, 6, 7]);
      assert.deepEqual(seqs(await store.eventsAfter(roomId, 8, 100, alice.id)), [9, 10]);
      assert.deepEqual(seqs(await store.eventsAfter(roomId, 10, 5, alice.id)), []);
      assert.deepEqual(seqs(await store.eventsBefore(roomId, 8, 3, alice.id)), [5, 6, 7]);
      assert.deepEqual(seqs(await store.eventsBefore(roomId, 3, 10, alice.id)), [1, 2]);
      assert.deepEqual(seqs(await store.eventsBefore(roomId, 1, 10, alice.id)), []);
      assert.deepEqual(seqs(await store.eventsBefore(roomId, Number.MAX_SAFE_INTEGER, 2, alice.id)), [9, 10]);
      assert.deepEqual((await store.eventsAfter(roomId, 0, 2, alice.id)).map((m) => m.body), ['m1', 'm2']);
      assert.deepEqual(await store.eventsAfter('no-such-room', 0, 10, alice.id), []);
    });

    test('a 30 KB multibyte body and its HTML round-trip exactly', async () => {
      const roomId = await room();
      const alice = await user();
      const unit = 'aé€😀\n<&>"\'\t'; // 1- to 4-byte UTF-8 sequences, a surrogate pair, markup and whitespace
      const body = unit.repeat(Math.floor(30_000 / Buffer.byteLength(unit)));
      const html = `<p>${body.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</p>`;
      assert.ok(Buffer.byteLength(body) > 29_000 && Buffer.byteLength(body) <= 30_000);
      const stored = await say(roomId, alice, body, { html });
      const [read] = await store.eventsAfter(roomId, 0, 1, alice.id);
      assert.equal(read.body, body);
      assert.equal(read.html, html);
      assert.deepEqual(read, stored);
      assert.equal((await store.getRoom(roomId))?.bytes, Buffer.byteLength(body));
    });

    test('epoch: random, stable across reopen; migrations are idempotent', async () => {
      assert.match(store.epoch, /^[A-Za-z0-9_-]{22,}$/);
      const marker = await user('persisted');
      const log: string[] = [];
      const again = await openStore(database.url, { log: (line) => log.push(line) });
      try {
        assert.equal(again.epoch, store.epoch);
        assert.deepEqual(log, []);
        assert.equal((await again.getUser(marker.id))?.name, marker.name);
        await again.ping();
      } finally {
        await again.close();
      }
    });

    test('epoch: a new database gets a different one', async () => {
      const other = await fresh();
      try {
        const otherStore = await openStore(other.url);
        try {
          assert.match(otherStore.epoch, /^[A-Za-z0-9_-]{22,}$/);
          assert.notEqual(otherStore.epoch, store.epoch);
        } finally {
          await otherStore.close();
        }
      } finally {
        await other.drop();
      }
    });
  });
}
