/**
 * The application's webhook signing key. Docket never sends a stored key back (anyone with an API
 * key could then forge webhooks), so the console shows a key only when it is issued: rotating
 * answers the new key once, masked until "Reveal", with a copy button. The old key keeps signing
 * alongside it for 24 h so receivers can switch over.
 */
import { useState } from 'react';
import { useConsole } from '../lib/console-context.ts';
import { formatDateTime } from '../lib/format.ts';
import { ErrorBanner } from './feedback.tsx';

/** A secret shown masked until revealed, with a copy button. */
export function SecretValue({ value, label }: { value: string; label: string }) {
  const [revealed, setRevealed] = useState(false);
  const [copied, setCopied] = useState(false);
  return (
    <div className="secret">
      <span className="visually-hidden">{label}: </span>
      <code>{revealed ? value : `${value.slice(0, 6)}${'•'.repeat(24)}`}</code>
      <button
        type="button"
        className="secondary small"
        aria-pressed={revealed}
        onClick={() => setRevealed(!revealed)}
      >
        {revealed ? 'Hide' : 'Reveal'}
      </button>
      <button
        type="button"
        className="secondary small"
        onClick={async () => {
          await navigator.clipboard?.writeText(value);
          setCopied(true);
        }}
      >
        {copied ? 'Copied' : 'Copy'}
      </button>
    </div>
  );
}

export function SigningKeyPanel() {
  const { client } = useConsole();
  const [issued, setIssued] = useState<{ key: string; previousExpiresAt: string | null } | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();

  const rotate = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const answer = await client.post<{
        webhook_signature_key: string;
        previous_key_expires_at: string | null;
      }>('/v1/application/signing-key/rotate');
      setIssued({ key: answer.webhook_signature_key, previousExpiresAt: answer.previous_key_expires_at });
      setConfirming(false);
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="signing-key-title">
      <h2 id="signing-key-title">Signing key</h2>
      <p>
        Every webhook is signed with the application's key (<code>x-body-signature</code> and Standard
        Webhooks <code>webhook-signature</code>). Docket shows a key only when it issues it: the first{' '}
        <code>npm start</code> printed the current one (also in <code>data/credentials.json</code>); rotating
        issues a new one here.
      </p>
      {error ? <ErrorBanner error={error} /> : null}
      {issued ? (
        <div className="banner success" role="status">
          <p>
            <strong>New signing key</strong> — copy it now, it is not shown again.
            {issued.previousExpiresAt
              ? ` The previous key keeps signing too until ${formatDateTime(issued.previousExpiresAt)}.`
              : ''}
          </p>
          <SecretValue value={issued.key} label="New signing key" />
        </div>
      ) : null}
      {confirming ? (
        <fieldset className="confirm">
          <legend className="visually-hidden">Confirm rotation</legend>
          <p>Rotate the signing key? Receivers must switch to the new key within 24 hours.</p>
          <button type="button" onClick={rotate} disabled={busy}>
            {busy ? 'Rotating…' : 'Yes, rotate'}
          </button>
          <button type="button" className="secondary" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </fieldset>
      ) : (
        <button type="button" className="secondary" onClick={() => setConfirming(true)}>
          Rotate signing key
        </button>
      )}
    </section>
  );
}
