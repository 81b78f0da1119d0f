import { describe, expect, it } from 'vitest';
import { deliveryUsage, percentile } from './usage.ts';

const sample = (iso: string, latencyMs: number, outcome: 'success' | 'failure' = 'success') => ({
  startedAt: new Date(iso),
  latencyMs,
  outcome,
});

describe('delivery usage', () => {
  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 90)).toBe(90);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNull();
  });

  it('lists every day of the window with its attempts, and the success rate of finished deliveries', () => {
    const usage = deliveryUsage({
      now: new Date('2026-12-03T12:00:00Z'),
      days: 3,
      statusCounts: [
        { status: 'succeeded', count: 3 },
        { status: 'failed', count: 1 },
        { status: 'pending', count: 5 },
      ],
      samples: [
        sample('2026-12-03T10:00:00Z', 40),
        sample('2026-12-03T09:00:00Z', 10),
        sample('2026-12-01T01:00:00Z', 500, 'failure'),
        sample('2026-11-20T01:00:00Z', 9999), // outside the window: ignored by the day buckets
      ],
      limit: 1000,
    });
    expect(usage.since.toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(usage.deliveries.successRate).toBe(0.75);
    expect(usage.deliveries.pending).toBe(5);
    expect(usage.days.map((d) => [d.date, d.attempts, d.failed, d.p50])).toEqual([
      ['2026-12-01', 1, 1, 500],
      ['2026-12-02', 0, 0, null],
      ['2026-12-03', 2, 0, 10],
    ]);
    expect(usage.attempts.sampled).toBe(false);
  });

  it('has no success rate before any delivery finished', () => {
    const usage = deliveryUsage({ now: new Date(), days: 1, statusCounts: [], samples: [], limit: 10 });
    expect(usage.deliveries.successRate).toBeNull();
    expect(usage.attempts.p99).toBeNull();
  });
});
