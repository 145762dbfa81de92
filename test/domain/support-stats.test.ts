// The monitor's history (src/domain/support-stats.ts): queue length as a step series, waits, chats per helper,
// survey scores, and the window (today in the queue's time zone, bounds).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  DAY_MS,
  HOUR_MS,
  MAX_STATS_WINDOW_MS,
  bucketsFor,
  localDay,
  queueSeries,
  statsWindow,
  supportStats,
  waitSamples,
  type StatsChat,
} from '../../src/domain/support-stats.js';

const T0 = Date.UTC(2030, 0, 7); // a Monday, midnight UTC
const MIN = 60_000;
const at = (minutes: number) => T0 + minutes * MIN;
const chat = (id: string, queued: number, assigned: number | null, ended: number | null, helperId: string | null = assigned === null ? null : 'h1'): StatsChat => ({
  id,
  helperId,
  queuedAt: at(queued),
  assignedAt: assigned === null ? null : at(assigned),
  endedAt: ended === null ? null : at(ended),
});

/** The length of the step series at time t. */
function lengthAt(points: Array<{ time: number; length: number }>, t: number): number {
  let length = 0;
  for (const p of points) if (p.time <= t) length = p.length;
  return length;
}

describe('queue length', () => {
  const from = at(0);
  const to = at(24 * 60);

  test('+1 at queuedAt, −1 at assignedAt, or at endedAt for a guest who left without a helper', () => {
    const chats = [chat('a', 10, 20, 50), chat('b', 15, null, 30), chat('c', 20, 40, 60)];
    const { points, until } = queueSeries(chats, from, to, at(100));
    assert.equal(until, at(100));
    assert.deepEqual(points, [
      { time: from, length: 0 },
      { time: at(10), length: 1 },
      { time: at(15), length: 2 },
      // a is assigned and c queued at the same time: one point, no change is not a point
      { time: at(30), length: 1 },
      { time: at(40), length: 0 },
    ]);
  });

  test('chats queued before the window start the series; those whose wait ended before it do not count', () => {
    const chats = [
      chat('early-done', -120, -100, -50), // waited and was served before the window
      chat('early-served-inside', -30, 5, 90), // waiting at `from`, assigned inside
      chat('early-still-waiting', -10, null, null), // waiting at `from` and now
      chat('ended-at-from', -20, null, 0), // its wait ended exactly at `from`: not waiting then
    ];
    const { points } = queueSeries(chats, from, to, at(60));
    assert.deepEqual(points, [
      { time: from, length: 2 },
      { time: at(5), length: 1 },
    ]);
  });

  test('still waiting: counted up to now; the future of the window is left out', () => {
    const chats = [chat('w', 30, null, null), chat('later', 200, 210, 220)];
    const result = queueSeries(chats, from, to, at(100));
    assert.equal(result.until, at(100));
    assert.deepEqual(result.points, [
      { time: from, length: 0 },
      { time: at(30), length: 1 },
    ]);
  });

  test('a window in the past ends at `to`: changes after it are not drawn', () => {
    const chats = [chat('x', 10, 30, 40)];
    const result = queueSeries(chats, from, at(20), at(1000));
    assert.equal(result.until, at(20));
    assert.deepEqual(result.points, [
      { time: from, length: 0 },
      { time: at(10), length: 1 },
    ]);
  });

  test('a wait of no length (assigned at once) and a row assigned before it was queued draw nothing', () => {
    const chats = [chat('instant', 10, 10, 20), { ...chat('odd', 15, null, null), assignedAt: at(12) }];
    assert.deepEqual(queueSeries(chats, from, to, at(100)).points, [{ time: from, length: 0 }]);
  });

  test('property: the series equals a direct count of the waiting guests at every change and in between', () => {
    const chatArb = fc
      .tuple(fc.integer({ min: -300, max: 300 }), fc.option(fc.integer({ min: 0, max: 200 })), fc.option(fc.integer({ min: 0, max: 200 })), fc.boolean())
      .map(([q, wait, dur, assigned]): StatsChat => {
        const end = wait === null ? null : q + wait;
        return chat(`c${q}-${wait}-${dur}`, q, assigned && end !== null ? end : null, end === null ? null : assigned ? end + (dur ?? 0) : end);
      });
    fc.assert(
      fc.property(fc.array(chatArb, { maxLength: 30 }), fc.integer({ min: 0, max: 400 }), (chats, nowMin) => {
        const now = at(nowMin);
        const { points, until } = queueSeries(chats, from, to, now);
        for (let m = 0; m <= nowMin; m += 7) {
          const t = at(m);
          if (t > until) break;
          const direct = chats.filter((c) => {
            const end = c.assignedAt ?? c.endedAt;
            return c.queuedAt <= t && (end === null || t < end);
          }).length;
          assert.equal(lengthAt(points, t), direct, `at minute ${m}`);
        }
        for (let i = 1; i < points.length; i++) assert.ok(points[i].time > points[i - 1].time && points[i].length !== points[i - 1].length);
      }),
      { numRuns: 200 },
    );
  });
});

