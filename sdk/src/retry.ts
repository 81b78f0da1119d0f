/** When to try a request again: exponential backoff with jitter, `Retry-After` when Docket sends it. */

/** How the client retries 429, 503 and network failures. */
export interface RetryOptions {
  /** Retries after the first attempt; 0 turns retrying off. Default 3. */
  maxRetries?: number;
  /** The first backoff; each retry doubles it (with jitter). Default 500 ms. */
  initialDelayMs?: number;
  /** The longest backoff between two attempts. Default 8 s. */
  maxDelayMs?: number;
  /**
   * The longest `Retry-After` the client waits out; a longer one is thrown to the caller as the
   * error it came with. Default 60 s.
   */
  maxRetryAfterMs?: number;
  /** Replaces the timer (tests, custom schedulers); must reject when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Replaces Math.random for the jitter. */
  random?: () => number;
}

export type RetryPolicy = Required<RetryOptions>;

/** The delay before retry number `retry` (0-based): half fixed, half random, so bursts spread out. */
export function backoffMs(policy: RetryPolicy, retry: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** retry);
  return Math.round(ceiling / 2 + (policy.random() * ceiling) / 2);
}
