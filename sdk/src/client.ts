/** The Docket client: `new Docket({ baseUrl, apiKey })` or `new Docket({ baseUrl, oauth: {…} })`. */
import { type Authenticator, apiKeyAuth, ClientCredentialsAuth, type OAuthCredentials } from './auth.ts';
import { Documents, OAuthClients } from './resources/documents.ts';
import { Events } from './resources/events.ts';
import { Jobs, Templates } from './resources/jobs.ts';
import { Records, type SubmitOptions, type WaitOptions } from './resources/records.ts';
import { Deliveries, Endpoints } from './resources/webhooks.ts';
import type { RetryOptions, RetryPolicy } from './retry.ts';
import { sleep } from './runtime.ts';
import { Transport } from './transport.ts';
import type { DocketRecord } from './types.ts';
import { DEFAULT_MULTIPART_THRESHOLD, type FileInput } from './upload.ts';

interface CommonOptions {
  /** Where Docket is, e.g. `http://localhost:8080`. */
  baseUrl: string;
  /** Retries of 429, 503 and network failures; `{ maxRetries: 0 }` turns them off. */
  retry?: RetryOptions;
  /** Per-attempt limit for each request (streams excepted). Default 60 s. */
  timeoutMs?: number;
  /** Files from this many bytes up are sent as multipart rather than base64 JSON. Default 1 MiB. */
  multipartThreshold?: number;
  /** A fetch to use instead of the global one (proxies, tests). */
  fetch?: typeof fetch;
  /** Extra headers on every request. */
  headers?: Record<string, string>;
}

/** Options of the client: an API key, or OAuth2 client credentials. */
export type DocketOptions =
  | (CommonOptions & { apiKey: string; oauth?: never })
  | (CommonOptions & { oauth: OAuthCredentials; apiKey?: never });

export class Docket {
  readonly records: Records;
  readonly endpoints: Endpoints;
  readonly deliveries: Deliveries;
  readonly events: Events;
  readonly templates: Templates;
  readonly jobs: Jobs;
  readonly documents: Documents;
  readonly oauthClients: OAuthClients;
  readonly #transport: Transport;

  constructor(options: DocketOptions) {
    if (!options.baseUrl) throw new TypeError('Docket needs a baseUrl');
    const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
    let auth: Authenticator;
    if (options.apiKey) auth = apiKeyAuth(options.apiKey);
    else if (options.oauth) auth = new ClientCredentialsAuth(options.oauth, options.baseUrl, fetchImpl);
    else throw new TypeError('Docket needs an apiKey or oauth client credentials');
    const retry: RetryPolicy = {
      maxRetries: 3,
      initialDelayMs: 500,
      maxDelayMs: 8000,
      maxRetryAfterMs: 60_000,
      sleep,
      random: Math.random,
      ...options.retry,
    };
    this.#transport = new Transport({
      baseUrl: options.baseUrl,
      auth,
      fetch: fetchImpl,
      retry,
      timeoutMs: options.timeoutMs ?? 60_000,
      headers: { 'x-docket-client': 'docket-sdk-js/0.1.0', ...options.headers },
    });
    this.records = new Records(this.#transport, options.multipartThreshold ?? DEFAULT_MULTIPART_THRESHOLD);
    this.endpoints = new Endpoints(this.#transport);
    this.deliveries = new Deliveries(this.#transport);
    this.events = new Events(this.#transport, retry);
    this.templates = new Templates(this.#transport);
    this.jobs = new Jobs(this.#transport);
    this.documents = new Documents(this.#transport);
    this.oauthClients = new OAuthClients(this.#transport);
  }

  /** Uploads a file for analysis; see {@link Records.submit}. */
  submit(file: FileInput, options: SubmitOptions): Promise<DocketRecord> {
    return this.records.submit(file, options);
  }

  /** Resolves once the record is completed or failed; see {@link Records.waitFor}. */
  waitFor(record: string | Pick<DocketRecord, 'id'>, options?: WaitOptions): Promise<DocketRecord> {
    return this.records.waitFor(record, options);
  }

  /** Issues a new webhook signing key; the old one keeps signing alongside it for 24 h. */
  async rotateSigningKey(): Promise<{
    webhook_signature_key: string;
    previous_key_expires_at: string | null;
  }> {
    const answer = await this.#transport.request<{
      webhook_signature_key: string;
      previous_key_expires_at: string | null;
    }>({ method: 'POST', path: '/v1/application/signing-key/rotate' });
    return answer.data;
  }
}
