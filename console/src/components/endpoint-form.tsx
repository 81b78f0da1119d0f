/**
 * Create or edit an endpoint: URL, description, events, product, active, custom headers, retry
 * policy and timeout. The API validates; its message is shown next to the field it names.
 */
import { type FormEvent, useState } from 'react';
import { ApiError } from '../api/client.ts';
import type { Endpoint, EndpointCreate } from '../api/types.ts';
import { ErrorBanner } from './feedback.tsx';

const COMMON_EVENTS = ['record.completed', 'record.failed'];
const PRODUCTS = ['', 'native', 'lab_reports', 'nutrition'];
const PRESETS = [
  { value: '', label: "The product's preset (default)" },
  { value: 'standard', label: 'standard: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h' },
  { value: 'lab_reports', label: 'lab_reports: 5 retries from 30 s, doubling' },
  { value: 'nutrition', label: 'nutrition: 10 retries from 30 s, doubling' },
  { value: 'documents', label: 'documents: 5 s, 10 s, 20 s' },
  { value: 'custom', label: 'Custom delays' },
];

interface HeaderRow {
  name: string;
  value: string;
}

function policyFields(policy: Endpoint['retry_policy'] | undefined): { preset: string; delays: string } {
  if (!policy) return { preset: '', delays: '' };
  if (typeof policy === 'string') return { preset: policy, delays: '' };
  return { preset: 'custom', delays: policy.delays_ms.map((ms) => ms / 1000).join(', ') };
}

/** "1, 60, 300" (seconds) → delays in ms; throws a message for anything else. */
export function parseDelays(text: string): number[] {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  return parts.map((part) => {
    const seconds = Number(part);
    if (!Number.isFinite(seconds) || seconds < 0) throw new Error(`"${part}" is not a number of seconds`);
    return Math.round(seconds * 1000);
  });
}

