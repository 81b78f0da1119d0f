/** Sign-in with an application's API key, checked against the API before it is kept for the session. */
import { type FormEvent, useState } from 'react';
import { ApiClient, ApiError } from '../api/client.ts';

export function SignInPage({ onSignedIn, expired }: { onSignedIn: (key: string) => void; expired: boolean }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = key.trim();
    if (!trimmed) {
      setError('Enter the API key of the application you want to manage.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await new ApiClient({ apiKey: trimmed }).get('/v1/records?limit=1');
      onSignedIn(trimmed);
    } catch (e) {
      setError(
        e instanceof ApiError && e.status === 401
          ? 'Docket refused this key. Check it (it starts with dk_) or create one with `docket keys create`.'
          : `Docket could not be reached: ${(e as Error).message}`,
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="sign-in" id="main">
      <form onSubmit={submit} noValidate aria-describedby="sign-in-help">
        <h1>
          Docket <span>console</span>
        </h1>
        {expired ? (
          <p className="banner info" role="status">
            Your key was refused (revoked or changed): sign in again.
          </p>
        ) : null}
        <label htmlFor="api-key">API key</label>
        <input
          id="api-key"
          name="api-key"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={key}
          onChange={(e) => setKey(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'sign-in-error' : 'sign-in-help'}
          // biome-ignore lint/a11y/noAutofocus: the only field of the page
          autoFocus
        />
        {error ? (
          <p id="sign-in-error" className="field-error" role="alert">
            {error}
          </p>
        ) : null}
        <p id="sign-in-help" className="help">
          The key of one application (<code>api_key</code> in <code>data/credentials.json</code> after the
          first <code>npm start</code>). It is kept only for this browser tab and forgotten when the tab
          closes.
        </p>
        <button type="submit" disabled={busy}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
