import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { isUnexpired, parseWallClock, wallClockMs } from '../../../src/identity/django/expiry.js';

describe('expire_date', () => {
  test('SQLite text, with and without microseconds, read as a wall clock', () => {
    assert.equal(parseWallClock('2026-11-25 13:34:25'), Date.UTC(2026, 10, 25, 13, 34, 25) * 1000);
    assert.equal(parseWallClock('2026-11-25 13:34:25.000123'), Date.UTC(2026, 10, 25, 13, 34, 25) * 1000 + 123);
    assert.equal(parseWallClock('2026-11-25T13:34:25Z'), null);
    assert.equal(parseWallClock('tomorrow'), null);
  });

  test('the wall clock in a zone, across daylight saving', () => {
    const noonUtc = Date.UTC(2026, 0, 15, 12, 0, 0, 250);
    assert.equal(wallClockMs(noonUtc, 'Asia/Tokyo'), Date.UTC(2026, 0, 15, 21, 0, 0, 250));
    assert.equal(wallClockMs(noonUtc, 'America/Los_Angeles'), Date.UTC(2026, 0, 15, 4, 0, 0, 250));
    assert.equal(wallClockMs(Date.UTC(2026, 6, 15, 12), 'America/Los_Angeles'), Date.UTC(2026, 6, 15, 5));
    assert.equal(wallClockMs(noonUtc, 'UTC'), noonUtc);
  });

  test('kept while expire_date > now, compared as Django compares', () => {
    const now = Date.UTC(2026, 0, 15, 12);
    const clockUtc = { useTz: true, timeZone: 'America/Chicago' };
    const tokyo = { useTz: false, timeZone: 'Asia/Tokyo' };
    assert.ok(isUnexpired({ instantMs: now + 1 }, now, tokyo));
    assert.ok(!isUnexpired({ instantMs: now }, now, clockUtc));
    assert.ok(isUnexpired({ wallClockMicros: now * 1000 + 1 }, now, clockUtc));
    assert.ok(!isUnexpired({ wallClockMicros: now * 1000 }, now, clockUtc));
    // 20:00 in Tokyo is three hours before now (21:00 there), though after noon UTC.
    const tokyoEight = Date.UTC(2026, 0, 15, 20) * 1000;
    assert.ok(!isUnexpired({ wallClockMicros: tokyoEight }, now, tokyo));
    assert.ok(isUnexpired({ wallClockMicros: tokyoEight }, now, clockUtc));
  });
});
