/** Usage: credits per day (when the server has jobs), delivery success rate, counts, and attempt latency percentiles per day. */
import { useState } from 'react';
import type { DeliveryUsage } from '../api/types.ts';
import { CreditsPanel } from '../components/credits-panel.tsx';
import { DailyFiguresTable } from '../components/daily-figures-table.tsx';
import { EmptyState, ErrorBanner, Loading, PageHeader } from '../components/feedback.tsx';
import { LatencyChart } from '../components/latency-chart.tsx';
import { useConsole } from '../lib/console-context.ts';
import { formatDuration, formatPercent } from '../lib/format.ts';
import { useAsync } from '../lib/use-async.ts';

export function UsagePage() {
  const { client, capabilities } = useConsole();
  const [days, setDays] = useState(14);
  const usage = useAsync(
    (signal) => client.get<DeliveryUsage>(`/v1/usage/deliveries?days=${days}`, signal),
    [client, days],
  );
  const u = usage.data;
  return (
    <>
      <PageHeader title="Usage">
        <label className="inline">
          Period
          <select value={days} onChange={(e) => setDays(Number(e.target.value))}>
            <option value={7}>7 days</option>
            <option value={14}>14 days</option>
            <option value={30}>30 days</option>
            <option value={90}>90 days</option>
          </select>
        </label>
      </PageHeader>
      {capabilities.credits ? <CreditsPanel days={days} /> : null}
      <h2>Webhook deliveries</h2>
      {usage.error ? <ErrorBanner error={usage.error} onRetry={usage.reload} /> : null}
      {!u && usage.loading ? <Loading /> : null}
      {u ? (
        <>
          <div className="tiles">
            <div className="tile">
              <span className="tile-label">Delivery success rate</span>
              <span className="tile-value">{formatPercent(u.deliveries.success_rate)}</span>
              <span className="sub">
                {u.deliveries.succeeded} succeeded, {u.deliveries.failed} failed
              </span>
            </div>
            <div className="tile">
              <span className="tile-label">Pending deliveries</span>
              <span className="tile-value">{u.deliveries.pending}</span>
              <span className="sub">{u.deliveries.cancelled} cancelled</span>
            </div>
            <div className="tile">
              <span className="tile-label">Attempt latency p50 / p90 / p99</span>
              <span className="tile-value">
                {formatDuration(u.attempts.p50)} / {formatDuration(u.attempts.p90)} /{' '}
                {formatDuration(u.attempts.p99)}
              </span>
              <span className="sub">
                over {u.attempts.count} attempt{u.attempts.count === 1 ? '' : 's'}
                {u.attempts.sampled ? ' (the newest 50,000)' : ''}
              </span>
            </div>
          </div>
          {u.attempts.count === 0 ? (
            <EmptyState title="No delivery attempts in this period">
              <p>Latency appears once webhooks are sent.</p>
            </EmptyState>
          ) : (
            <section className="panel" aria-labelledby="latency-title-h">
              <h3 id="latency-title-h">Latency per day</h3>
              <LatencyChart days={u.days} />
              <DailyFiguresTable
                summary="The figures as a table"
                days={u.days}
                columns={[
                  { heading: 'Attempts', cell: (d) => d.attempts },
                  { heading: 'Failed', cell: (d) => d.failed },
                  { heading: 'p50', cell: (d) => formatDuration(d.p50) },
                  { heading: 'p90', cell: (d) => formatDuration(d.p90) },
                  { heading: 'p99', cell: (d) => formatDuration(d.p99) },
                ]}
              />
            </section>
          )}
          <p className="help">
            The figures count deliveries created and attempts started in the period (UTC days).
          </p>
        </>
      ) : null}
    </>
  );
}
