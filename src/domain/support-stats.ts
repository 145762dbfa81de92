// The monitor's history of the support queue (support_stats), computed from stored support chats and survey
// answers. Pure: the window, the time now and the rows are passed in; nothing here reads a clock or storage.
//
// A chat's wait runs from queuedAt to assignedAt, or to endedAt when it ended without a helper, or is still
// running (no assignedAt, no endedAt). Rows are what the queue leaves behind: a guest sent back to the queue keeps
// their first assignedAt until the next helper takes them (then it is overwritten), so the history shows such a
// wait as over at the first assignment, and a second wait is counted from queuedAt. helperId names the last owner.

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
/** The longest window support_stats answers for. */
export const MAX_STATS_WINDOW_MS = 7 * DAY_MS;

/** The fields of a stored support chat the statistics read. */
export interface StatsChat {
  id: string;
  helperId: string | null;
  queuedAt: number;
  assignedAt: number | null;
  endedAt: number | null;
}

export interface StatsSurvey {
  /** The support chat rated. */
  chat: string;
  rating: number;
  time: number;
}

export interface QueuePoint {
  time: number;
  /** Guests waiting from this time until the next point (or `until`). */
  length: number;
}

export type WaitOutcome = 'assigned' | 'left' | 'waiting';

export interface WaitSample {
  chat: string;
  queuedAt: number;
  /** assignedAt − queuedAt; for 'left' endedAt − queuedAt; for 'waiting' now − queuedAt. */
  waitMs: number;
  outcome: WaitOutcome;
}

export interface HelperStats {
  helper: string;
  /** Chats assigned in the window (and still owned by this helper). */
  chats: number;
  /** Of those, still in progress. */
  active: number;
  /** Sum of (endedAt, or now while in progress) − assignedAt over those chats. */
  handlingMs: number;
  /** Chats assigned per bucket of `buckets`. */
  perBucket: number[];
}

export interface Buckets {
  start: number;
  sizeMs: number;
  count: number;
}

export interface StatsSummary {
  /** Chats queued in the window, and of those: assigned, left without a helper, still waiting. */
  queued: number;
  assigned: number;
  left: number;
  waiting: number;
  /** Over the assigned chats queued in the window; null when there are none. */
  meanWaitMs: number | null;
  maxWaitMs: number | null;
  maxQueue: number;
  surveys: number;
  averageRating: number | null;
}

export interface SupportStats {
  from: number;
  to: number;
  now: number;
  queue: {
    /** A step series: the first point is the length at `from`, then one point per change up to `until`. */
    points: QueuePoint[];
    /** min(to, now): where the series stops (the future is unknown). */
    until: number;
  };
  /** One per chat queued in the window, oldest first. */
  waits: WaitSample[];
  buckets: Buckets;
  /** Most chats first, then by helper id. */
  helpers: HelperStats[];
  /** Answers given in the window, oldest first. */
  surveys: StatsSurvey[];
  summary: StatsSummary;
}

/** When the chat stopped waiting (assigned, or ended without a helper), or null while it still waits. */
export function waitEnd(chat: StatsChat): number | null {
  const end = chat.assignedAt ?? chat.endedAt;
  return end === null ? null : Math.max(end, chat.queuedAt);
}

/** Hour buckets for a window up to two days, day buckets beyond. */
export function bucketsFor(from: number, to: number): Buckets {
  const sizeMs = to - from <= 2 * DAY_MS ? HOUR_MS : DAY_MS;
  return { start: from, sizeMs, count: Math.max(1, Math.ceil((to - from) / sizeMs)) };
}

/** Queue length over [from, min(to, now)]: waiting at t means queuedAt <= t < waitEnd. */
export function queueSeries(chats: StatsChat[], from: number, to: number, now: number): SupportStats['queue'] {
  const until = Math.max(from, Math.min(to, now));
  let start = 0;
  const changes = new Map<number, number>();
  const change = (time: number, delta: number) => changes.set(time, (changes.get(time) ?? 0) + delta);
  for (const chat of chats) {
    const end = waitEnd(chat);
    if (chat.queuedAt > until || (end !== null && end <= from) || end === chat.queuedAt) continue;
    if (chat.queuedAt <= from) start++;
    else change(chat.queuedAt, +1);
    if (end !== null && end <= until) change(end, -1);
  }
  const points: QueuePoint[] = [{ time: from, length: start }];
  let length = start;
  for (const time of [...changes.keys()].sort((a, b) => a - b)) {
    const delta = changes.get(time)!;
    if (delta === 0) continue;
    length += delta;
    points.push({ time, length });
  }
  return { points, until };
}

/** One wait per chat queued in [from, to). */
export function waitSamples(chats: StatsChat[], from: number, to: number, now: number): WaitSample[] {
  const samples: WaitSample[] = [];
  for (const chat of chats) {
    if (chat.queuedAt < from || chat.queuedAt >= to) continue;
    const outcome: WaitOutcome = chat.assignedAt !== null ? 'assigned' : chat.endedAt !== null ? 'left' : 'waiting';
    const end = waitEnd(chat) ?? Math.max(now, chat.queuedAt);
    samples.push({ chat: chat.id, queuedAt: chat.queuedAt, waitMs: end - chat.queuedAt, outcome });
  }
  return samples.sort((a, b) => a.queuedAt - b.queuedAt || (a.chat < b.chat ? -1 : 1));
}

