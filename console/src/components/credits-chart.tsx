/**
 * Credits per UTC day as a small SVG bar chart. Each bar carries its figures as a label, and the
 * usage page puts the same figures in a table, so nothing rests on seeing the bars.
 */
import type { CreditDay } from '../lib/credit-days.ts';

const WIDTH = 640;
const HEIGHT = 200;
const PAD = { left: 48, right: 16, top: 16, bottom: 32 };

export function CreditsChart({ days }: { days: readonly CreditDay[] }) {
  const max = Math.max(1, ...days.map((d) => d.credits));
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const slot = plotWidth / Math.max(1, days.length);
  const barWidth = Math.max(2, slot * 0.7);
  const y = (v: number) => PAD.top + (1 - v / max) * (HEIGHT - PAD.top - PAD.bottom);
  // Whole credits only on the axis: half a credit means nothing.
  const ticks = [...new Set([0, Math.round(max / 2), max])];
  const labelEvery = Math.ceil(days.length / 7);
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby="credits-chart-title">
        <title id="credits-chart-title">
          Credits used per day: {days.reduce((sum, d) => sum + d.credits, 0)} over {days.length} days
        </title>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(t)} y2={y(t)} className="grid" />
            <text x={PAD.left - 8} y={y(t) + 4} textAnchor="end" className="axis">
              {t}
            </text>
          </g>
        ))}
        {days.map((d, i) => {
          const x = PAD.left + i * slot + (slot - barWidth) / 2;
          return (
            <g key={d.date}>
              {d.credits > 0 ? (
                <rect
                  className="bar-credits"
                  x={x}
                  y={y(d.credits)}
                  width={barWidth}
                  height={y(0) - y(d.credits)}
                  data-date={d.date}
                >
                  <title>
                    {d.date}: {d.credits} credit{d.credits === 1 ? '' : 's'}, {d.jobs} job
                    {d.jobs === 1 ? '' : 's'}
                  </title>
                </rect>
              ) : null}
              {i % labelEvery === 0 || i === days.length - 1 ? (
                <text x={x + barWidth / 2} y={HEIGHT - 8} textAnchor="middle" className="axis">
                  {d.date.slice(5)}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
