/** Docket's Prometheus metrics, on a registry of its own (no global state). */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { DocketRecord } from './core/domain.ts';
import type { Backlog, Store } from './core/ports.ts';
import type { DeliveryObserver } from './webhooks/attempt-log.ts';

export interface DocketMetrics {
  registry: Registry;
  recordFinished(record: DocketRecord): void;
  deliveries: DeliveryObserver;
}

export function createMetrics(store: Store): DocketMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'docket_' });
  const registers = [registry];
  const finished = new Counter({
    name: 'docket_records_finished_total',
    help: 'Records that reached a terminal state, by kind and status',
    labelNames: ['kind', 'status'],
    registers,
  });
  const attempts = new Counter({
    name: 'docket_webhook_attempts_total',
    help: 'Webhook delivery attempts by outcome and error kind',
    labelNames: ['outcome', 'error_kind'],
    registers,
  });
  const latency = new Histogram({
    name: 'docket_webhook_attempt_duration_seconds',
    help: 'Latency of webhook delivery attempts',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const deliveriesFinished = new Counter({
    name: 'docket_webhook_deliveries_total',
    help: 'Deliveries that finished, by outcome (failed ones are in the failure queue)',
    labelNames: ['status'],
    registers,
  });
  new Gauge({
    name: 'docket_webhook_deliveries',
    help: 'Pending and failed deliveries per endpoint',
    labelNames: ['endpoint_id', 'status'],
    registers,
    async collect() {
      this.reset();
      for (const row of await store.deliveries.countsByEndpoint()) {
        this.set({ endpoint_id: row.endpointId, status: row.status }, row.count);
      }
    },
  });
  // One read of the backlog serves both gauges of a scrape.
  let backlog: Promise<Backlog> | null = null;
  const readBacklog = () => {
    backlog ??= store.records.backlog().finally(() => setTimeout(() => (backlog = null), 100).unref());
    return backlog;
  };
  new Gauge({
    name: 'docket_queue_depth',
    help: 'Records waiting for analysis (queued) or in analysis (processing)',
    labelNames: ['status'],
    registers,
    async collect() {
      const { queued, processing } = await readBacklog();
      this.set({ status: 'queued' }, queued);
      this.set({ status: 'processing' }, processing);
    },
  });
  new Gauge({
    name: 'docket_queue_oldest_age_seconds',
    help: 'How long the oldest queued record has waited for analysis (0 when none waits)',
    registers,
    async collect() {
      const { oldestQueuedAt } = await readBacklog();
      this.set(oldestQueuedAt ? Math.max(0, (Date.now() - oldestQueuedAt.getTime()) / 1000) : 0);
    },
  });
  return {
    registry,
    recordFinished: (record) => finished.inc({ kind: record.kind, status: record.status }),
    deliveries: {
      attempt(result) {
        attempts.inc({ outcome: result.outcome, error_kind: result.errorKind ?? 'none' });
        latency.observe(result.latencyMs / 1000);
      },
      finished(status) {
        deliveriesFinished.inc({ status });
      },
    },
  };
}
