/**
 * Attempt latency per day as a small SVG line chart (p50, p90, p99), with the same figures in a
 * table for screen readers and exact reading.
 */
import type { DeliveryUsage } from '../api/types.ts';
import { formatDuration } from '../lib/format.ts';

const WIDTH = 640;
const HEIGHT = 220;
const PAD = { left: 56, right: 16, top: 16, bottom: 32 };
const SERIES = [
  { key: 'p50', label: 'p50', className: 'line-p50' },
  { key: 'p90', label: 'p90', className: 'line-p90' },
  { key: 'p99', label: 'p99', className: 'line-p99' },
] as const;

export function LatencyChart({ days }: { days: DeliveryUsage['days'] }) {
  const max = Math.max(1, ...days.flatMap((d) => [d.p50 ?? 0, d.p90 ?? 0, d.p99 ?? 0]));
  const x = (i: number) =>
    PAD.left + (days.length === 1 ? 0 : (i / (days.length - 1)) * (WIDTH - PAD.left - PAD.right));
  const y = (v: number) => PAD.top + (1 - v / max) * (HEIGHT - PAD.top - PAD.bottom);
  const ticks = [0, max / 2, max];
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby="latency-title">
        <title id="latency-title">Attempt latency percentiles per day</title>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(t)} y2={y(t)} className="grid" />
            <text x={PAD.left - 8} y={y(t) + 4} textAnchor="end" className="axis">
              {formatDuration(t)}
            </text>
          </g>
        ))}
        {days.map((d, i) =>
          i % Math.ceil(days.length / 7) === 0 || i === days.length - 1 ? (
            <text key={d.date} x={x(i)} y={HEIGHT - 8} textAnchor="middle" className="axis">
              {d.date.slice(5)}
            </text>
          ) : null,
        )}
        {SERIES.map((series) => {
          const points = days
            .map((d, i) => (d[series.key] === null ? null : `${x(i)},${y(d[series.key]!)}`))
            .filter((p): p is string => p !== null);
          return (
            <g key={series.key} className={series.className}>
              <polyline points={points.join(' ')} fill="none" />
              {days.map((d, i) =>
                d[series.key] === null ? null : (
                  <circle key={d.date} cx={x(i)} cy={y(d[series.key]!)} r={3} />
                ),
              )}
            </g>
          );
        })}
      </svg>
      <figcaption>
        <ul className="legend">
          {SERIES.map((s) => (
            <li key={s.key} className={s.className}>
              {s.label}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
