// Posted hours: a weekly schedule in an IANA time zone. Local weekday and time come from
// Intl.DateTimeFormat applied to the injected time, so this stays deterministic.

export interface OpeningHours {
  /** 0 = Sunday ... 6 = Saturday, local to the schedule's time zone. */
  day: number;
  /** 'HH:MM', local. */
  open: string;
  /** 'HH:MM', local, after `open`; '24:00' for end of day. Overnight hours are two entries. */
  close: string;
}

export interface WeeklySchedule {
  timeZone: string;
  hours: OpeningHours[];
}

const DAY = 24 * 60;
const WEEK = 7 * DAY;
const MINUTE_MS = 60_000;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

// Building a formatter is costly; they are immutable, so one per zone is shared.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Minutes since local Sunday 00:00 at time `t`. */
export function localMinuteOfWeek(timeZone: string, t: number): number {
  let day = 0;
  let hour = 0;
  let minute = 0;
  for (const part of formatter(timeZone).formatToParts(t)) {
    if (part.type === 'weekday') day = WEEKDAYS.indexOf(part.value);
    else if (part.type === 'hour') hour = Number(part.value) % 24;
    else if (part.type === 'minute') minute = Number(part.value);
  }
  return day * DAY + hour * 60 + minute;
}

function parseTime(text: string): number {
  const m = /^(\d\d):(\d\d)$/.exec(text);
  const minutes = m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
  if (!m || Number(m[2]) > 59 || minutes > DAY) throw new RangeError(`bad time of day: ${text}`);
  return minutes;
}

/** Throws RangeError on an unknown zone or malformed hours. */
export function validateSchedule(schedule: WeeklySchedule): void {
  formatter(schedule.timeZone);
  for (const h of schedule.hours) {
    if (!Number.isInteger(h.day) || h.day < 0 || h.day > 6) throw new RangeError(`bad weekday: ${h.day}`);
    if (parseTime(h.open) >= parseTime(h.close)) throw new RangeError(`close must follow open: ${h.open}-${h.close}`);
  }
}

/** The schedule as merged [start, end) minute-of-week intervals, sorted. */
function intervals(schedule: WeeklySchedule): [number, number][] {
  const raw = schedule.hours
    .map((h): [number, number] => [h.day * DAY + parseTime(h.open), h.day * DAY + parseTime(h.close)])
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [start, end] of raw) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

function openAt(list: [number, number][], minute: number): boolean {
  return list.some(([start, end]) => start <= minute && minute < end);
}

export function isWithinHours(schedule: WeeklySchedule, t: number): boolean {
  return openAt(intervals(schedule), localMinuteOfWeek(schedule.timeZone, t));
}

/**
 * The next time after `t` at which the queue opens (if closed at `t`) or closes (if open), or null when
 * the schedule never changes. Exact across DST changes except for an opening inside a skipped hour.
 */
export function nextScheduleChange(schedule: WeeklySchedule, t: number): number | null {
  const list = intervals(schedule);
  if (list.length === 0 || (list[0][0] === 0 && list[0][1] === WEEK)) return null;
  const minute = localMinuteOfWeek(schedule.timeZone, t);
  const open = openAt(list, minute);
  // Boundaries that really flip the state: a start that is also an end (wrapping Saturday into Sunday) does not.
  const starts = list.map(([s]) => s % WEEK);
  const ends = list.map(([, e]) => e % WEEK);
  const targets = open ? ends.filter((e) => !starts.includes(e)) : starts.filter((s) => !ends.includes(s));
  let distance = WEEK;
  let target = minute;
  for (const candidate of targets) {
    const d = (candidate - minute + WEEK) % WEEK || WEEK;
    if (d < distance) [distance, target] = [d, candidate];
  }
  const first = t - (((t % MINUTE_MS) + MINUTE_MS) % MINUTE_MS) + distance * MINUTE_MS;
  // The guess assumed a constant UTC offset; correct it by the local-time difference (DST).
  let guess = first;
  for (let i = 0; i < 3; i++) {
    const off = ((target - localMinuteOfWeek(schedule.timeZone, guess) + WEEK + WEEK / 2) % WEEK) - WEEK / 2;
    if (off === 0) break;
    guess += off * MINUTE_MS;
  }
  return guess > t ? guess : first;
}
