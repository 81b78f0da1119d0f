/**
 * Delivery usage figures for the console's usage page: how many deliveries succeeded, and attempt
 * latency percentiles per UTC day. Pure: the samples come from the store.
 */
import type { DeliveryStatus } from '../core/domain.ts';
import type { AttemptSample } from '../core/ports.ts';

/** Latency percentiles in milliseconds (nearest-rank), `null` with no samples. */
export interface LatencyPercentiles {
  p50: number | null;
  p90: number | null;
  p99: number | null;
}

/** One UTC day of attempts. */
export interface UsageDay extends LatencyPercentiles {
  /** `YYYY-MM-DD` (UTC). */
  date: string;
  attempts: number;
  succeeded: number;
  failed: number;
}

/** What `GET /v1/usage/deliveries` answers (before rendering). */
export interface DeliveryUsage {
  since: Date;
  deliveries: Record<DeliveryStatus, number> & {
    /** succeeded / (succeeded + failed); `null` when none has finished. */
    successRate: number | null;
  };
  attempts: LatencyPercentiles & { count: number; succeeded: number; sampled: boolean };
  days: UsageDay[];
}

const DAY_MS = 86_400_000;

/** Nearest-rank percentile of ascending `sorted`. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

function percentiles(latencies: number[]): LatencyPercentiles {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p90: percentile(sorted, 90), p99: percentile(sorted, 99) };
}

/**
 * Builds the figures for the `days` UTC days ending today (every day listed, empty ones too).
 * `sampled` says the store returned `limit` attempts, so older ones in the window were left out.
 */
export function deliveryUsage(input: {
  now: Date;
  days: number;
  statusCounts: Array<{ status: DeliveryStatus; count: number }>;
  samples: AttemptSample[];
  limit: number;
}): DeliveryUsage {
  const today = Math.floor(input.now.getTime() / DAY_MS) * DAY_MS;
  const since = new Date(today - (input.days - 1) * DAY_MS);
  const counts = { pending: 0, succeeded: 0, failed: 0, cancelled: 0 } as Record<DeliveryStatus, number>;
  for (const row of input.statusCounts) counts[row.status] = (counts[row.status] ?? 0) + row.count;
  const finished = counts.succeeded + counts.failed;

  const byDay = new Map<string, AttemptSample[]>();
  for (let d = 0; d < input.days; d++) {
    byDay.set(new Date(since.getTime() + d * DAY_MS).toISOString().slice(0, 10), []);
  }
  for (const sample of input.samples) byDay.get(sample.startedAt.toISOString().slice(0, 10))?.push(sample);

  const days = [...byDay].map(([date, samples]) => ({
    date,
    attempts: samples.length,
    succeeded: samples.filter((s) => s.outcome === 'success').length,
    failed: samples.filter((s) => s.outcome === 'failure').length,
    ...percentiles(samples.map((s) => s.latencyMs)),
  }));
  return {
    since,
    deliveries: { ...counts, successRate: finished === 0 ? null : counts.succeeded / finished },
    attempts: {
      count: input.samples.length,
      succeeded: input.samples.filter((s) => s.outcome === 'success').length,
      sampled: input.samples.length >= input.limit,
      ...percentiles(input.samples.map((s) => s.latencyMs)),
    },
    days,
  };
}
