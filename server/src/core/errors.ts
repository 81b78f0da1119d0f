/**
 * What went wrong, in terms the HTTP layer can map to a status without the core knowing HTTP.
 * `invalid` → 400, `unauthorized` → 401, `forbidden` → 403, `not_found` → 404, `conflict` → 409,
 * `gone` → 410, `too_large` → 413, `unprocessable` → 422, `unsupported_media` → 415,
 * `rate_limited` → 429, `unavailable` → 503, `payment_required` → 402 (credits exhausted).
 */
export type ErrorKind =
  | 'invalid'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'gone'
  | 'too_large'
  | 'unprocessable'
  | 'unsupported_media'
  | 'rate_limited'
  | 'unavailable'
  | 'payment_required';

/** A failure the caller can act on: a stable `code`, a sentence saying what to fix, optional details. */
export class DocketError extends Error {
  override name = 'DocketError';
  readonly kind: ErrorKind;
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;

  constructor(kind: ErrorKind, code: string, message: string, details?: Record<string, unknown>) {
    super(message);
    this.kind = kind;
    this.code = code;
    this.details = details;
  }
}

/** A worker's lease on a task was taken over (it expired and another worker claimed it). */
export class LeaseLostError extends Error {
  override name = 'LeaseLostError';
}
