/**
 * Deliveries with their attempts one click away (status code, latency, error, response body) and
 * a Replay button for finished ones. Used by the Deliveries page, an endpoint's page and a record's.
 */
import { Fragment, useState } from 'react';
import type { Delivery, DeliveryAttempt } from '../api/types.ts';
import { useConsole } from '../lib/console-context.ts';
import { formatDateTime, formatDuration, formatRelative } from '../lib/format.ts';
import { href } from '../lib/router.ts';
import { useAsync } from '../lib/use-async.ts';
import { ErrorBanner, Loading } from './feedback.tsx';
import { StatusBadge } from './status-badge.tsx';

function Attempts({ delivery }: { delivery: Delivery }) {
  const { client } = useConsole();
  const attempts = useAsync(
    (signal) => client.get<{ data: DeliveryAttempt[] }>(`/v1/deliveries/${delivery.id}/attempts`, signal),
    [client, delivery.id, delivery.attempts, delivery.status],
  );
  if (attempts.error) return <ErrorBanner error={attempts.error} onRetry={attempts.reload} />;
  if (!attempts.data) return <Loading label="Loading attempts…" />;
  if (attempts.data.data.length === 0) {
    return (
      <p>
        No attempt yet
        {delivery.next_attempt_at ? `; the first is due ${formatRelative(delivery.next_attempt_at)}` : ''}.
      </p>
    );
  }
  return (
    <ol className="attempts" aria-label="Attempts">
      {attempts.data.data.map((attempt) => (
        <li key={attempt.number} className={attempt.outcome}>
          <div className="attempt-head">
            <strong>Attempt {attempt.number}</strong>
            <StatusBadge status={attempt.outcome} />
            <span>{attempt.status_code === null ? 'no response' : `HTTP ${attempt.status_code}`}</span>
            <span>{formatDuration(attempt.latency_ms)}</span>
            <time dateTime={attempt.started_at}>{formatDateTime(attempt.started_at)}</time>
          </div>
          {attempt.error && attempt.error !== `HTTP ${attempt.status_code}` ? (
            <p className="attempt-error">{attempt.error}</p>
          ) : null}
          {attempt.response_excerpt ? (
            <pre className="json" title={`Response body of attempt ${attempt.number}`}>
              {attempt.response_excerpt}
            </pre>
          ) : (
            <p className="muted">No response body.</p>
          )}
        </li>
      ))}
    </ol>
  );
}

export function DeliveriesTable({
  deliveries,
  endpointUrls,
  onChanged,
}: {
  deliveries: Delivery[];
  /** Endpoint id → URL, to name the destination. */
  endpointUrls?: Map<string, string>;
  onChanged: () => void;
}) {
  const { client } = useConsole();
  const [open, setOpen] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<Error>();
  const [replayed, setReplayed] = useState<string | null>(null);

  const replay = async (delivery: Delivery) => {
    setBusy(delivery.id);
    setError(undefined);
    try {
      await client.post(`/v1/deliveries/${delivery.id}/replay`);
      setReplayed(delivery.id);
      onChanged();
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      {error ? <ErrorBanner error={error} /> : null}
      <div className="table-scroll">
        <table className="deliveries">
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">Endpoint</th>
              <th scope="col">Status</th>
              <th scope="col" className="num">
                Attempts
              </th>
              <th scope="col">Last answer</th>
              <th scope="col">Created</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {deliveries.map((delivery) => (
              <Fragment key={delivery.id}>
                <tr data-delivery={delivery.id}>
                  <td>
                    <button
                      type="button"
                      className="link"
                      aria-expanded={open === delivery.id}
                      aria-controls={`attempts-${delivery.id}`}
                      onClick={() => setOpen(open === delivery.id ? null : delivery.id)}
                    >
                      {delivery.event_type}
                    </button>
                  </td>
                  <td className="truncate">
                    <a href={href(`/webhooks/${delivery.endpoint_id}`)}>
                      {endpointUrls?.get(delivery.endpoint_id) ?? delivery.endpoint_id}
                    </a>
                  </td>
                  <td>
                    <StatusBadge status={delivery.status} />
                    {replayed === delivery.id ? <span className="muted"> replayed</span> : null}
                  </td>
                  <td className="num">{delivery.attempts}</td>
                  <td>
                    {delivery.last_status_code !== null ? `HTTP ${delivery.last_status_code}` : ''}
                    {delivery.last_error && delivery.last_error !== `HTTP ${delivery.last_status_code}` ? (
                      <span className="sub">{delivery.last_error}</span>
                    ) : null}
                    {delivery.status === 'pending' && delivery.next_attempt_at ? (
                      <span className="sub">next {formatRelative(delivery.next_attempt_at)}</span>
                    ) : null}
                  </td>
                  <td>
                    <time dateTime={delivery.created_at} title={formatDateTime(delivery.created_at)}>
                      {formatRelative(delivery.created_at)}
                    </time>
                  </td>
                  <td>
                    {delivery.status !== 'pending' ? (
                      <button
                        type="button"
                        className="secondary small"
                        disabled={busy === delivery.id}
                        onClick={() => replay(delivery)}
                        aria-label={`Replay the ${delivery.event_type} delivery to ${endpointUrls?.get(delivery.endpoint_id) ?? delivery.endpoint_id}`}
                      >
                        {busy === delivery.id ? 'Replaying…' : 'Replay'}
                      </button>
                    ) : null}
                  </td>
                </tr>
                {open === delivery.id ? (
                  <tr className="details-row">
                    <td colSpan={7} id={`attempts-${delivery.id}`}>
                      <Attempts delivery={delivery} />
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
