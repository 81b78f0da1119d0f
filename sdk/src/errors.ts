/**
 * Everything the SDK throws. Answers Docket refused are {@link DocketApiError}s, one subclass per
 * status family, carrying the API's `code`, `message` and `details`
 * (`{"error":{"code","message","details"}}`); a Docket that cannot be reached is a
 * {@link DocketConnectionError}.
 */

/** The base of every error the SDK throws. */
export class DocketError extends Error {
  override name = 'DocketError';
}

/** What the API answered, as every Docket error body carries it. */
export interface ApiErrorFields {
  /** The HTTP status. */
  status: number;
  /** Docket's stable machine code (`record_not_found`, `invalid_base64`, …). */
  code: string;
  /** What went wrong and what to do about it. */
  message: string;
  /** Extra facts (`field`, `problems`, `limit_bytes`, …) when the API gave them. */
  details: Record<string, unknown> | undefined;
  /** The id the request was sent with (`x-request-id`), to quote when asking for help. */
  requestId: string;
  /** The response headers. */
  headers: Headers;
}

/** Docket answered with an error status. */
export class DocketApiError extends DocketError {
  override name = 'DocketApiError';
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;
  readonly requestId: string;
  readonly headers: Headers;

  constructor(fields: ApiErrorFields) {
    super(fields.message);
    this.status = fields.status;
    this.code = fields.code;
    this.details = fields.details;
    this.requestId = fields.requestId;
    this.headers = fields.headers;
  }
}

/** 400 or 422: the request is malformed or cannot be processed as sent (a field is named in `details`). */
export class DocketValidationError extends DocketApiError {
  override name = 'DocketValidationError';
}

/** 401 or 403: the API key or token is missing, wrong, revoked, or lacks a scope. */
export class DocketAuthError extends DocketApiError {
  override name = 'DocketAuthError';
}

/** 404: no such record, endpoint, delivery or route (another application's records are not found either). */
export class DocketNotFoundError extends DocketApiError {
  override name = 'DocketNotFoundError';
}

/** 409: a request with the same Idempotency-Key is still running, or the state does not allow it. */
export class DocketConflictError extends DocketApiError {
  override name = 'DocketConflictError';
}

/** 413: the file is larger than the server's limit (`details.limit_bytes`). */
export class DocketPayloadTooLargeError extends DocketApiError {
  override name = 'DocketPayloadTooLargeError';
}

/** 415: a file type the kind does not take, or a content type the route does not read. */
export class DocketUnsupportedMediaTypeError extends DocketApiError {
  override name = 'DocketUnsupportedMediaTypeError';
}

/** 429: over the application's rate limit; `retryAfterSeconds` says when to try again. */
export class DocketRateLimitError extends DocketApiError {
  override name = 'DocketRateLimitError';
  /** From `Retry-After`, when the answer had one. */
  readonly retryAfterSeconds: number | null;

  constructor(fields: ApiErrorFields, retryAfterSeconds: number | null) {
    super(fields);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** 5xx: Docket failed (500) or is unavailable (502, 503, 504). */
export class DocketServerError extends DocketApiError {
  override name = 'DocketServerError';
}

/** Docket could not be reached: refused, reset, DNS, TLS, or no answer before the request timeout. */
export class DocketConnectionError extends DocketError {
  override name = 'DocketConnectionError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** `waitFor` gave up before the record finished; `record` is its last state. */
export class DocketTimeoutError extends DocketError {
  override name = 'DocketTimeoutError';
  readonly record: unknown;

  constructor(message: string, record: unknown) {
    super(message);
    this.record = record;
  }
}

/** The `Retry-After` header in seconds (delta-seconds or an HTTP date); null when absent or unreadable. */
export function retryAfterSeconds(headers: Headers, now = Date.now()): number | null {
  const value = headers.get('retry-after')?.trim();
  if (!value) return null;
  if (/^\d+$/.test(value)) return Number(value);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

/** The typed error for an error answer; `body` is its parsed JSON (or text). */
export function apiErrorFrom(
  status: number,
  headers: Headers,
  body: unknown,
  requestId: string,
): DocketApiError {
  const error = (body as { error?: unknown } | null)?.error;
  // Docket's shape, or an OAuth2 token endpoint's (`{"error":"invalid_client","error_description":…}`).
  const fields: ApiErrorFields = {
    status,
    headers,
    requestId: headers.get('x-request-id') ?? requestId,
    ...(typeof error === 'object' && error !== null
      ? {
          code: String((error as { code?: unknown }).code ?? `http_${status}`),
          message: String((error as { message?: unknown }).message ?? `HTTP ${status}`),
          details: (error as { details?: Record<string, unknown> }).details,
        }
      : typeof error === 'string'
        ? {
            code: error,
            message: String((body as { error_description?: unknown }).error_description ?? error),
            details: undefined,
          }
        : { code: `http_${status}`, message: `Docket answered HTTP ${status}`, details: undefined }),
  };
  if (status === 400 || status === 422) return new DocketValidationError(fields);
  if (status === 401 || status === 403) return new DocketAuthError(fields);
  if (status === 404) return new DocketNotFoundError(fields);
  if (status === 409) return new DocketConflictError(fields);
  if (status === 413) return new DocketPayloadTooLargeError(fields);
  if (status === 415) return new DocketUnsupportedMediaTypeError(fields);
  if (status === 429) return new DocketRateLimitError(fields, retryAfterSeconds(headers));
  if (status >= 500) return new DocketServerError(fields);
  return new DocketApiError(fields);
}
