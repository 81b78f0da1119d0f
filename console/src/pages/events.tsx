/** The event log, oldest first page by page, with new events added live as they are written. */
import { useEffect, useState } from 'react';
import { query } from '../api/client.ts';
import type { DocketEvent } from '../api/types.ts';
import { EventsTable } from '../components/events-table.tsx';
import { EmptyState, ErrorBanner, Loading, PageHeader } from '../components/feedback.tsx';
import { useConsole } from '../lib/console-context.ts';
import { LiveIndicator, useLiveReload } from '../lib/live.tsx';

const PAGE = 100;

export function EventsPage() {
  const { client } = useConsole();
  const [events, setEvents] = useState<DocketEvent[]>([]);
  const [after, setAfter] = useState(0);
  const [more, setMore] = useState(true);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<Error>();
  const [type, setType] = useState('');

  const load = async (from: number, replace: boolean) => {
    setLoading(true);
    setError(undefined);
    try {
      const page = await client.get<{ data: DocketEvent[]; next_after: number }>(
        `/v1/events${query({ after: from, type, limit: PAGE })}`,
      );
      setEvents((all) =>
        replace ? page.data : [...all, ...page.data.filter((e) => e.seq > (all.at(-1)?.seq ?? 0))],
      );
      setAfter(page.next_after);
      setMore(page.data.length === PAGE);
    } catch (e) {
      setError(e as Error);
    } finally {
      setLoading(false);
    }
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload from the start when the filter changes
  useEffect(() => {
    void load(0, true);
  }, [client, type]);
  // At the end of the log, new events are fetched as the live stream announces them.
  const live = useLiveReload(
    () => {
      if (!more && !loading) void load(after, false);
    },
    { pollMs: 10_000 },
  );

  return (
    <>
      <PageHeader title="Events">
        <LiveIndicator state={live} />
      </PageHeader>
      <form className="filters" aria-label="Filter events" onSubmit={(e) => e.preventDefault()}>
        <label>
          Event type
          <select value={type} onChange={(e) => setType(e.target.value)}>
            <option value="">Every type</option>
            <option>record.completed</option>
            <option>record.failed</option>
            <option>webhook.test</option>
          </select>
        </label>
      </form>
      <p className="help">
        Every event Docket wrote for this application, oldest first, whether or not a webhook delivered it.
        Clients catch up with <code>GET /v1/events?after=SEQ</code>.
      </p>
      {error ? <ErrorBanner error={error} onRetry={() => load(after, false)} /> : null}
      {loading && events.length === 0 ? <Loading /> : null}
      {!loading && events.length === 0 && !error ? (
        <EmptyState title="No events yet">
          <p>An event is written each time a record finishes.</p>
        </EmptyState>
      ) : null}
      {events.length > 0 ? <EventsTable events={events} /> : null}
      {more && events.length > 0 ? (
        <div className="pager">
          <button type="button" className="secondary" disabled={loading} onClick={() => load(after, false)}>
            {loading ? 'Loading…' : 'Load more'}
          </button>
        </div>
      ) : null}
    </>
  );
}
