// Plain SVG charts. Each has a text alternative (its figcaption and a summary for screen readers).
import { t } from '../i18n/index.js';

export interface Sample {
  time: number;
  queue: number;
  wait: number;
}

const W = 320;
const H = 100;

export function LineChart({ title, samples, value, format }: { title: string; samples: Sample[]; value: (s: Sample) => number; format: (n: number) => string }) {
  const values = samples.map(value);
  const max = Math.max(1, ...values);
  const points = values.map((v, i) => `${(i / Math.max(1, values.length - 1)) * W},${H - (v / max) * (H - 10)}`).join(' ');
  const last = values[values.length - 1];
  return (
    <figure>
      <figcaption>{title}</figcaption>
      {values.length < 2 ? (
        <p class="small muted">{t('monitor.noData')}</p>
      ) : (
        <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${title}: ${format(last ?? 0)} (max ${format(max)})`} class="chart">
          <polyline points={points} fill="none" stroke="currentColor" stroke-width="2" />
        </svg>
      )}
    </figure>
  );
}

export function BarChart({ title, bars }: { title: string; bars: Array<{ label: string; value: number }> }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const row = 22;
  return (
    <figure>
      <figcaption>{title}</figcaption>
      {bars.length === 0 ? (
        <p class="small muted">{t('monitor.noData')}</p>
      ) : (
        <svg viewBox={`0 0 ${W} ${bars.length * row}`} role="img" aria-label={`${title}: ${bars.map((b) => `${b.label} ${b.value}`).join(', ')}`} class="chart">
          {bars.map((b, i) => (
            <g key={b.label}>
              <rect x={110} y={i * row + 3} width={((W - 120) * b.value) / max} height={row - 6} fill="currentColor" />
              <text x={0} y={i * row + row / 2 + 4} font-size="12" fill="currentColor">
                {b.label.slice(0, 16)} ({b.value})
              </text>
            </g>
          ))}
        </svg>
      )}
    </figure>
  );
}
