/**
 * The usage page's credits: what seed 002's jobs cost (1 credit per page read) per UTC day of the
 * chosen period, from `GET /v1/usage`, as a bar chart with the same figures in a table, and the
 * application's credit limit.
 */

import { useConsole } from '../lib/console-context.ts';
import { type CreditDay, fillCreditDays, utcDay } from '../lib/credit-days.ts';
import { useAsync } from '../lib/use-async.ts';
import { CreditsChart } from './credits-chart.tsx';
import { DailyFiguresTable } from './daily-figures-table.tsx';
import { EmptyState, ErrorBanner, Loading } from './feedback.tsx';

/** `GET /v1/usage`'s answer. */
interface CreditUsage {
  credits_used: number;
  credit_limit: number | null;
  credits_remaining: number | null;
  days: CreditDay[];
}

export function CreditsPanel({ days }: { days: number }) {
  const { client } = useConsole();
  const usage = useAsync(
    (signal) =>
      client.get<CreditUsage>(
        `/v1/usage?from=${utcDay(Date.now(), days - 1)}&to=${utcDay(Date.now())}`,
        signal,
      ),
    [client, days],
  );
  const u = usage.data;
  const series = u ? fillCreditDays(days, u.days) : [];
  const inPeriod = series.reduce((sum, d) => sum + d.credits, 0);
  const jobs = series.reduce((sum, d) => sum + d.jobs, 0);
  return (
    <section className="panel" aria-labelledby="credits-title">
      <h2 id="credits-title">Credits per day</h2>
      {usage.error ? <ErrorBanner error={usage.error} onRetry={usage.reload} /> : null}
      {!u && usage.loading ? <Loading /> : null}
      {u ? (
        <>
          <div className="tiles">
            <div className="tile">
              <span className="tile-label">Credits in this period</span>
              <span className="tile-value" data-testid="credits-in-period">
                {inPeriod}
              </span>
              <span className="sub">
                {jobs} job{jobs === 1 ? '' : 's'} (1 credit per page read)
              </span>
            </div>
            <div className="tile">
              <span className="tile-label">Credits used in all</span>
              <span className="tile-value">{u.credits_used}</span>
              <span className="sub">
                {u.credit_limit === null
                  ? 'no credit limit'
                  : `${u.credits_remaining} of ${u.credit_limit} left`}
              </span>
            </div>
          </div>
          {inPeriod === 0 ? (
            <EmptyState title="No credits used in this period">
              <p>Credits are counted when a template job completes: one per page read.</p>
            </EmptyState>
          ) : (
            <>
              <CreditsChart days={series} />
              <DailyFiguresTable
                summary="The credits as a table"
                days={series}
                columns={[
                  { heading: 'Credits', cell: (d) => d.credits },
                  { heading: 'Jobs', cell: (d) => d.jobs },
                ]}
              />
            </>
          )}
        </>
      ) : null}
    </section>
  );
}