export function EndpointForm({
  endpoint,
  onSave,
  submitLabel,
}: {
  endpoint: Endpoint | null;
  onSave: (body: EndpointCreate) => Promise<void>;
  submitLabel: string;
}) {
  const initialPolicy = policyFields(endpoint?.retry_policy);
  const [url, setUrl] = useState(endpoint?.url ?? '');
  const [description, setDescription] = useState(endpoint?.description ?? '');
  const [events, setEvents] = useState<string[]>(endpoint?.events ?? []);
  const [otherEvents, setOtherEvents] = useState(
    (endpoint?.events ?? []).filter((e) => !COMMON_EVENTS.includes(e)).join(', '),
  );
  const [product, setProduct] = useState(endpoint?.product ?? '');
  const [active, setActive] = useState(endpoint?.active ?? true);
  const [headers, setHeaders] = useState<HeaderRow[]>(
    Object.entries(endpoint?.headers ?? {}).map(([name, value]) => ({ name, value })),
  );
  const [preset, setPreset] = useState(initialPolicy.preset);
  const [delays, setDelays] = useState(initialPolicy.delays);
  const [timeout, setTimeoutMs] = useState(String(endpoint?.timeout_ms ?? 5000));
  const [error, setError] = useState<Error>();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!/^https?:\/\//.test(url.trim())) problems.url = 'Enter an http:// or https:// URL.';
    let retry_policy: EndpointCreate['retry_policy'] = null;
    if (preset === 'custom') {
      try {
        retry_policy = { delays_ms: parseDelays(delays) };
      } catch (e) {
        problems.retry_policy = `${(e as Error).message}: list the waits in seconds, e.g. 10, 60, 300.`;
      }
    } else if (preset) retry_policy = preset as EndpointCreate['retry_policy'];
    const timeoutMs = Number(timeout);
    if (!Number.isInteger(timeoutMs) || timeoutMs < 100 || timeoutMs > 30_000) {
      problems.timeout_ms = 'Enter a whole number of milliseconds from 100 to 30000.';
    }
    const names = headers.map((h) => h.name.trim()).filter(Boolean);
    if (new Set(names.map((n) => n.toLowerCase())).size !== names.length)
      problems.headers = 'Each header name once.';
    setFieldErrors(problems);
    if (Object.keys(problems).length > 0) return;

    const allEvents = [
      ...events.filter((e) => COMMON_EVENTS.includes(e)),
      ...otherEvents
        .split(/[\s,]+/)
        .map((e) => e.trim())
        .filter(Boolean),
    ];
    setBusy(true);
    setError(undefined);
    try {
      await onSave({
        url: url.trim(),
        description,
        events: [...new Set(allEvents)],
        product: product || null,
        active,
        headers: Object.fromEntries(
          headers.filter((h) => h.name.trim()).map((h) => [h.name.trim(), h.value]),
        ),
        retry_policy,
        timeout_ms: timeoutMs,
      });
    } catch (e) {
      const field = e instanceof ApiError ? (e.details?.field as string | undefined) : undefined;
      if (field && ['url', 'events', 'headers', 'retry_policy', 'timeout_ms'].includes(field)) {
        setFieldErrors({ [field]: e instanceof Error ? e.message : String(e) });
      } else setError(e as Error);
    } finally {
      setBusy(false);
    }
  };

  const errorOf = (field: string) =>
    fieldErrors[field] ? (
      <p className="field-error" id={`${field}-error`} role="alert">
        {fieldErrors[field]}
      </p>
    ) : null;
  const described = (field: string, help?: string) =>
    [fieldErrors[field] ? `${field}-error` : null, help ?? null].filter(Boolean).join(' ') || undefined;

  return (
    <form className="endpoint-form" onSubmit={submit} noValidate aria-label="Endpoint">
      {error ? <ErrorBanner error={error} /> : null}
      <div className="field">
        <label htmlFor="endpoint-url">URL</label>
        <input
          id="endpoint-url"
          type="url"
          required
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          placeholder="https://your-app.example.com/docket-webhook"
          aria-invalid={fieldErrors.url ? true : undefined}
          aria-describedby={described('url', 'url-help')}
        />
        <p className="help" id="url-help">
          Docket refuses URLs that resolve to private addresses unless DOCKET_WEBHOOK_ALLOW lets them.
        </p>
        {errorOf('url')}
      </div>
      <div className="field">
        <label htmlFor="endpoint-description">Description</label>
        <input
          id="endpoint-description"
          value={description}
          onChange={(e) => setDescription(e.target.value)}
        />
      </div>
      <fieldset className="field" aria-describedby={described('events', 'events-help')}>
        <legend>Events</legend>
        {COMMON_EVENTS.map((type) => (
          <label key={type} className="check">
            <input
              type="checkbox"
              checked={events.includes(type)}
              onChange={(e) =>
                setEvents(e.target.checked ? [...events, type] : events.filter((x) => x !== type))
              }
            />
            {type}
          </label>
        ))}
        <label htmlFor="endpoint-other-events">Other event types (comma-separated)</label>
        <input
          id="endpoint-other-events"
          value={otherEvents}
          onChange={(e) => setOtherEvents(e.target.value)}
        />
        <p className="help" id="events-help">
          None chosen: every event (of the product, when one is set).
        </p>
        {errorOf('events')}
      </fieldset>
      <div className="field-row">
        <div className="field">
          <label htmlFor="endpoint-product">Product</label>
          <select id="endpoint-product" value={product} onChange={(e) => setProduct(e.target.value)}>
            {PRODUCTS.map((p) => (
              <option key={p} value={p}>
                {p || 'Every product'}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="endpoint-timeout">Timeout per attempt (ms)</label>
          <input
            id="endpoint-timeout"
            inputMode="numeric"
            value={timeout}
            onChange={(e) => setTimeoutMs(e.target.value)}
            aria-invalid={fieldErrors.timeout_ms ? true : undefined}
            aria-describedby={described('timeout_ms')}
          />
          {errorOf('timeout_ms')}
        </div>
      </div>
      <label className="check">
        <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} />
        Active (deliveries are sent)
      </label>
      <fieldset className="field">
        <legend>Retry policy</legend>
        <label htmlFor="endpoint-retry">Schedule after a failed attempt</label>
        <select id="endpoint-retry" value={preset} onChange={(e) => setPreset(e.target.value)}>
          {PRESETS.map((p) => (
            <option key={p.value} value={p.value}>
              {p.label}
            </option>
          ))}
        </select>
        {preset === 'custom' ? (
          <>
            <label htmlFor="endpoint-delays">Waits in seconds, one per retry</label>
            <input
              id="endpoint-delays"
              value={delays}
              onChange={(e) => setDelays(e.target.value)}
              placeholder="10, 60, 300"
              aria-invalid={fieldErrors.retry_policy ? true : undefined}
              aria-describedby={described('retry_policy')}
            />
          </>
        ) : null}
        {errorOf('retry_policy')}
      </fieldset>
      <fieldset className="field headers" aria-describedby={described('headers', 'headers-help')}>
        <legend>Custom headers</legend>
        <p className="help" id="headers-help">
          Sent with every request (e.g. your own auth). Stored values are shown masked; leave a masked value
          as it is to keep it.
        </p>
        {headers.map((header, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place
          <div className="header-row" key={index}>
            <label>
              Name
              <input
                value={header.name}
                onChange={(e) =>
                  setHeaders(headers.map((h, i) => (i === index ? { ...h, name: e.target.value } : h)))
                }
              />
            </label>
            <label>
              Value
              <input
                value={header.value}
                onChange={(e) =>
                  setHeaders(headers.map((h, i) => (i === index ? { ...h, value: e.target.value } : h)))
                }
              />
            </label>
            <button
              type="button"
              className="secondary small"
              onClick={() => setHeaders(headers.filter((_, i) => i !== index))}
              aria-label={`Remove header ${header.name || index + 1}`}
            >
              Remove
            </button>
          </div>
        ))}
        <button
          type="button"
          className="secondary small"
          onClick={() => setHeaders([...headers, { name: '', value: '' }])}
        >
          Add header
        </button>
        {errorOf('headers')}
      </fieldset>
      <button type="submit" disabled={busy}>
        {busy ? 'Saving…' : submitLabel}
      </button>
    </form>
  );
}
