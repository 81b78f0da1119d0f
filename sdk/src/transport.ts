/**
 * One HTTP exchange with Docket: URL and query, authentication, an `Idempotency-Key` for POSTs
 * that create, a request id, retries with backoff (429 always — the request was not processed;
 * 503 and network failures only when repeating it is safe), and error answers turned into typed
 * errors.
 */
import type { Authenticator } from './auth.ts';
import { apiErrorFrom, type DocketApiError, DocketConnectionError, retryAfterSeconds } from './errors.ts';
import { backoffMs, type RetryPolicy } from './retry.ts';
import { randomId } from './runtime.ts';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export type QueryValue = string | number | boolean | Date | null | undefined | readonly (string | number)[];

/** A request body that can be made again for a retry, unless `once` (a stream read as it is sent). */
export interface BodySource {
  once: boolean;
  make(): Promise<{ body: NonNullable<RequestInit['body']>; contentType?: string; streamed?: boolean }>;
}

export interface RequestSpec {
  method: HttpMethod;
  /** The path with its parameters filled in, e.g. `/v1/records/abc`. */
  path: string;
  query?: Record<string, QueryValue>;
  /** Sent as JSON. */
  json?: unknown;
  /** Any other body (multipart uploads). */
  body?: BodySource;
  headers?: Record<string, string>;
  /**
   * A POST that creates something: it carries an `Idempotency-Key` (`idempotencyKey`, or a
   * generated one), so Docket answers a repeat with the first answer and it can be retried.
   */
  creates?: boolean;
  idempotencyKey?: string;
  /** A POST that is harmless to repeat without a key (a lookup, setting a state). */
  safe?: boolean;
  /** `json` (default), `text`, or the `response` itself, unread (streams). */
  expect?: 'json' | 'text' | 'response';
  signal?: AbortSignal;
  /** Per-attempt limit; `null` for none (long-lived streams). */
  timeoutMs?: number | null;
  /** Overrides the client's retry count for this request. */
  maxRetries?: number;
  /** False for requests that must not carry the client's credentials. */
  authenticated?: boolean;
}

export interface TransportOptions {
  baseUrl: string;
  auth: Authenticator;
  fetch: typeof fetch;
  retry: RetryPolicy;
  timeoutMs: number;
  headers: Record<string, string>;
}

export interface Answer<T> {
  status: number;
  headers: Headers;
  data: T;
}

function appendQuery(url: URL, query: Record<string, QueryValue> | undefined): void {
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null) continue;
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) url.searchParams.append(name, v instanceof Date ? v.toISOString() : String(v));
  }
}

/** One signal for the caller's abort and the attempt's timeout (AbortSignal.any is not in Node 18). */
function attemptSignal(
  signal: AbortSignal | undefined,
  timeoutMs: number | null,
): {
  signal: AbortSignal | undefined;
  done: () => void;
} {
  if (timeoutMs === null) return { signal, done: () => {} };
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new DocketConnectionError(`no answer from Docket within ${timeoutMs} ms`)),
    timeoutMs,
  );
  const onAbort = () => controller.abort(signal!.reason);
  if (signal?.aborted) onAbort();
  signal?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    done: () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    },
  };
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!(response.headers.get('content-type') ?? '').includes('json')) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export class Transport {
  readonly #options: TransportOptions;

  constructor(options: TransportOptions) {
    this.#options = options;
  }

  get baseUrl(): string {
    return this.#options.baseUrl;
  }

  async request<T>(spec: RequestSpec): Promise<Answer<T>> {
    const { baseUrl, auth, retry } = this.#options;
    const url = new URL(spec.path.replace(/^\//, ''), baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
    appendQuery(url, spec.query);
    const requestId = randomId();
    const key = spec.creates ? (spec.idempotencyKey ?? randomId()) : undefined;
    // Repeating it cannot do anything twice: reads, deletes, and POSTs that carry a key or are safe.
    const repeatable = spec.method !== 'POST' || key !== undefined || spec.safe === true;
    const maxRetries = spec.body?.once ? 0 : (spec.maxRetries ?? retry.maxRetries);
    let renewed = false;
    for (let attempt = 0; ; attempt++) {
      const headers: Record<string, string> = {
        accept: spec.expect === 'text' ? 'text/csv, text/plain, application/json' : 'application/json',
        ...this.#options.headers,
        'x-request-id': requestId,
        ...(key ? { 'idempotency-key': key } : {}),
        ...spec.headers,
      };
      const authorization = spec.authenticated === false ? null : await auth.authorization(spec.signal);
      if (authorization) headers.authorization = authorization;
      const init: RequestInit & { duplex?: 'half' } = { method: spec.method, headers };
      if (spec.json !== undefined) {
        headers['content-type'] = 'application/json';
        init.body = JSON.stringify(spec.json);
      } else if (spec.body) {
        const made = await spec.body.make();
        init.body = made.body;
        if (made.contentType) headers['content-type'] = made.contentType;
        if (made.streamed) init.duplex = 'half';
      }
      const limit = attemptSignal(
        spec.signal,
        spec.timeoutMs === undefined ? this.#options.timeoutMs : spec.timeoutMs,
      );
      if (limit.signal) init.signal = limit.signal;
      let response: Response;
      try {
        response = await this.#options.fetch(url, init);
      } catch (error) {
        limit.done();
        if (spec.signal?.aborted) throw spec.signal.reason;
        const failure =
          error instanceof DocketConnectionError
            ? error
            : new DocketConnectionError(`cannot reach Docket at ${url.origin}: ${causeOf(error)}`, {
                cause: error,
              });
        if (!repeatable || attempt >= maxRetries) throw failure;
        await retry.sleep(backoffMs(retry, attempt), spec.signal);
        continue;
      }
      if (response.ok) {
        if (spec.expect === 'response')
          return { status: response.status, headers: response.headers, data: response as T };
        try {
          const data =
            response.status === 204
              ? undefined
              : spec.expect === 'text'
                ? await response.text()
                : await readBody(response);
          return { status: response.status, headers: response.headers, data: data as T };
        } finally {
          limit.done();
        }
      }
      const body = await readBody(response).finally(limit.done);
      const error = apiErrorFrom(response.status, response.headers, body, requestId);
      if (response.status === 401 && authorization && !renewed && auth.renew(authorization)) {
        renewed = true; // a token that expired early: fetch a new one, once, without counting a retry
        attempt--;
        continue;
      }
      const delay = this.#retryDelay(error, attempt, maxRetries, repeatable);
      if (delay === null) throw error;
      await retry.sleep(delay, spec.signal);
    }
  }

  /** The wait before the next attempt, or null to give up and throw. */
  #retryDelay(
    error: DocketApiError,
    attempt: number,
    maxRetries: number,
    repeatable: boolean,
  ): number | null {
    const { retry } = this.#options;
    const retryable = error.status === 429 || (error.status === 503 && repeatable);
    if (!retryable || attempt >= maxRetries) return null;
    const after = retryAfterSeconds(error.headers);
    if (after === null) return backoffMs(retry, attempt);
    const ms = after * 1000;
    return ms > retry.maxRetryAfterMs ? null : ms;
  }
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } } | null)?.cause;
  if (cause?.code) return cause.code;
  if (cause?.message) return cause.message;
  return error instanceof Error ? error.message : String(error);
}
