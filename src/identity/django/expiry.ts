// django_session.expire_date against "now" (spec §7). Django keeps a row while expire_date > now, where
// now is UTC with USE_TZ=True and the wall clock in TIME_ZONE with USE_TZ=False.

/** An expire_date as the driver gave it: a true instant (PostgreSQL timestamptz) or a zone-less wall clock. */
export type ExpireDate = { instantMs: number } | { wallClockMicros: number };

export interface DjangoClock {
  useTz: boolean;
  timeZone: string;
}

/** SQLite's 'YYYY-MM-DD HH:MM:SS[.ffffff]' as microseconds since the epoch, reading it as if it were UTC. */
export function parseWallClock(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/.exec(text);
  if (!m) return null;
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  return Number.isNaN(ms) ? null : ms * 1000 + Number((m[7] ?? '').padEnd(6, '0'));
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** What a wall clock in timeZone reads at instantMs, as milliseconds read as if UTC. */
export function wallClockMs(instantMs: number, timeZone: string): number {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formats.set(timeZone, format);
  }
  const part = Object.fromEntries(format.formatToParts(instantMs).map((p) => [p.type, Number(p.value)]));
  const seconds = Date.UTC(part.year, part.month - 1, part.day, part.hour, part.minute, part.second);
  return seconds + (((instantMs % 1000) + 1000) % 1000);
}

/** expire_date > now, exactly where Django compares: instants, or wall clocks when USE_TZ=False. */
export function isUnexpired(expire: ExpireDate, nowMs: number, clock: DjangoClock): boolean {
  if ('instantMs' in expire) return expire.instantMs > nowMs;
  const now = clock.useTz ? nowMs : wallClockMs(nowMs, clock.timeZone);
  return expire.wallClockMicros > now * 1000;
}
