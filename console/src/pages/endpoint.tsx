/**
 * One endpoint: create or edit it, send a test event, see its deliveries, recover what failed
 * since a time, delete it.
 */
import { useState } from 'react';
import { query } from '../api/client.ts';
import type { Delivery, Endpoint, EndpointCreate, Page } from '../api/types.ts';
import { DeliveriesTable } from '../components/deliveries-table.tsx';
import { EndpointForm } from '../components/endpoint-form.tsx';
import { EmptyState, ErrorBanner, Loading, Notice, PageHeader } from '../components/feedback.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import { useConsole } from '../lib/console-context.ts';
import { useLiveReload } from '../lib/live.tsx';
import { href, navigate } from '../lib/router.ts';
import { useAsync } from '../lib/use-async.ts';

function localInputValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function EndpointActions({ endpoint, onChanged }: { endpoint: Endpoint; onChanged: () => void }) {
  const { client, capabilities } = useConsole();
  const [message, setMessage] = useState<string>();
  const [error, setError] = useState<Error>();
  const [since, setSince] = useState(() => localInputValue(new Date(Date.now() - 24 * 3600_000)));
  const [confirmDelete, setConfirmDelete] = useState(false);

  const run = async (action: () => Promise<string>) => {
    setError(undefined);
    setMessage(undefined);
    try {
      setMessage(await action());
      onChanged();
    } catch (e) {
      setError(e as Error);
    }
  };

  return (
    <section className="panel" aria-labelledby="actions-title">
      <h2 id="actions-title">Actions</h2>
      {message ? <Notice tone="success">{message}</Notice> : null}
      {error ? <ErrorBanner error={error} /> : null}
      <div className="action-row">
        {capabilities.testEvents ? (
          <button
            type="button"
            onClick={() =>
              run(async () => {
                await client.post(`/v1/endpoints/${endpoint.id}/test`);
                return 'A webhook.test event is on its way; it appears in the deliveries below.';
              })
            }
          >
            Send test event
          </button>
        ) : null}
      </div>
      <form
        className="action-row"
        aria-label="Recover failed deliveries"
        onSubmit={(e) => {
          e.preventDefault();
          run(async () => {
            const answer = await client.post<{ reopened: number }>(`/v1/endpoints/${endpoint.id}/recover`, {
              since: new Date(since).toISOString(),
            });
            return answer.reopened === 0
              ? 'Nothing failed for this endpoint since then.'
              : `${answer.reopened} failed deliver${answer.reopened === 1 ? 'y is' : 'ies are'} being sent again.`;
          });
        }}
      >
        <label>
          Recover everything that failed since
          <input type="datetime-local" value={since} onChange={(e) => setSince(e.target.value)} required />
        </label>
        <button type="submit" className="secondary">
          Recover
        </button>
      </form>
      <div className="action-row">
        {confirmDelete ? (
          <>
            <span>Delete this endpoint? Its pending deliveries stop.</span>
            <button
              type="button"
              className="danger"
              onClick={() =>
                run(async () => {
                  await client.delete(`/v1/endpoints/${endpoint.id}`);
                  navigate('/webhooks');
                  return 'Deleted.';
                })
              }
            >
              Yes, delete
            </button>
            <button type="button" className="secondary" onClick={() => setConfirmDelete(false)}>
              Cancel
            </button>
          </>
        ) : (
          <button type="button" className="danger secondary" onClick={() => setConfirmDelete(true)}>
            Delete endpoint
          </button>
        )}
      </div>
    </section>
  );
}

function EndpointDeliveries({ endpoint }: { endpoint: Endpoint }) {
  const { client } = useConsole();
  const deliveries = useAsync(
    (signal) =>
      client.get<Page<Delivery>>(`/v1/deliveries${query({ endpoint_id: endpoint.id, limit: 50 })}`, signal),
    [client, endpoint.id],
  );
  useLiveReload(deliveries.reload, { pollMs: 2000 });
  return (
    <section className="panel" aria-labelledby="endpoint-deliveries-title">
      <h2 id="endpoint-deliveries-title">Deliveries</h2>
      {deliveries.error ? <ErrorBanner error={deliveries.error} onRetry={deliveries.reload} /> : null}
      {!deliveries.data && deliveries.loading ? <Loading /> : null}
      {deliveries.data && deliveries.data.data.length === 0 ? (
        <EmptyState title="Nothing delivered here yet">
          <p>Send a test event, or upload a file: its result is delivered when the analysis finishes.</p>
        </EmptyState>
      ) : null}
      {deliveries.data && deliveries.data.data.length > 0 ? (
        <DeliveriesTable
          deliveries={deliveries.data.data}
          endpointUrls={new Map([[endpoint.id, endpoint.url]])}
          onChanged={deliveries.reload}
        />
      ) : null}
    </section>
  );
}

export function EndpointPage({ id }: { id: string | null }) {
  const { client } = useConsole();
  const [saved, setSaved] = useState(false);
  const endpoint = useAsync(
    (signal) => (id ? client.get<Endpoint>(`/v1/endpoints/${id}`, signal) : Promise.resolve(null)),
    [client, id],
  );

  if (id === null) {
    return (
      <>
        <nav aria-label="Breadcrumb" className="breadcrumb">
          <a href={href('/webhooks')}>Webhooks</a> / <span aria-current="page">New endpoint</span>
        </nav>
        <PageHeader title="New endpoint" />
        <EndpointForm
          endpoint={null}
          submitLabel="Create endpoint"
          onSave={async (body: EndpointCreate) => {
            const created = await client.post<Endpoint>('/v1/endpoints', body);
            navigate(`/webhooks/${created.id}`);
          }}
        />
      </>
    );
  }
  if (endpoint.error) return <ErrorBanner error={endpoint.error} onRetry={endpoint.reload} />;
  if (!endpoint.data) return <Loading />;
  const e = endpoint.data;
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <a href={href('/webhooks')}>Webhooks</a> / <span aria-current="page">{e.url}</span>
      </nav>
      <PageHeader title="Endpoint">
        <StatusBadge status={e.active ? 'active' : 'disabled'} />
      </PageHeader>
      {e.disabled_reason ? (
        <Notice>Disabled: {e.disabled_reason}. Tick Active and save to send again.</Notice>
      ) : null}
      {saved ? <Notice tone="success">Saved.</Notice> : null}
      <div className="endpoint-layout">
        <section className="panel" aria-labelledby="settings-title">
          <h2 id="settings-title">Settings</h2>
          <EndpointForm
            key={e.updated_at}
            endpoint={e}
            submitLabel="Save changes"
            onSave={async (body) => {
              await client.patch<Endpoint>(`/v1/endpoints/${e.id}`, body);
              setSaved(true);
              endpoint.reload();
            }}
          />
        </section>
        <div>
          <EndpointActions endpoint={e} onChanged={endpoint.reload} />
        </div>
      </div>
      <EndpointDeliveries endpoint={e} />
    </>
  );
}
