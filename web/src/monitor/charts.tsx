// Plain SVG charts. Each has a text alternative (its figcaption and a summary for screen readers). The dashboard's
// other charts, drawn from the server's history, are in History.tsx.
import { t } from '../i18n/index.js';

const W = 320;
const H = 100;

export interface Rating {
  time: number;
  rating: number;
}

/** Survey ratings (1-5) over time: one dot per answer and the running average as a line. */
export function RatingChart({ title, ratings }: { title: string; ratings: Rating[] }) {
  const sorted = [...ratings].sort((a, b) => a.time - b.time);
  if (sorted.length === 0) {
    return (
      <figure>
        <figcaption>{title}</figcaption>
        <p class="small muted">{t('monitor.noData')}</p>
      </figure>
    );
  }
  const first = sorted[0].time;
  const span = Math.max(1, sorted[sorted.length - 1].time - first);
  const x = (time: number) => (sorted.length === 1 ? W / 2 : 10 + ((time - first) / span) * (W - 20));
  const y = (rating: number) => H - 8 - ((rating - 1) / 4) * (H - 16);
  let sum = 0;
  const average = sorted.map((r, i) => ((sum += r.rating), { time: r.time, value: sum / (i + 1) }));
  const mean = sum / sorted.length;
  const label = t('monitor.surveyAverage', { average: mean.toFixed(1), count: sorted.length });
  return (
    <figure>
      <figcaption>
        {title} · <span data-testid="survey-average">{label}</span>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${title}: ${label}`} class="chart">
        {[1, 2, 3, 4, 5].map((n) => (
          <line key={n} x1={0} x2={W} y1={y(n)} y2={y(n)} stroke="currentColor" stroke-opacity="0.15" />
        ))}
        <polyline points={average.map((a) => `${x(a.time)},${y(a.value)}`).join(' ')} fill="none" stroke="currentColor" stroke-width="2" />
        {sorted.map((r, i) => (
          <circle key={i} cx={x(r.time)} cy={y(r.rating)} r={4} fill="currentColor" />
        ))}
      </svg>
    </figure>
  );
}
