/** One record: its facts, the file preview, the result in a readable layout, its events and deliveries. */
import { query } from '../api/client.ts';
import type { Delivery, DocketEvent, DocketRecord, Endpoint, Page } from '../api/types.ts';
import { DeliveriesTable } from '../components/deliveries-table.tsx';
import { EventsTable } from '../components/events-table.tsx';
import { EmptyState, ErrorBanner, Loading, PageHeader } from '../components/feedback.tsx';
import { DownloadLink, FilePreview } from '../components/file-preview.tsx';
import { ResultView } from '../components/results/result-view.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import { useConsole } from '../lib/console-context.ts';
import { formatBytes, formatDateTime } from '../lib/format.ts';
import { LiveIndicator, useLiveReload } from '../lib/live.tsx';
import { href } from '../lib/router.ts';
import { useAsync } from '../lib/use-async.ts';

export function RecordPage({ id }: { id: string }) {
  const { client } = useConsole();
  const record = useAsync((signal) => client.get<DocketRecord>(`/v1/records/${id}`, signal), [client, id]);
  const events = useAsync(
    (signal) =>
      client.get<{ data: DocketEvent[] }>(`/v1/events${query({ record_id: id, limit: 100 })}`, signal),
    [client, id],
  );
  const deliveries = useAsync(
    (signal) => client.get<Page<Delivery>>(`/v1/deliveries${query({ record_id: id, limit: 100 })}`, signal),
    [client, id],
  );
  const endpoints = useAsync((signal) => client.get<{ data: Endpoint[] }>('/v1/endpoints', signal), [client]);
  const finished = record.data?.status === 'completed' || record.data?.status === 'failed';
  const live = useLiveReload(
    () => {
      if (!finished) record.reload();
      events.reload();
      deliveries.reload();
    },
    { pollMs: finished ? 5000 : 1500 },
  );

  if (record.error) {
    return (
      <>
        <PageHeader title="Record" />
        <ErrorBanner error={record.error} onRetry={record.reload} />
        <p>
          <a href={href('/records')}>Back to the records</a>
        </p>
      </>
    );
  }
  if (!record.data) return <Loading />;
  const r = record.data;
  const urls = new Map(endpoints.data?.data.map((e) => [e.id, e.url]));
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <a href={href('/records')}>Records</a> / <span aria-current="page">{r.filename ?? r.id}</span>
      </nav>
      <PageHeader title={r.filename ?? 'Record'}>
        <LiveIndicator state={live} />
        <StatusBadge status={r.status} />
      </PageHeader>
      <dl className="facts record-facts">
        <div>
          <dt>Id</dt>
          <dd>
            <code>{r.id}</code>
          </dd>
        </div>
        <div>
          <dt>Kind</dt>
          <dd>{r.kind}</dd>
        </div>
        <div>
          <dt>Stage</dt>
          <dd>{r.stage ?? '—'}</dd>
        </div>
        <div>
          <dt>File</dt>
          <dd>
            {r.mime_type}, {formatBytes(r.size_bytes)}
            {r.pages ? `, ${r.pages} page${r.pages === 1 ? '' : 's'}` : ''}
          </dd>
        </div>
        <div>
          <dt>User</dt>
          <dd>{r.application_user_id ?? '—'}</dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>{formatDateTime(r.created_at)}</dd>
        </div>
        <div>
          <dt>Finished</dt>
          <dd>{formatDateTime(r.completed_at)}</dd>
        </div>
        {r.parent_id ? (
          <div>
            <dt>Batch</dt>
            <dd>
              <a href={href(`/records/${r.parent_id}`)}>the ZIP it came from</a>
            </dd>
          </div>
        ) : null}
      </dl>
      <div className="record-body">
        <section aria-labelledby="preview-title" className="panel">
          <div className="panel-head">
            <h2 id="preview-title">File</h2>
            <DownloadLink record={r} />
          </div>
          <FilePreview record={r} />
        </section>
        <section aria-labelledby="result-title" className="panel">
          <h2 id="result-title">Result</h2>
          <ResultView record={r} />
        </section>
      </div>
      <section aria-labelledby="events-title" className="panel">
        <h2 id="events-title">Events</h2>
        {events.error ? <ErrorBanner error={events.error} onRetry={events.reload} /> : null}
        {events.data && events.data.data.length === 0 ? (
          <p>No event yet: one is written when the analysis finishes.</p>
        ) : null}
        {events.data && events.data.data.length > 0 ? <EventsTable events={events.data.data} /> : null}
      </section>
      <section aria-labelledby="deliveries-title" className="panel">
        <h2 id="deliveries-title">Deliveries</h2>
        {deliveries.error ? <ErrorBanner error={deliveries.error} onRetry={deliveries.reload} /> : null}
        {deliveries.data && deliveries.data.data.length === 0 ? (
          <EmptyState title="No webhook deliveries for this record">
            <p>
              Deliveries are made to the active <a href={href('/webhooks')}>webhook endpoints</a> when the
              record finishes.
            </p>
          </EmptyState>
        ) : null}
        {deliveries.data && deliveries.data.data.length > 0 ? (
          <DeliveriesTable
            deliveries={deliveries.data.data}
            endpointUrls={urls}
            onChanged={deliveries.reload}
          />
        ) : null}
      </section>
    </>
  );
}
