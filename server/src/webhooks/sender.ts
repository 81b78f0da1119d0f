/**
 * One webhook delivery attempt over undici.
 *
 * {@link createWebhookDispatcher} returns a keep-alive undici Agent whose connector enforces the
 * SSRF guard at CONNECT time: host names are resolved by the guard's resolver, every address is
 * checked, and the socket is opened only to those checked addresses (the lookup hands them to
 * net/tls directly, so there is no second DNS lookup and no rebinding window). TLS SNI and
 * certificate checks still use the URL's host name. Literal IP hosts never reach a lookup, so the
 * connector checks them before connecting.
 *
 * {@link sendAttempt} POSTs once and reports the outcome; it never follows redirects and never throws
 * for network or HTTP failures.
 */
import type { LookupAddress, LookupOptions } from 'node:dns';
import { EventEmitter } from 'node:events';
import { isIP, type LookupFunction } from 'node:net';
import { performance } from 'node:perf_hooks';
import { StringDecoder } from 'node:string_decoder';
import { Agent, buildConnector, type Dispatcher, request } from 'undici';
import {
  type AllowList,
  assertAllowedAddress,
  type GuardOptions,
  type Resolver,
  resolveAndCheckHost,
  unbracket,
  WebhookTargetError,
} from './ssrf-guard.ts';

/** Default timeout for one attempt (connect + headers + body), per the seeds' "respond within 5 seconds". */
export const DEFAULT_ATTEMPT_TIMEOUT_MS = 5000;

/** How much of the response body is kept for the attempt log. */
export const RESPONSE_EXCERPT_BYTES = 4096;

/** Up to this many further body bytes are read so the connection can be reused; beyond it is closed. */
const DRAIN_LIMIT_BYTES = 64 * 1024;

/** Options of {@link createWebhookDispatcher}. */
export interface WebhookDispatcherOptions {
  /** Ranges exempt from the SSRF guard (from `DOCKET_WEBHOOK_ALLOW`); default none. */
  allow?: AllowList;
  /** Host name resolver; default the system resolver (`dns.promises.lookup`, all addresses). */
  resolve?: Resolver;
  /** TCP + TLS connect timeout in milliseconds; default 5000. */
  connectTimeoutMs?: number;
  /** How long an idle keep-alive connection is kept; default 30000 (capped by server hints). */
  keepAliveTimeoutMs?: number;
  /** Maximum connections per origin; default unlimited. */
  connections?: number;
  /** Extra trusted CA certificates (PEM) replacing Node's defaults, e.g. a private CA; default Node's. */
  ca?: string | Buffer | Array<string | Buffer>;
}

/** Input of {@link sendAttempt}. */
export interface SendAttemptInput {
  /** Target URL (already validated with `checkUrl` when the endpoint was saved). */
  url: string | URL;
  /** Request headers (signature headers, custom endpoint headers); names are case-insensitive. */
  headers: Record<string, string>;
  /** Raw body, exactly the bytes that were signed. */
  body: string | Uint8Array;
  /** Deadline for the whole attempt (connect, headers and body); default {@link DEFAULT_ATTEMPT_TIMEOUT_MS}. */
  timeoutMs?: number;
  /** A dispatcher from {@link createWebhookDispatcher} (SSRF-guarded). */
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

function lookupFailure(error: unknown): NodeJS.ErrnoException {
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * A `net`/`tls` lookup function that resolves through the SSRF guard and yields only checked
 * addresses. Exported for tests and for callers building their own connector.
 */
export function createGuardedLookup(guard: GuardOptions): LookupFunction {
  return (hostname: string, options: LookupOptions, callback) => {
    resolveAndCheckHost(hostname, guard).then(
      (checked) => {
        const wanted = options.family === 4 || options.family === 6 ? options.family : 0;
        const usable: LookupAddress[] = checked
          .filter((a) => wanted === 0 || a.family === wanted)
          .map((a) => ({ address: a.address, family: a.family }));
        const first = usable[0];
        if (!first) {
          const error: NodeJS.ErrnoException = new Error(`no IPv${wanted} address for ${hostname}`);
          error.code = 'ENOTFOUND';
          callback(error, '', 0);
        } else if (options.all) {
          callback(null, usable);
        } else {
          callback(null, first.address, first.family);
        }
      },
      (error: unknown) => callback(lookupFailure(error), '', 0),
    );
  };
}

/**
 * Creates the keep-alive undici Agent used for all webhook deliveries; the SSRF guard runs on
 * every new connection. Close it with `await dispatcher.close()` on shutdown.
 */
export function createWebhookDispatcher(options: WebhookDispatcherOptions = {}): Agent {
  const guard: GuardOptions = { allow: options.allow, resolve: options.resolve };
  const base = buildConnector({
    timeout: options.connectTimeoutMs ?? 5000,
    lookup: createGuardedLookup(guard),
    ...(options.ca === undefined ? {} : { ca: options.ca }),
  });
  const connect: buildConnector.connector = (connectOptions, callback) => {
    // net/tls skip `lookup` for literal addresses, so those are checked here.
    const host = unbracket(connectOptions.hostname);
    if (isIP(host) !== 0) {
      try {
        assertAllowedAddress(host, guard.allow);
      } catch (error) {
        callback(lookupFailure(error), null);
        return;
      }
    }
    base(connectOptions, callback);
  };
  return new Agent({
    connect,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000,
    connections: options.connections ?? null,
  });
}

class AttemptTimeoutError extends Error {
  override name = 'AttemptTimeoutError';
}

/**
 * Per-attempt abort signal. undici accepts an EventEmitter emitting 'abort' as `signal`; it costs
 * about half of an AbortController + AbortSignal per request (measured with bench/delivery/sender-overhead.ts),
 * which matters on the delivery hot path. It deliberately has no `aborted` property: undici would
 * then treat it as an AbortSignal.
 */
class Deadline extends EventEmitter {
  reason: Error | undefined = undefined;
  expire(reason: Error): void {
    if (this.reason) return;
    this.reason = reason;
    this.emit('abort');
  }
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

/** Reads at most `limit` bytes of the body, leaving the rest unread (paused). */
function readPrefix(body: Dispatcher.ResponseData['body'], limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      body.off('data', onData);
      body.off('end', onEnd);
      body.off('error', onError);
      body.off('close', onEnd);
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= limit) {
        body.pause();
        cleanup();
        resolve(Buffer.concat(chunks, size).subarray(0, limit));
      }
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    body.on('data', onData);
    body.once('end', onEnd);
    body.once('close', onEnd);
    body.once('error', onError);
  });
}

