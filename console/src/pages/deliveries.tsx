/** Every delivery, newest first, by status: `failed` is the failure queue, with replay one by one. */
import { useState } from 'react';
import { query } from '../api/client.ts';
import type { Delivery, Endpoint, Page } from '../api/types.ts';
import { DeliveriesTable } from '../components/deliveries-table.tsx';
import { EmptyState, ErrorBanner, Loading, PageHeader } from '../components/feedback.tsx';
import { useConsole } from '../lib/console-context.ts';
import { LiveIndicator, useLiveReload } from '../lib/live.tsx';
import { href } from '../lib/router.ts';
import { useAsync } from '../lib/use-async.ts';

const TABS = [
  { status: '', label: 'All' },
  { status: 'failed', label: 'Failure queue' },
  { status: 'pending', label: 'Pending' },
  { status: 'succeeded', label: 'Succeeded' },
  { status: 'cancelled', label: 'Cancelled' },
];

export function DeliveriesPage({ query: params }: { query: URLSearchParams }) {
  const { client } = useConsole();
  const status = params.get('status') ?? '';
  const endpointId = params.get('endpoint') ?? '';
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const deliveries = useAsync(
    (signal) =>
      client.get<Page<Delivery>>(
        `/v1/deliveries${query({ status, endpoint_id: endpointId, cursor, limit: 50 })}`,
        signal,
      ),
    [client, status, endpointId, cursor],
  );
  const endpoints = useAsync((signal) => client.get<{ data: Endpoint[] }>('/v1/endpoints', signal), [client]);
  const live = useLiveReload(() => {
    if (!cursor) deliveries.reload();
  });
  const urls = new Map(endpoints.data?.data.map((e) => [e.id, e.url]));

  return (
    <>
      <PageHeader title="Deliveries">
        <LiveIndicator state={live} />
      </PageHeader>
      <nav aria-label="Delivery status" className="tabs">
        {TABS.map((tab) => (
          <a
            key={tab.status}
            href={href(`/deliveries${query({ status: tab.status, endpoint: endpointId })}`)}
            aria-current={status === tab.status ? 'page' : undefined}
            onClick={() => setCursors([])}
          >
            {tab.label}
          </a>
        ))}
      </nav>
      {status === 'failed' ? (
        <p className="help">
          Deliveries that used up their retries. Replay one here, or recover everything an endpoint missed
          since a time from its page.
        </p>
      ) : null}
      {deliveries.error ? <ErrorBanner error={deliveries.error} onRetry={deliveries.reload} /> : null}
      {!deliveries.data && deliveries.loading ? <Loading /> : null}
      {deliveries.data && deliveries.data.data.length === 0 ? (
        <EmptyState title={status === 'failed' ? 'The failure queue is empty' : 'No deliveries'}>
          {status === 'failed' ? (
            <p>Every delivery landed or is still being retried.</p>
          ) : (
            <p>
              Deliveries appear when a record finishes and an <a href={href('/webhooks')}>endpoint</a> takes
              its event.
            </p>
          )}
        </EmptyState>
      ) : null}
      {deliveries.data && deliveries.data.data.length > 0 ? (
        <>
          <DeliveriesTable
            deliveries={deliveries.data.data}
            endpointUrls={urls}
            onChanged={deliveries.reload}
          />
          <div className="pager">
            <button
              type="button"
              className="secondary"
              disabled={cursors.length === 0}
              onClick={() => setCursors(cursors.slice(0, -1))}
            >
              Newer
            </button>
            <button
              type="button"
              className="secondary"
              disabled={!deliveries.data.next_cursor}
              onClick={() =>
                deliveries.data?.next_cursor && setCursors([...cursors, deliveries.data.next_cursor])
              }
            >
              Older
            </button>
          </div>
        </>
      ) : null}
    </>
  );
}
