// The dashboard's charts, drawn from the server's history (`support_stats`): queue length and waits over the
// period, chats per helper per hour (or day), survey scores. Each chart has a caption with its summary, an
// aria-label on the SVG, and the whole period is also a table. Read when the page opens, every minute and on
// "Refresh".
import { useEffect, useState } from 'preact/hooks';
import { formatDuration, locale, t } from '../i18n/index.js';
import type { Connection } from '../lib/connection.js';
import { RatingChart } from './charts.js';

export interface QueuePoint {
  time: number;
  length: number;
}

export interface WaitSample {
  chat: string;
  queuedAt: number;
  waitMs: number;
  outcome: 'assigned' | 'left' | 'waiting';
}

export interface HelperHistory {
  helper: { id: string; name: string };
  chats: number;
  active: number;
  handlingMs: number;
  perBucket: number[];
}

/** The answer of `support_stats` (docs/protocol.md). */
export interface SupportStats {
  from: number;
  to: number;
  now: number;
  timeZone: string;
  queue: { points: QueuePoint[]; until: number };
  waits: WaitSample[];
  buckets: { start: number; sizeMs: number; count: number };
  helpers: HelperHistory[];
  surveys: Array<{ chat: string; rating: number; time: number }>;
  summary: {
    queued: number;
    assigned: number;
    left: number;
    waiting: number;
    meanWaitMs: number | null;
    maxWaitMs: number | null;
    maxQueue: number;
    surveys: number;
    averageRating: number | null;
  };
  truncated: boolean;
}

type Range = 'today' | '24h' | '7d';
const HOUR = 3_600_000;
const RANGES: Record<Range, { key: 'monitor.statsToday' | 'monitor.stats24h' | 'monitor.stats7d'; args: () => Record<string, number> }> = {
  today: { key: 'monitor.statsToday', args: () => ({}) },
  '24h': { key: 'monitor.stats24h', args: () => ({ to: Date.now() }) },
  '7d': { key: 'monitor.stats7d', args: () => ({ from: Date.now() - 7 * 24 * HOUR, to: Date.now() }) },
};
const RELOAD_MS = 60_000;

const W = 320;
const H = 100;
/** Room under the plot for the time labels. */
const AXIS = 14;

