/** Webhook endpoints: the list, a link to create one, and the application's signing key. */
import type { Endpoint } from '../api/types.ts';
import { EmptyState, ErrorBanner, Loading, PageHeader } from '../components/feedback.tsx';
import { SigningKeyPanel } from '../components/signing-key.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import { useConsole } from '../lib/console-context.ts';
import { formatRelative } from '../lib/format.ts';
import { href } from '../lib/router.ts';
import { useAsync } from '../lib/use-async.ts';

export function WebhooksPage() {
  const { client } = useConsole();
  const endpoints = useAsync((signal) => client.get<{ data: Endpoint[] }>('/v1/endpoints', signal), [client]);
  return (
    <>
      <PageHeader title="Webhooks">
        <a className="button" href={href('/webhooks/new')}>
          New endpoint
        </a>
        <a className="button secondary" href={href('/deliveries?status=failed')}>
          Failure queue
        </a>
      </PageHeader>
      {endpoints.error ? <ErrorBanner error={endpoints.error} onRetry={endpoints.reload} /> : null}
      {!endpoints.data && endpoints.loading ? <Loading /> : null}
      {endpoints.data && endpoints.data.data.length === 0 ? (
        <EmptyState title="No endpoints yet">
          <p>
            Add the URL where Docket should POST results. An endpoint with no event types gets every event.{' '}
            <a href={href('/webhooks/new')}>Create the first endpoint</a>.
          </p>
        </EmptyState>
      ) : null}
      {endpoints.data && endpoints.data.data.length > 0 ? (
        <div className="table-scroll">
          <table className="endpoints">
            <thead>
              <tr>
                <th scope="col">URL</th>
                <th scope="col">Events</th>
                <th scope="col">Product</th>
                <th scope="col">State</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {endpoints.data.data.map((endpoint) => (
                <tr key={endpoint.id}>
                  <th scope="row" className="truncate">
                    <a href={href(`/webhooks/${endpoint.id}`)}>{endpoint.url}</a>
                    {endpoint.description ? <span className="sub">{endpoint.description}</span> : null}
                  </th>
                  <td>{endpoint.events.length === 0 ? 'every event' : endpoint.events.join(', ')}</td>
                  <td>{endpoint.product ?? 'any'}</td>
                  <td>
                    <StatusBadge status={endpoint.active ? 'active' : 'disabled'} />
                    {endpoint.disabled_reason ? (
                      <span className="sub">{endpoint.disabled_reason}</span>
                    ) : null}
                    {endpoint.failing_since ? (
                      <span className="sub">failing since {formatRelative(endpoint.failing_since)}</span>
                    ) : null}
                  </td>
                  <td>{formatRelative(endpoint.updated_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <SigningKeyPanel />
    </>
  );
}
