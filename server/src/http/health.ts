/**
 * Liveness, readiness and Prometheus metrics; no API key needed. `/readyz` also reports the
 * backlog (queue depth and the oldest queued upload's age) and answers 503 while the instance is
 * at its queue cap, so a load balancer sends uploads elsewhere instead of into 503s.
 */
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { Backlog, Store } from '../core/ports.ts';

export interface Readiness {
  backlog(): Promise<Backlog>;
  /** The instance's queue cap (DOCKET_QUEUE_CAP); 0: none. */
  queueCap: number;
}

/** The backlog as `/readyz` shows it. */
export function queueReport(backlog: Backlog, now: Date, cap: number) {
  const depth = backlog.queued + backlog.processing;
  return {
    depth,
    queued: backlog.queued,
    processing: backlog.processing,
    oldest_queued_age_seconds: backlog.oldestQueuedAt
      ? Math.max(0, (now.getTime() - backlog.oldestQueuedAt.getTime()) / 1000)
      : 0,
    cap: cap > 0 ? cap : null,
  };
}

export function registerHealth(
  app: FastifyInstance,
  store: Store,
  metrics: Registry,
  readiness: Readiness,
): void {
  app.get('/healthz', { config: { public: true }, schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { public: true }, schema: { hide: true } }, async (_request, reply) => {
    try {
      await store.ping();
      const queue = queueReport(await readiness.backlog(), new Date(), readiness.queueCap);
      if (queue.cap !== null && queue.depth >= queue.cap) {
        return reply
          .status(503)
          .send({ status: 'saturated', reason: 'the queue is at DOCKET_QUEUE_CAP', queue });
      }
      return { status: 'ready', queue };
    } catch (error) {
      return reply.status(503).send({ status: 'unavailable', reason: (error as Error).message });
    }
  });
  app.get('/metrics', { config: { public: true }, schema: { hide: true } }, async (_request, reply) =>
    reply.type(metrics.contentType).send(await metrics.metrics()),
  );
}