export function History({ conn }: { conn: Connection }) {
  const [stats, setStats] = useState<SupportStats | null>(null);
  const [range, setRange] = useState<Range>('today');
  const [error, setError] = useState('');
  const load = async (which: Range = range) => {
    try {
      setStats((await conn.get('support_stats', RANGES[which].args())) as unknown as SupportStats);
      setError('');
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  useEffect(() => {
    void load(range);
    const timer = window.setInterval(() => void load(range), RELOAD_MS);
    return () => window.clearInterval(timer);
  }, [range]);

  return (
    <div data-testid="history">
      <div class="row">
        <label>
          {t('monitor.statsRange')}{' '}
          <select value={range} onChange={(e) => setRange(e.currentTarget.value as Range)}>
            {(Object.keys(RANGES) as Range[]).map((r) => (
              <option key={r} value={r}>
                {t(RANGES[r].key)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => void load()}>
          {t('monitor.refresh')}
        </button>
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {stats === null ? (
        !error && <p class="small muted">{t('common.loading')}</p>
      ) : (
        <HistoryCharts stats={stats} />
      )}
    </div>
  );
}

function HistoryCharts({ stats }: { stats: SupportStats }) {
  const clock = clockIn(stats);
  const x = (time: number) => ((time - stats.from) / Math.max(1, stats.to - stats.from)) * W;
  return (
    <>
      <p class="small muted" data-testid="history-window">
        {t('monitor.statsWindow', { from: clock(stats.from), to: clock(stats.to), zone: stats.timeZone, time: clock(stats.now) })}
      </p>
      {stats.truncated && <p class="small muted">{t('monitor.truncated')}</p>}
      <QueueChart stats={stats} x={x} clock={clock} />
      <WaitChart stats={stats} x={x} clock={clock} />
      <HelperChart stats={stats} clock={clock} />
      <RatingChart title={t('monitor.chartSurvey')} ratings={stats.surveys} />
      <details>
        <summary>{t('monitor.statsTable')}</summary>
        <PeriodTable stats={stats} clock={clock} />
      </details>
    </>
  );
}

/** Times as the queue's clock reads them (hour and minute; with the date for periods over a day). */
function clockIn(stats: SupportStats): (ms: number) => string {
  const long = stats.to - stats.from > 24 * HOUR + HOUR;
  const format = new Intl.DateTimeFormat(locale(), {
    timeZone: stats.timeZone,
    hour: '2-digit',
    minute: '2-digit',
    ...(long ? { weekday: 'short', day: 'numeric' } : {}),
  });
  return (ms) => format.format(ms);
}

/** Start, middle and end of the period under the plot. */
function TimeAxis({ stats, clock }: { stats: SupportStats; clock: (ms: number) => string }) {
  const mid = stats.from + (stats.to - stats.from) / 2;
  return (
    <g font-size="9" fill="currentColor" opacity="0.8">
      <text x={0} y={H + AXIS - 3}>
        {clock(stats.from)}
      </text>
      <text x={W / 2} y={H + AXIS - 3} text-anchor="middle">
        {clock(mid)}
      </text>
      <text x={W} y={H + AXIS - 3} text-anchor="end">
        {clock(stats.to)}
      </text>
    </g>
  );
}

interface ChartProps {
  stats: SupportStats;
  x: (time: number) => number;
  clock: (ms: number) => string;
}

function QueueChart({ stats, x, clock }: ChartProps) {
  const { points, until } = stats.queue;
  const max = Math.max(1, stats.summary.maxQueue);
  const y = (length: number) => H - 4 - (length / max) * (H - 12);
  let d = `M ${x(points[0].time)} ${y(points[0].length)}`;
  for (const p of points.slice(1)) d += ` H ${x(p.time)} V ${y(p.length)}`;
  d += ` H ${x(until)}`;
  const now = points[points.length - 1].length;
  const summary = t('monitor.queueSummary', { max: stats.summary.maxQueue, now });
  return (
    <figure data-testid="history-queue">
      <figcaption>
        {t('monitor.chartQueue')} · <span data-testid="history-queue-summary">{summary}</span>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H + AXIS}`} role="img" aria-label={`${t('monitor.chartQueue')}: ${summary}`} class="chart">
        <line x1={0} x2={W} y1={y(0)} y2={y(0)} stroke="currentColor" stroke-opacity="0.3" />
        <path d={d} fill="none" stroke="currentColor" stroke-width="2" data-testid="history-queue-line" />
        <TimeAxis stats={stats} clock={clock} />
      </svg>
    </figure>
  );
}

function WaitChart({ stats, x, clock }: ChartProps) {
  const max = Math.max(60_000, ...stats.waits.map((w) => w.waitMs));
  const y = (ms: number) => H - 4 - (ms / max) * (H - 12);
  const s = stats.summary;
  const summary = t('monitor.waitSummary', {
    served: s.assigned,
    mean: s.meanWaitMs === null ? '–' : formatDuration(s.meanWaitMs),
    max: s.maxWaitMs === null ? '–' : formatDuration(s.maxWaitMs),
    left: s.left,
    waiting: s.waiting,
  });
  return (
    <figure data-testid="history-waits">
      <figcaption>
        {t('monitor.chartWait')} · <span data-testid="history-wait-summary">{summary}</span>
      </figcaption>
      {stats.waits.length === 0 ? (
        <p class="small muted">{t('monitor.noData')}</p>
      ) : (
        <>
          <svg viewBox={`0 0 ${W} ${H + AXIS}`} role="img" aria-label={`${t('monitor.chartWait')}: ${summary}`} class="chart">
            <line x1={0} x2={W} y1={y(0)} y2={y(0)} stroke="currentColor" stroke-opacity="0.3" />
            {stats.waits.map((w) =>
              w.outcome === 'waiting' ? (
                <rect key={w.chat} x={x(w.queuedAt) - 3} y={y(w.waitMs) - 3} width={6} height={6} fill="currentColor" class="wait-dot" />
              ) : (
                <circle
                  key={w.chat}
                  cx={x(w.queuedAt)}
                  cy={y(w.waitMs)}
                  r={3.5}
                  fill={w.outcome === 'assigned' ? 'currentColor' : 'none'}
                  stroke="currentColor"
                  stroke-width="1.5"
                  class="wait-dot"
                />
              ),
            )}
            <TimeAxis stats={stats} clock={clock} />
          </svg>
          <p class="small muted" aria-hidden="true">
            {t('monitor.waitLegend')}
          </p>
        </>
      )}
    </figure>
  );
}

/** One row per helper: a column per hour (or day) for the chats they took then, and the totals. */
function HelperChart({ stats, clock }: { stats: SupportStats; clock: (ms: number) => string }) {
  const row = 26;
  const label = 100;
  const { count } = stats.buckets;
  const max = Math.max(1, ...stats.helpers.flatMap((h) => h.perBucket));
  const column = (W - label) / count;
  const lines = stats.helpers.map((h) => t('monitor.helperSummary', { name: h.helper.name, count: h.chats, time: formatDuration(h.handlingMs) }));
  return (
    <figure data-testid="history-helpers">
      <figcaption>{t('monitor.chartHelpers')}</figcaption>
      {stats.helpers.length === 0 ? (
        <p class="small muted">{t('monitor.noData')}</p>
      ) : (
        <>
          <svg viewBox={`0 0 ${W} ${stats.helpers.length * row}`} role="img" aria-label={`${t('monitor.chartHelpers')}: ${lines.join('; ')}`} class="chart">
            {stats.helpers.map((h, i) => (
              <g key={h.helper.id}>
                <text x={0} y={i * row + row / 2 + 4} font-size="11" fill="currentColor">
                  {h.helper.name.slice(0, 12)} ({h.chats})
                </text>
                <line x1={label} x2={W} y1={(i + 1) * row - 3} y2={(i + 1) * row - 3} stroke="currentColor" stroke-opacity="0.2" />
                {h.perBucket.map((n, b) =>
                  n === 0 ? null : (
                    <rect key={b} x={label + b * column + 0.5} y={(i + 1) * row - 3 - (n / max) * (row - 6)} width={Math.max(1, column - 1)} height={(n / max) * (row - 6)} fill="currentColor">
                      <title>{`${clock(stats.buckets.start + b * stats.buckets.sizeMs)}: ${n}`}</title>
                    </rect>
                  ),
                )}
              </g>
            ))}
          </svg>
          <table class="small" data-testid="history-helper-table">
            <thead>
              <tr>
                <th scope="col">{t('monitor.helper')}</th>
                <th scope="col">{t('monitor.chatsCount')}</th>
                <th scope="col">{t('monitor.inProgress')}</th>
                <th scope="col">{t('monitor.handling')}</th>
              </tr>
            </thead>
            <tbody>
              {stats.helpers.map((h) => (
                <tr key={h.helper.id}>
                  <td>{h.helper.name}</td>
                  <td>{h.chats}</td>
                  <td>{h.active}</td>
                  <td>{formatDuration(h.handlingMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </figure>
  );
}

/** Per hour (or day) up to now: guests queued, the longest queue, the mean wait of those served, chats taken. */
function PeriodTable({ stats, clock }: { stats: SupportStats; clock: (ms: number) => string }) {
  const { start, sizeMs, count } = stats.buckets;
  const last = Math.min(count, Math.ceil((stats.queue.until - start) / sizeMs) || 1);
  const rows = Array.from({ length: last }, (_, b) => {
    const from = start + b * sizeMs;
    const to = from + sizeMs;
    const queued = stats.waits.filter((w) => w.queuedAt >= from && w.queuedAt < to);
    const served = queued.filter((w) => w.outcome === 'assigned');
    // The length in effect at the bucket's start, then the changes inside it.
    let longest = 0;
    for (const p of stats.queue.points) {
      if (p.time >= to) break;
      longest = p.time <= from ? p.length : Math.max(longest, p.length);
    }
    const taken = stats.helpers.reduce((sum, h) => sum + (h.perBucket[b] ?? 0), 0);
    return {
      from,
      queued: queued.length,
      longest,
      meanWait: served.length ? formatDuration(served.reduce((sum, w) => sum + w.waitMs, 0) / served.length) : '–',
      taken,
    };
  });
  return (
    <table class="small" data-testid="history-table">
      <thead>
        <tr>
          <th scope="col">{t('monitor.time')}</th>
          <th scope="col">{t('monitor.queuedCount')}</th>
          <th scope="col">{t('monitor.maxQueue')}</th>
          <th scope="col">{t('monitor.meanWait')}</th>
          <th scope="col">{t('monitor.served')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.from}>
            <th scope="row">{clock(r.from)}</th>
            <td>{r.queued}</td>
            <td>{r.longest}</td>
            <td>{r.meanWait}</td>
            <td>{r.taken}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