/**
 * Reads the first {@link RESPONSE_EXCERPT_BYTES} of the body and disposes of the rest: small bodies
 * (declared length up to the drain limit) are consumed whole so the keep-alive connection stays
 * reusable; otherwise up to the drain limit is read and a larger body is destroyed (closing the
 * connection rather than downloading it).
 */
async function readExcerpt(
  body: Dispatcher.ResponseData['body'],
  contentLength: string | string[] | undefined,
  deadline: Deadline,
): Promise<Buffer> {
  const declared = Number(firstHeader(contentLength) ?? Number.NaN);
  if (Number.isInteger(declared) && declared >= 0 && declared <= DRAIN_LIMIT_BYTES) {
    const bytes = await body.bytes();
    return Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, RESPONSE_EXCERPT_BYTES));
  }
  const prefix = await readPrefix(body, RESPONSE_EXCERPT_BYTES);
  if (deadline.reason) throw deadline.reason;
  // The request's deadline still applies: on expiry undici destroys the body and dump settles.
  await body.dump({ limit: DRAIN_LIMIT_BYTES }).catch(() => undefined);
  return prefix;
}

/** Decodes as utf-8, dropping an incomplete multi-byte sequence cut off at the excerpt limit. */
function utf8Excerpt(bytes: Buffer): string {
  return new StringDecoder('utf8').write(bytes);
}

/**
 * Sends one webhook attempt (POST) and reports the outcome. Never throws for network or HTTP
 * failures; 2xx is success, anything else (3xx included: redirects are not followed), a timeout
 * or a refused/reset connection is a failure. The response body is always consumed or destroyed.
 */
export async function sendAttempt(input: SendAttemptInput): Promise<AttemptResult> {
  const timeoutMs = input.timeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS;
  const now = input.now ?? (() => performance.now());
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'Docket-Webhooks/1',
  };
  for (const [name, value] of Object.entries(input.headers)) headers[name.toLowerCase()] = value;

  const deadline = new Deadline();
  const timer = setTimeout(
    () => deadline.expire(new AttemptTimeoutError(`timeout after ${timeoutMs} ms`)),
    timeoutMs,
  );
  const started = now();
  let statusCode: number | null = null;
  let retryAfter: string | null = null;
  let responseExcerpt: string | null = null;
  let body: Dispatcher.ResponseData['body'] | undefined;
  try {
    const response = await request(input.url, {
      method: 'POST',
      headers,
      body: input.body,
      dispatcher: input.dispatcher,
      signal: deadline,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    body = response.body;
    statusCode = response.statusCode;
    retryAfter = firstHeader(response.headers['retry-after']);
    responseExcerpt = utf8Excerpt(await readExcerpt(body, response.headers['content-length'], deadline));
    const latencyMs = now() - started;
    const base = { statusCode, latencyMs, responseExcerpt, retryAfter, gone: statusCode === 410 };
    if (statusCode >= 200 && statusCode < 300) {
      return { outcome: 'success', error: null, errorKind: null, ...base };
    }
    if (statusCode >= 300 && statusCode < 400) {
      const location = firstHeader(response.headers.location);
      return {
        outcome: 'failure',
        error: `redirect not followed (HTTP ${statusCode}${location ? ` to ${location}` : ''})`,
        errorKind: 'redirect',
        ...base,
      };
    }
    return { outcome: 'failure', error: `HTTP ${statusCode}`, errorKind: 'http_status', ...base };
  } catch (error) {
    const latencyMs = now() - started;
    const cause = deadline.reason ?? error;
    const { kind, message } = classifyError(cause, timeoutMs);
    if (body && !body.destroyed) body.destroy();
    return {
      outcome: 'failure',
      statusCode,
      latencyMs,
      error: message,
      errorKind: kind,
      responseExcerpt,
      retryAfter,
      gone: statusCode === 410,
    };
  } finally {
    clearTimeout(timer);
  }
}
