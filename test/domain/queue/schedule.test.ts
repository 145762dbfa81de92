import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { isWithinHours, localMinuteOfWeek, nextScheduleChange, validateSchedule, type WeeklySchedule } from '../../../src/domain/queue/schedule.js';

const at = (iso: string) => Date.parse(iso);
const weekdays = (open: string, close: string) => [1, 2, 3, 4, 5].map((day) => ({ day, open, close }));
const berlin: WeeklySchedule = { timeZone: 'Europe/Berlin', hours: weekdays('09:00', '17:00') };

describe('posted hours', () => {
  test('local weekday and time come from the zone, summer and winter', () => {
    assert.equal(localMinuteOfWeek('Europe/Berlin', at('2024-01-15T08:30:00Z')), 1 * 1440 + 9 * 60 + 30);
    assert.equal(localMinuteOfWeek('Europe/Berlin', at('2024-07-15T08:30:00Z')), 1 * 1440 + 10 * 60 + 30);
    assert.equal(localMinuteOfWeek('America/New_York', at('2024-01-15T03:00:00Z')), 0 * 1440 + 22 * 60);
  });

  test('within hours is local: 08:30 UTC is 09:30 in Berlin in January but the doors close at 17:00 local', () => {
    assert.equal(isWithinHours(berlin, at('2024-01-15T08:30:00Z')), true);
    assert.equal(isWithinHours(berlin, at('2024-01-15T07:59:59Z')), false);
    assert.equal(isWithinHours(berlin, at('2024-01-15T15:59:59Z')), true);
    assert.equal(isWithinHours(berlin, at('2024-01-15T16:00:00Z')), false);
    assert.equal(isWithinHours(berlin, at('2024-01-13T10:00:00Z')), false, 'Saturday');
  });

  test('the next opening is found across a DST change', () => {
    // Saturday before the spring change; Monday 09:00 is CEST (UTC+2).
    assert.equal(nextScheduleChange(berlin, at('2024-03-30T11:00:00Z')), at('2024-04-01T07:00:00Z'));
    // Friday after closing, still CET.
    assert.equal(nextScheduleChange(berlin, at('2024-03-29T16:30:00Z')), at('2024-04-01T07:00:00Z'));
    // Autumn: Saturday CEST, Monday CET.
    assert.equal(nextScheduleChange(berlin, at('2024-10-26T12:00:00Z')), at('2024-10-28T08:00:00Z'));
  });

  test('the next closing while open', () => {
    assert.equal(nextScheduleChange(berlin, at('2024-01-15T08:30:12Z')), at('2024-01-15T16:00:00Z'));
  });

  test('adjacent entries are one opening, including Saturday night into Sunday', () => {
    const nights: WeeklySchedule = { timeZone: 'UTC', hours: [{ day: 6, open: '22:00', close: '24:00' }, { day: 0, open: '00:00', close: '02:00' }] };
    // Saturday 2024-01-13 23:00 UTC is open; it closes on Sunday at 02:00, not at midnight.
    assert.equal(isWithinHours(nights, at('2024-01-13T23:00:00Z')), true);
    assert.equal(nextScheduleChange(nights, at('2024-01-13T23:00:00Z')), at('2024-01-14T02:00:00Z'));
    assert.equal(nextScheduleChange(nights, at('2024-01-14T03:00:00Z')), at('2024-01-20T22:00:00Z'));
  });

  test('an empty schedule never opens, a full week never closes', () => {
    assert.equal(isWithinHours({ timeZone: 'UTC', hours: [] }, 0), false);
    assert.equal(nextScheduleChange({ timeZone: 'UTC', hours: [] }, 0), null);
    const always: WeeklySchedule = { timeZone: 'UTC', hours: [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, open: '00:00', close: '24:00' })) };
    assert.equal(isWithinHours(always, 0), true);
    assert.equal(nextScheduleChange(always, 0), null);
  });

  test('malformed schedules are refused', () => {
    assert.throws(() => validateSchedule({ timeZone: 'Mars/Olympus', hours: [] }), RangeError);
    assert.throws(() => validateSchedule({ timeZone: 'UTC', hours: [{ day: 7, open: '09:00', close: '10:00' }] }), RangeError);
    assert.throws(() => validateSchedule({ timeZone: 'UTC', hours: [{ day: 1, open: '9:00', close: '10:00' }] }), RangeError);
    assert.throws(() => validateSchedule({ timeZone: 'UTC', hours: [{ day: 1, open: '10:00', close: '09:00' }] }), RangeError);
    assert.throws(() => validateSchedule({ timeZone: 'UTC', hours: [{ day: 1, open: '10:60', close: '11:00' }] }), RangeError);
  });
});