describe('waits', () => {
  test('one per chat queued in the window: assigned, left without a helper, still waiting (up to now)', () => {
    const chats = [chat('before', -10, 5, 20), chat('served', 10, 25, 40), chat('left', 20, null, 50), chat('waiting', 30, null, null), chat('after', 24 * 60, null, null)];
    assert.deepEqual(waitSamples(chats, at(0), at(24 * 60), at(100)), [
      { chat: 'served', queuedAt: at(10), waitMs: 15 * MIN, outcome: 'assigned' },
      { chat: 'left', queuedAt: at(20), waitMs: 30 * MIN, outcome: 'left' },
      { chat: 'waiting', queuedAt: at(30), waitMs: 70 * MIN, outcome: 'waiting' },
    ]);
  });
});

describe('chats per helper and the summary', () => {
  test('chats assigned in the window per helper: count, in progress, handling time (up to now), per hour', () => {
    const chats = [
      chat('a', 0, 10, 40, 'h1'),
      chat('b', 50, 70, null, 'h1'), // in progress: handled 30 min by now
      chat('c', 5, 65, 80, 'h2'),
      chat('before', -100, -90, 20, 'h2'), // assigned before the window
      chat('left', 0, null, 5),
    ];
    const stats = supportStats({ chats, surveys: [], from: at(0), to: at(24 * 60), now: at(100) });
    assert.deepEqual(stats.buckets, { start: at(0), sizeMs: HOUR_MS, count: 24 });
    assert.deepEqual(
      stats.helpers.map((h) => [h.helper, h.chats, h.active, h.handlingMs / MIN, h.perBucket.slice(0, 3)]),
      [
        ['h1', 2, 1, 60, [1, 1, 0]],
        ['h2', 1, 0, 15, [0, 1, 0]],
      ],
    );
    assert.deepEqual(stats.summary, {
      queued: 4,
      assigned: 3,
      left: 1,
      waiting: 0,
      meanWaitMs: ((10 + 20 + 60) / 3) * MIN,
      maxWaitMs: 60 * MIN,
      maxQueue: 2, // a and left at 0; at 5 c comes as left goes
      surveys: 0,
      averageRating: null,
    });
  });

  test('survey answers in the window, oldest first, with the average', () => {
    const surveys = [
      { chat: 's5', rating: 5, time: at(30) },
      { chat: 's2', rating: 2, time: at(-5) },
      { chat: 's3', rating: 3, time: at(10) },
      { chat: 's1', rating: 1, time: at(24 * 60) },
    ];
    const stats = supportStats({ chats: [], surveys, from: at(0), to: at(24 * 60), now: at(100) });
    assert.deepEqual(stats.surveys, [
      { chat: 's3', rating: 3, time: at(10) },
      { chat: 's5', rating: 5, time: at(30) },
    ]);
    assert.equal(stats.summary.averageRating, 4);
    assert.deepEqual(stats.queue.points, [{ time: at(0), length: 0 }]);
    assert.equal(stats.summary.maxQueue, 0);
  });

  test('buckets: hours up to two days, days beyond', () => {
    assert.deepEqual(bucketsFor(T0, T0 + 2 * DAY_MS), { start: T0, sizeMs: HOUR_MS, count: 48 });
    assert.deepEqual(bucketsFor(T0, T0 + 7 * DAY_MS), { start: T0, sizeMs: DAY_MS, count: 7 });
    assert.deepEqual(bucketsFor(T0, T0 + 90 * MIN), { start: T0, sizeMs: HOUR_MS, count: 2 });
  });
});

describe('the window', () => {
  test('today in the queue time zone, also across a DST change (23 h day)', () => {
    assert.deepEqual(localDay(at(13 * 60), 'UTC'), { from: T0, to: T0 + DAY_MS });
    // Berlin is UTC+1 in January: the local day starts at 23:00 UTC the day before.
    assert.deepEqual(localDay(at(23 * 60 + 30), 'Europe/Berlin'), { from: at(23 * 60), to: at(47 * 60) });
    // 2030-03-31: clocks go forward in Berlin, a 23-hour day.
    const day = localDay(Date.UTC(2030, 2, 31, 12), 'Europe/Berlin');
    assert.deepEqual(day, { from: Date.UTC(2030, 2, 30, 23), to: Date.UTC(2030, 2, 31, 22) });
    const ny = localDay(Date.UTC(2030, 10, 3, 12), 'America/New_York'); // 25-hour day (clocks go back)
    assert.equal(ny.to - ny.from, 25 * HOUR_MS);
  });

  test('defaults and bounds', () => {
    const now = at(13 * 60);
    assert.deepEqual(statsWindow({}, now, 'UTC'), { ok: true, from: T0, to: T0 + DAY_MS });
    assert.deepEqual(statsWindow({ to: now }, now, 'UTC'), { ok: true, from: now - DAY_MS, to: now });
    assert.deepEqual(statsWindow({ from: T0 }, now, 'UTC'), { ok: true, from: T0, to: T0 + DAY_MS });
    assert.deepEqual(statsWindow({ from: T0, to: T0 + MAX_STATS_WINDOW_MS }, now, 'UTC'), { ok: true, from: T0, to: T0 + MAX_STATS_WINDOW_MS });
    assert.equal(statsWindow({ from: T0, to: T0 + MAX_STATS_WINDOW_MS + 1 }, now, 'UTC').ok, false);
    assert.equal(statsWindow({ from: T0, to: T0 }, now, 'UTC').ok, false);
    assert.equal(statsWindow({ from: T0 + 1, to: T0 }, now, 'UTC').ok, false);
  });
});
