// support_stats over HTTP: monitors only, the window validated, the history computed from stored chats and
// survey answers (today in the queue's time zone by default).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { newId } from '../../src/server.js';
import type { SupportChat } from '../../src/storage/store.js';
import type { ChatClient } from '../support/client.js';
import { startStaffServer, type StaffServer } from './fixture.js';

const DAY = 86_400_000;
const MIN = 60_000;
// 2030-01-07 12:00 in Berlin (UTC+1): "today" there is [2030-01-06 23:00 UTC, 2030-01-07 23:00 UTC).
const MIDNIGHT = Date.UTC(2030, 0, 6, 23);
const at = (minutes: number) => MIDNIGHT + minutes * MIN;

describe('support_stats', () => {
  let clock = at(12 * 60);
  let server: StaffServer;
  let monitor: ChatClient;
  let helper: ChatClient;
  let guest: ChatClient;
  let chatIds: string[] = [];

  before(async () => {
    server = await startStaffServer({ queueTimeZone: 'Europe/Berlin' }, () => clock);
    monitor = await server.user('mona', ['monitor']);
    helper = await server.user('hal', ['helper']);
    guest = await server.user('gus', ['guest']);
    const row = (queued: number, assigned: number | null, ended: number | null, helperId: string | null): SupportChat => ({
      id: newId(),
      roomId: null,
      guestId: guest.user.id,
      helperId,
      state: ended !== null ? 'ended' : assigned !== null ? 'active' : 'queued',
      question: 'q',
      metadata: {},
      queuedAt: at(queued),
      assignedAt: assigned === null ? null : at(assigned),
      endedAt: ended === null ? null : at(ended),
      endedBy: null,
      endReason: null,
    });
    const { store } = server.services;
    const chats = [
      row(-30, 10, 40, helper.user.id), // yesterday (local), waiting at midnight, served today
      row(60, 65, 95, helper.user.id),
      row(70, null, 80, null), // left without a helper
      row(120, 150, null, monitor.user.id), // in progress
      row(600, null, null, null), // still waiting
      row(-3 * 60, -2 * 60, -60, helper.user.id), // all yesterday
    ];
    chatIds = chats.map((c) => c.id);
    for (const c of chats) await store.createSupportChat(c);
    await store.staff.answerSurvey(chats[1].id, 4, '', at(100));
    await store.staff.answerSurvey(chats[0].id, 2, '', at(50));
    await store.staff.answerSurvey(chats[5].id, 5, '', at(-30)); // yesterday
  });
  after(() => server.close());

  test('monitors get today in the queue time zone by default', async () => {
    const stats = await monitor.get('support_stats');
    assert.deepEqual([stats.from, stats.to, stats.now, stats.timeZone, stats.truncated], [MIDNIGHT, MIDNIGHT + DAY, clock, 'Europe/Berlin', false]);
    assert.deepEqual(stats.queue, {
      until: clock,
      points: [
        { time: at(0), length: 1 },
        { time: at(10), length: 0 },
        { time: at(60), length: 1 },
        { time: at(65), length: 0 },
        { time: at(70), length: 1 },
        { time: at(80), length: 0 },
        { time: at(120), length: 1 },
        { time: at(150), length: 0 },
        { time: at(600), length: 1 },
      ],
    });
    assert.deepEqual(
      stats.waits.map((w: { queuedAt: number; waitMs: number; outcome: string }) => [w.queuedAt, w.waitMs / MIN, w.outcome]),
      [
        [at(60), 5, 'assigned'],
        [at(70), 10, 'left'],
        [at(120), 30, 'assigned'],
        [at(600), 120, 'waiting'],
      ],
    );
    assert.deepEqual(
      stats.helpers.map((h: { helper: { name: string }; chats: number; active: number; handlingMs: number }) => [h.helper.name, h.chats, h.active, h.handlingMs / MIN]),
      [
        ['hal', 2, 0, 60],
        ['mona', 1, 1, 570],
      ],
    );
    assert.deepEqual(stats.buckets, { start: MIDNIGHT, sizeMs: 3_600_000, count: 24 });
    assert.deepEqual(stats.surveys, [
      { chat: chatIds[0], rating: 2, time: at(50) },
      { chat: chatIds[1], rating: 4, time: at(100) },
    ]);
    assert.equal(stats.summary.averageRating, 3);
  });

  test('an explicit window, and the same answer over the WebSocket', async () => {
    const args = { from: at(-4 * 60), to: at(0) };
    const stats = await monitor.get('support_stats', args);
    assert.deepEqual(stats.surveys, [{ chat: chatIds[5], rating: 5, time: at(-30) }]);
    assert.equal(stats.summary.queued, 2);
    await monitor.useWebSocket();
    assert.deepEqual(await monitor.call('support_stats', args), stats);
  });

  test('helpers and guests are refused with 403', async () => {
    for (const client of [helper, guest]) {
      const r = await client.raw('GET', '/api/support_stats');
      assert.equal(r.status, 403);
      assert.equal(r.body.error.code, 'forbidden');
    }
  });

  test('the window is validated: 400 for more than 7 days, an empty or reversed window, bad numbers', async () => {
    const bad = [
      `from=${at(0)}&to=${at(0) + 7 * DAY + 1}`,
      `from=${at(0)}&to=${at(0)}`,
      `from=${at(10)}&to=${at(0)}`,
      'from=yesterday',
      'from=-5',
      `from=${at(0)}.5`,
    ];
    for (const query of bad) {
      const r = await monitor.raw('GET', `/api/support_stats?${query}`);
      assert.equal(r.status, 400, query);
      assert.equal(r.body.error.code, 'bad_request', query);
    }
    assert.equal((await monitor.raw('GET', `/api/support_stats?from=${at(0)}&to=${at(0) + 7 * DAY}`)).status, 200);
  });
});
