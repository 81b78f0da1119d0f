/**
 * How requests are authenticated: an API key, or OAuth2 client credentials whose access token
 * is fetched on first use, shared by concurrent requests, renewed shortly before it expires and
 * once more when Docket answers 401.
 */
import { apiErrorFrom, DocketConnectionError } from './errors.ts';
import { randomId } from './runtime.ts';

/** OAuth2 client credentials (seed 003's integrations use these with scopes). */
export interface OAuthCredentials {
  clientId: string;
  clientSecret: string;
  /** Scopes to ask for, e.g. `['read:documents', 'write:document_integrations']`. */
  scopes?: string[];
  /** The token endpoint; `<baseUrl>/oauth/token` by default. */
  tokenUrl?: string;
  /**
   * How the client authenticates at the token endpoint: the id and secret as form fields
   * (`client_secret_post`, the default) or as HTTP Basic (`client_secret_basic`).
   */
  authMethod?: 'client_secret_post' | 'client_secret_basic';
}

/** Supplies the Authorization header for each request. */
export interface Authenticator {
  authorization(signal?: AbortSignal): Promise<string>;
  /** Forgets a token Docket refused, so the next call fetches a new one; false when there is nothing to renew. */
  renew(refused: string): boolean;
}

export function apiKeyAuth(apiKey: string): Authenticator {
  const header = `Bearer ${apiKey}`;
  return { authorization: async () => header, renew: () => false };
}

interface CachedToken {
  header: string;
  /** When to fetch the next one (ms since the epoch): before it actually expires. */
  renewAt: number;
}

/** Renew this long before expiry, or at 90 % of a shorter lifetime. */
const RENEW_EARLY_MS = 60_000;

export class ClientCredentialsAuth implements Authenticator {
  readonly #credentials: OAuthCredentials;
  readonly #tokenUrl: string;
  readonly #fetch: typeof fetch;
  readonly #now: () => number;
  #token: CachedToken | null = null;
  #pending: Promise<CachedToken> | null = null;

  constructor(credentials: OAuthCredentials, baseUrl: string, fetchImpl: typeof fetch, now = Date.now) {
    this.#credentials = credentials;
    this.#tokenUrl = credentials.tokenUrl ?? new URL('/oauth/token', baseUrl).toString();
    this.#fetch = fetchImpl;
    this.#now = now;
  }

  async authorization(signal?: AbortSignal): Promise<string> {
    if (this.#token && this.#now() < this.#token.renewAt) return this.#token.header;
    // Requests that arrive while a token is being fetched wait for that one.
    this.#pending ??= this.#fetchToken(signal).finally(() => {
      this.#pending = null;
    });
    this.#token = await this.#pending;
    return this.#token.header;
  }

  renew(refused: string): boolean {
    if (this.#token?.header === refused) this.#token = null;
    return true;
  }

  async #fetchToken(signal?: AbortSignal): Promise<CachedToken> {
    const { clientId, clientSecret, scopes, authMethod = 'client_secret_post' } = this.#credentials;
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (scopes?.length) form.set('scope', scopes.join(' '));
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    };
    if (authMethod === 'client_secret_basic') {
      // RFC 6749 §2.3.1: each part form-urlencoded before base64.
      const encode = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
      headers.authorization = `Basic ${btoa(`${encode(clientId)}:${encode(clientSecret)}`)}`;
    } else {
      form.set('client_id', clientId);
      form.set('client_secret', clientSecret);
    }
    const requestId = randomId();
    let response: Response;
    try {
      response = await this.#fetch(this.#tokenUrl, {
        method: 'POST',
        headers: { ...headers, 'x-request-id': requestId },
        body: form.toString(),
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      throw new DocketConnectionError(`cannot reach the token endpoint ${this.#tokenUrl}`, { cause: error });
    }
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {}
    if (!response.ok) throw apiErrorFrom(response.status, response.headers, body, requestId);
    const {
      access_token: accessToken,
      token_type: tokenType,
      expires_in: expiresIn,
    } = body as {
      access_token?: unknown;
      token_type?: unknown;
      expires_in?: unknown;
    };
    if (typeof accessToken !== 'string' || accessToken === '') {
      throw apiErrorFrom(502, response.headers, { error: 'invalid_token_response' }, requestId);
    }
    const lifetimeMs = typeof expiresIn === 'number' && expiresIn > 0 ? expiresIn * 1000 : 3600_000;
    const early = Math.min(RENEW_EARLY_MS, lifetimeMs * 0.1);
    const scheme =
      typeof tokenType === 'string' && tokenType.toLowerCase() !== 'bearer' ? tokenType : 'Bearer';
    return { header: `${scheme} ${accessToken}`, renewAt: this.#now() + lifetimeMs - early };
  }
}
