/**
 * One webhook delivery attempt over undici, through the SSRF-guarded dispatcher (dispatcher.ts).
 *
 * {@link sendAttempt} POSTs once and reports the outcome; it never follows redirects and never throws
 * for network or HTTP failures.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { performance } from 'node:perf_hooks';
import { StringDecoder } from 'node:string_decoder';
import type { Dispatcher } from 'undici';
import { WebhookTargetError } from './ssrf-guard.ts';

/** Sent with every attempt, in place of any user-agent an endpoint's custom headers name. */
const USER_AGENT = 'Docket-Webhooks/0.1 (+https://github.com/docket)';

/** Default timeout for one attempt (connect + headers + body), per the seeds' "respond within 5 seconds". */
const DEFAULT_ATTEMPT_TIMEOUT_MS = 5000;

/** How much of the response body is kept for the attempt log. */
export const RESPONSE_EXCERPT_BYTES = 4096;

/** Up to this many further body bytes are read so the connection can be reused; beyond it is closed. */
const DRAIN_LIMIT_BYTES = 64 * 1024;

/** Input of {@link sendAttempt}. */
export interface SendAttemptInput {
  /** Target URL (already validated with `checkUrl` when the endpoint was saved). */
  url: string | URL;
  /**
   * Request headers (signature headers, custom endpoint headers); names are case-insensitive.
   * `content-type: application/json` and Docket's user-agent are always sent.
   */
  headers: Record<string, string>;
  /** Raw body, exactly the bytes that were signed. */
  body: string | Uint8Array;
  /** Deadline for the whole attempt (connect, headers and body); default {@link DEFAULT_ATTEMPT_TIMEOUT_MS}. */
  timeoutMs?: number;
  /** A dispatcher from `createWebhookDispatcher` (dispatcher.ts, SSRF-guarded). */
  dispatcher: Dispatcher;
  /** Monotonic clock in milliseconds for latency; default `performance.now`. */
  now?: () => number;
}

/** Category of a failed attempt; `null` on success. */
export type AttemptErrorKind =
  | 'http_status'
  | 'redirect'
  | 'timeout'
  | 'connection_refused'
  | 'connection_reset'
  | 'forbidden_address'
  | 'dns'
  | 'tls'
  | 'network';

/** Outcome of one attempt, ready to be written to the attempt log. */
export interface AttemptResult {
  /** `success` for a 2xx response, otherwise `failure`. */
  outcome: 'success' | 'failure';
  /** HTTP status, or null when no response arrived. */
  statusCode: number | null;
  /** Wall time of the attempt in milliseconds (monotonic clock). */
  latencyMs: number;
  /** Human-readable failure reason, or null on success. */
  error: string | null;
  /** Machine-readable failure category, or null on success. */
  errorKind: AttemptErrorKind | null;
  /** First 4 KB of the response body as utf-8 ('' for an empty body, null without a response). */
  responseExcerpt: string | null;
  /** Raw `Retry-After` response header, or null. */
  retryAfter: string | null;
  /** True for 410 Gone: the endpoint should be disabled. */
  gone: boolean;
}

class AttemptTimeoutError extends Error {
  override name = 'AttemptTimeoutError';
}

/** Walks an error, its causes and AggregateError members to find the first errno-style code. */
function findCode(error: unknown, depth = 0): { code?: string; error: unknown } {
  if (!(error instanceof Error) || depth > 5) return { error };
  if (error instanceof WebhookTargetError) return { code: `TARGET_${error.code}`, error };
  const code = (error as NodeJS.ErrnoException).code;
  if (typeof code === 'string' && code !== 'UND_ERR_SOCKET' && code !== 'ECONNABORTED')
    return { code, error };
  if (error instanceof AggregateError) {
    for (const inner of error.errors) {
      const found = findCode(inner, depth + 1);
      if (found.code) return found;
    }
  }
  if (error.cause) {
    const found = findCode(error.cause, depth + 1);
    if (found.code) return found;
  }
  return { code, error };
}

function classifyError(error: unknown, timeoutMs: number): { kind: AttemptErrorKind; message: string } {
  if (error instanceof AttemptTimeoutError) return { kind: 'timeout', message: error.message };
  const { code, error: inner } = findCode(error);
  const message = inner instanceof Error ? inner.message : String(inner);
  if (inner instanceof WebhookTargetError) {
    return { kind: inner.code === 'dns_failure' ? 'dns' : 'forbidden_address', message: inner.message };
  }
  switch (code) {
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'ETIMEDOUT':
      return { kind: 'timeout', message: `timeout after ${timeoutMs} ms (${code})` };
    case 'ECONNREFUSED':
      return { kind: 'connection_refused', message: `connection refused (${message})` };
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return { kind: 'connection_reset', message: `connection reset (${message})` };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
      return { kind: 'dns', message };
  }
  if (
    typeof code === 'string' &&
    (code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || /CERT|SELF_SIGNED|UNABLE_TO/.test(code))
  ) {
    return { kind: 'tls', message: `TLS error (${code}): ${message}` };
  }
  if (code === undefined && error instanceof Error && error.name === 'SocketError') {
    return { kind: 'connection_reset', message: `connection reset (${message})` };
  }
  return { kind: 'network', message: code ? `${message} (${code})` : message };
}

function firstHeader(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? (value[0] ?? null) : value;
}

/**
 * Decodes as utf-8, dropping an incomplete multi-byte sequence cut off at the excerpt limit, and
 * NUL characters, which PostgreSQL text cannot store (a receiver's body must never make an attempt
 * unloggable).
 */