/** Chats assigned in [from, to) per helper. */
export function helperStats(chats: StatsChat[], buckets: Buckets, to: number, now: number): HelperStats[] {
  const byHelper = new Map<string, HelperStats>();
  for (const chat of chats) {
    const at = chat.assignedAt;
    if (at === null || chat.helperId === null || at < buckets.start || at >= to) continue;
    let h = byHelper.get(chat.helperId);
    if (!h) byHelper.set(chat.helperId, (h = { helper: chat.helperId, chats: 0, active: 0, handlingMs: 0, perBucket: new Array<number>(buckets.count).fill(0) }));
    h.chats++;
    if (chat.endedAt === null) h.active++;
    h.handlingMs += Math.max(0, (chat.endedAt ?? now) - at);
    h.perBucket[Math.min(buckets.count - 1, Math.floor((at - buckets.start) / buckets.sizeMs))]++;
  }
  return [...byHelper.values()].sort((a, b) => b.chats - a.chats || (a.helper < b.helper ? -1 : 1));
}

export function supportStats(input: { chats: StatsChat[]; surveys: StatsSurvey[]; from: number; to: number; now: number }): SupportStats {
  const { chats, from, to, now } = input;
  const queue = queueSeries(chats, from, to, now);
  const waits = waitSamples(chats, from, to, now);
  const buckets = bucketsFor(from, to);
  const helpers = helperStats(chats, buckets, to, now);
  const surveys = input.surveys.filter((s) => s.time >= from && s.time < to).sort((a, b) => a.time - b.time);
  const assigned = waits.filter((w) => w.outcome === 'assigned').map((w) => w.waitMs);
  const ratings = surveys.map((s) => s.rating);
  return {
    from,
    to,
    now,
    queue,
    waits,
    buckets,
    helpers,
    surveys,
    summary: {
      queued: waits.length,
      assigned: assigned.length,
      left: waits.filter((w) => w.outcome === 'left').length,
      waiting: waits.filter((w) => w.outcome === 'waiting').length,
      meanWaitMs: assigned.length ? Math.round(assigned.reduce((a, b) => a + b, 0) / assigned.length) : null,
      maxWaitMs: assigned.length ? Math.max(...assigned) : null,
      maxQueue: Math.max(...queue.points.map((p) => p.length)),
      surveys: ratings.length,
      averageRating: ratings.length ? ratings.reduce((a, b) => a + b, 0) / ratings.length : null,
    },
  };
}

// The window ------------------------------------------------------------------------------------------------

const formats = new Map<string, Intl.DateTimeFormat>();

/** The wall clock in `timeZone` at `instant`, read as if it were UTC (ms). */
function wallClock(instant: number, timeZone: string): number {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formats.set(timeZone, format);
  }
  const part = Object.fromEntries(format.formatToParts(instant).map((p) => [p.type, Number(p.value)]));
  return Date.UTC(part.year, part.month - 1, part.day, part.hour, part.minute, part.second) + (((instant % 1000) + 1000) % 1000);
}

/** The instant the wall clock in `timeZone` reads `wall` (the earlier one when it reads it twice). */
function instantOf(wall: number, timeZone: string): number {
  let guess = wall - (wallClock(wall, timeZone) - wall);
  // A second pass settles a guess that crossed an offset change.
  guess = wall - (wallClock(guess, timeZone) - guess);
  return guess;
}

/** [local midnight, next local midnight) of the day `now` falls in, in `timeZone` (23 or 25 h across DST). */
export function localDay(now: number, timeZone: string): { from: number; to: number } {
  const midnight = Math.floor(wallClock(now, timeZone) / DAY_MS) * DAY_MS;
  let from = instantOf(midnight, timeZone);
  if (from > now) from -= HOUR_MS; // midnight skipped by a DST change: the day starts at the first instant after
  return { from, to: instantOf(midnight + DAY_MS, timeZone) };
}

export type WindowResult = { ok: true; from: number; to: number } | { ok: false; reason: string };

/**
 * The window asked for: neither end → today in the queue's time zone; one end → 24 h from or to it; both → as
 * given. It must be non-empty and at most MAX_STATS_WINDOW_MS long.
 */
export function statsWindow(args: { from?: number; to?: number }, now: number, timeZone: string): WindowResult {
  let { from, to } = args;
  if (from === undefined && to === undefined) ({ from, to } = localDay(now, timeZone));
  else if (from === undefined) from = to! - DAY_MS;
  else if (to === undefined) to = from + DAY_MS;
  if (from! >= to!) return { ok: false, reason: '`from` must be before `to`.' };
  if (to! - from! > MAX_STATS_WINDOW_MS) return { ok: false, reason: 'The window is at most 7 days (`to` − `from` ≤ 604800000 ms).' };
  return { ok: true, from: from!, to: to! };
}
