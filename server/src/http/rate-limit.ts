/**
 * Per-application rate limits (@fastify/rate-limit), counted by the adapter set's RateCounter so
 * that many API processes share one budget. Over the limit: 429 with `Retry-After` and the usual
 * error body. Health, metrics and the reference pages are never limited.
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { DocketError } from '../core/errors.ts';
import type { RateCounter } from '../core/ports.ts';

type StoreCallback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/** @fastify/rate-limit's store contract, over a RateCounter. */
function storeFor(counter: RateCounter) {
  return class CounterStore {
    incr(key: string, callback: StoreCallback, timeWindow: number): void {
      counter.hit(key, timeWindow).then(
        ({ count, resetInMs }) => callback(null, { current: count, ttl: resetInMs }),
        (error: Error) => callback(error),
      );
    }

    child() {
      return this;
    }
  };
}

export async function registerRateLimit(
  app: FastifyInstance,
  counter: RateCounter,
  perMinute: number,
): Promise<void> {
  if (perMinute <= 0) return;
  await app.register(rateLimit, {
    max: perMinute,
    timeWindow: 60_000,
    // After authentication, so the budget is the application's, whichever key or address it uses.
    hook: 'preHandler',
    keyGenerator: (request) => (request.applicationId ? `app:${request.applicationId}` : `ip:${request.ip}`),
    allowList: (request) => request.routeOptions.config?.public === true,
    store: storeFor(counter),
    errorResponseBuilder: (_request, context) =>
      new DocketError(
        'rate_limited',
        'rate_limited',
        `more than ${context.max} requests per minute for this application: retry after ${Math.ceil(context.ttl / 1000)} s (DOCKET_RATE_LIMIT_PER_MINUTE)`,
        { limit_per_minute: context.max, retry_after_seconds: Math.ceil(context.ttl / 1000) },
      ),
  });
}