function utf8Excerpt(chunks: readonly Buffer[], size: number): string {
  return new StringDecoder('utf8').write(Buffer.concat(chunks, size)).replaceAll('\u0000', '');
}

/**
 * Receives one attempt's response through undici's dispatch handler interface, which costs about
 * a third less CPU per request than `request()` and its response stream (bench/delivery/sender-overhead.ts):
 * it keeps the status, `Retry-After`, `Location` and the first {@link RESPONSE_EXCERPT_BYTES} of the
 * body, reads up to {@link DRAIN_LIMIT_BYTES} so the keep-alive connection can be reused, and aborts
 * (closing the connection) beyond that rather than download a large body.
 */
class AttemptHandler implements Dispatcher.DispatchHandler {
  readonly #settle: (result: AttemptResult) => void;
  readonly #timeoutMs: number;
  readonly #now: () => number;
  readonly #started: number;
  readonly #timer: NodeJS.Timeout;
  #controller: Dispatcher.DispatchController | undefined;
  #expired: AttemptTimeoutError | undefined;
  #settled = false;
  #statusCode: number | null = null;
  #retryAfter: string | null = null;
  #location: string | null = null;
  readonly #excerpt: Buffer[] = [];
  #excerptSize = 0;
  #received = 0;

  constructor(timeoutMs: number, now: () => number, settle: (result: AttemptResult) => void) {
    this.#settle = settle;
    this.#timeoutMs = timeoutMs;
    this.#now = now;
    this.#started = now();
    this.#timer = setTimeout(() => this.#expire(), timeoutMs);
  }

  /** The whole attempt's deadline; a request still waiting for its connection is aborted once it has one. */
  #expire(): void {
    this.#expired = new AttemptTimeoutError(`timeout after ${this.#timeoutMs} ms`);
    this.#controller?.abort(this.#expired);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    if (this.#expired) controller.abort(this.#expired);
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: IncomingHttpHeaders,
  ): void {
    this.#statusCode = statusCode;
    this.#retryAfter = firstHeader(headers['retry-after']);
    this.#location = firstHeader(headers.location);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.#excerptSize < RESPONSE_EXCERPT_BYTES) {
      const kept = chunk.subarray(0, RESPONSE_EXCERPT_BYTES - this.#excerptSize);
      this.#excerpt.push(kept);
      this.#excerptSize += kept.length;
    }
    this.#received += chunk.length;
    // The status is known and the excerpt kept: a body this large closes the connection instead.
    if (this.#received > DRAIN_LIMIT_BYTES) this.#respond();
    if (this.#settled) controller.abort(new Error('response body beyond the drain limit'));
  }

  onResponseEnd(): void {
    this.#respond();
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.fail(error);
  }

  /** No (complete) response: a timeout, a refused or reset connection, a refused address… */
  fail(error: Error): void {
    if (this.#settled) return;
    const { kind, message } = classifyError(this.#expired ?? error, this.#timeoutMs);
    this.#finish({
      outcome: 'failure',
      statusCode: this.#statusCode,
      latencyMs: this.#now() - this.#started,
      error: message,
      errorKind: kind,
      responseExcerpt: this.#statusCode === null ? null : utf8Excerpt(this.#excerpt, this.#excerptSize),
      retryAfter: this.#retryAfter,
      gone: this.#statusCode === 410,
    });
  }

  /** The response is in: 2xx is success; anything else, redirects included, is a failure. */
  #respond(): void {
    if (this.#settled) return;
    const statusCode = this.#statusCode ?? 0;
    const base = {
      statusCode,
      latencyMs: this.#now() - this.#started,
      responseExcerpt: utf8Excerpt(this.#excerpt, this.#excerptSize),
      retryAfter: this.#retryAfter,
      gone: statusCode === 410,
    };
    if (statusCode >= 200 && statusCode < 300) {
      this.#finish({ outcome: 'success', error: null, errorKind: null, ...base });
    } else if (statusCode >= 300 && statusCode < 400) {
      const to = this.#location ? ` to ${this.#location}` : '';
      this.#finish({
        outcome: 'failure',
        error: `redirect not followed (HTTP ${statusCode}${to})`,
        errorKind: 'redirect',
        ...base,
      });
    } else {
      this.#finish({ outcome: 'failure', error: `HTTP ${statusCode}`, errorKind: 'http_status', ...base });
    }
  }

  #finish(result: AttemptResult): void {
    this.#settled = true;
    clearTimeout(this.#timer);
    this.#settle(result);
  }
}

/**
 * Sends one webhook attempt (POST) and reports the outcome. Never throws for network or HTTP
 * failures; 2xx is success, anything else (3xx included: redirects are not followed), a timeout
 * or a refused/reset connection is a failure. The response body is always consumed or the
 * connection closed.
 */
export function sendAttempt(input: SendAttemptInput): Promise<AttemptResult> {
  const timeoutMs = input.timeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS;
  const headers: Record<string, string> = {};
  for (const name in input.headers) headers[name.toLowerCase()] = input.headers[name]!;
  headers['content-type'] = 'application/json';
  headers['user-agent'] = USER_AGENT;
  return new Promise((resolve) => {
    const handler = new AttemptHandler(timeoutMs, input.now ?? performance.now.bind(performance), resolve);
    try {
      const url = typeof input.url === 'string' ? new URL(input.url) : input.url;
      input.dispatcher.dispatch(
        {
          origin: url.origin,
          path: url.pathname + url.search,
          method: 'POST',
          headers,
          body: input.body,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        },
        handler,
      );
    } catch (error) {
      // An invalid request (bad URL or header value, closed dispatcher) fails this attempt, never the caller.
      handler.fail(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
