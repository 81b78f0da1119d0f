import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import {
  applyRetryAfter,
  isRetryPolicy,
  MAX_RETRY_DELAY_MS,
  maxAttempts,
  nextAttemptDelay,
  parseRetryPolicy,
  RETRY_PRESETS,
  type RetryPolicy,
  RetryPolicyError,
  RetryPolicySchema,
  resolveRetryPolicy,
  retryPolicyBounds,
} from './retry-policy.ts';

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
const DAY = 24 * H;

/** Runs a policy to exhaustion and returns the delays it produced. */
function schedule(policy: RetryPolicy, random: () => number): number[] {
  const delays: number[] = [];
  for (let attempt = 1; ; attempt++) {
    const delay = nextAttemptDelay(policy, attempt, random);
    if (delay === null) return delays;
    delays.push(delay);
  }
}

describe('presets', () => {
  const middle = () => 0.5; // jitter factor exactly 1

  it('lab_reports: 5 retries, 30 s doubling', () => {
    expect(schedule('lab_reports', middle)).toEqual([30 * S, 60 * S, 120 * S, 240 * S, 480 * S]);
    expect(maxAttempts('lab_reports')).toBe(6);
  });

  it('nutrition: 10 retries, exponential', () => {
    const delays = schedule('nutrition', middle);
    expect(delays).toHaveLength(10);
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBe(delays[i - 1]! * 2);
  });

  it('documents: exactly 5 s, 10 s, 20 s, never jittered', () => {
    expect(schedule('documents', () => 0)).toEqual([5 * S, 10 * S, 20 * S]);
    expect(schedule('documents', () => 0.999)).toEqual([5 * S, 10 * S, 20 * S]);
    expect(maxAttempts('documents')).toBe(4);
  });

  it('standard: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h', () => {
    expect(schedule('standard', middle)).toEqual([5 * S, 5 * MIN, 30 * MIN, 2 * H, 5 * H, 10 * H, 10 * H]);
  });

  it('jitter stays within ±20 % and uses the injected randomness', () => {
    expect(nextAttemptDelay('lab_reports', 1, () => 0)).toBe(24 * S);
    expect(nextAttemptDelay('lab_reports', 1, () => 0.999999)).toBe(36 * S - 0);
    expect(nextAttemptDelay('lab_reports', 1, () => 0.25)).toBe(27 * S);
    for (let i = 0; i < 200; i++) {
      const r = i / 200;
      const d = nextAttemptDelay('standard', 4, () => r)!;
      expect(d).toBeGreaterThanOrEqual(0.8 * 2 * H);
      expect(d).toBeLessThanOrEqual(1.2 * 2 * H);
    }
  });

  it('rejects a random source outside [0, 1) and bad attempt numbers', () => {
    expect(() => nextAttemptDelay('standard', 1, () => 1)).toThrow(RangeError);
    expect(() => nextAttemptDelay('standard', 1, () => Number.NaN)).toThrow(RangeError);
    expect(() => nextAttemptDelay('standard', 0, () => 0.5)).toThrow(RangeError);
    expect(() => nextAttemptDelay('standard', 1.5, () => 0.5)).toThrow(RangeError);
  });

  it('presets are frozen data', () => {
    expect(Object.isFrozen(RETRY_PRESETS.documents.delaysMs)).toBe(true);
    expect(resolveRetryPolicy('documents')).toBe(RETRY_PRESETS.documents);
  });
});

describe('custom policies', () => {
  it('are exact unless jitter is requested', () => {
    expect(schedule({ delays_ms: [1000, 0, 2500] }, () => 0)).toEqual([1000, 0, 2500]);
    expect(schedule({ delays_ms: [1000], jitter: true }, () => 0)).toEqual([800]);
  });

  it('an empty list means no retries', () => {
    expect(nextAttemptDelay({ delays_ms: [] }, 1, () => 0.5)).toBeNull();
    expect(maxAttempts({ delays_ms: [] })).toBe(1);
    expect(retryPolicyBounds({ delays_ms: [] })).toEqual({ minDelayMs: 0, maxDelayMs: 0 });
  });

  it('accepts 50 entries of up to 7 days', () => {
    const policy = { delays_ms: Array.from({ length: 50 }, () => 7 * DAY) };
    expect(parseRetryPolicy(policy)).toEqual(policy);
    expect(schedule(policy, () => 0.5)).toHaveLength(50);
  });

  it.each([
    [{ delays_ms: Array.from({ length: 51 }, () => 1000) }, /at most 50 delays/],
    [{ delays_ms: [MAX_RETRY_DELAY_MS + 1] }, /retry_policy\.delays_ms\.0 must be at most 604800000 ms/],
    [{ delays_ms: [1000, -1] }, /delays_ms\.1/],
    [{ delays_ms: [1.5] }, /delays_ms\.0/],
    [{ delays_ms: ['5s'] }, /delays_ms\.0/],
    [{ delays_ms: [1000], extra: true }, /retry_policy/],
    [{ delays_ms: [1000], jitter: 'yes' }, /jitter/],
    [{}, /delays_ms/],
    ['exponential', /unknown retry policy "exponential"/],
    [42, /preset name or an object/],
    [null, /preset name or an object/],
    [[1000], /preset name or an object/],
  ])('rejects %j', (value, message) => {
    expect(() => parseRetryPolicy(value)).toThrow(RetryPolicyError);
    expect(() => parseRetryPolicy(value)).toThrow(message);
    expect(isRetryPolicy(value)).toBe(false);
  });

  it('resolveRetryPolicy validates custom objects it is given', () => {
    expect(() => resolveRetryPolicy({ delays_ms: [-5] })).toThrow(RetryPolicyError);
    expect(resolveRetryPolicy({ delays_ms: [5] })).toEqual({ name: 'custom', delaysMs: [5], jitter: false });
  });
});

describe('RetryPolicySchema', () => {
  it('accepts presets and custom objects, and agrees with parseRetryPolicy', () => {
    for (const ok of [
      'lab_reports',
      'nutrition',
      'documents',
      'standard',
      { delays_ms: [] },
      { delays_ms: [1], jitter: true },
    ]) {
      expect(Value.Check(RetryPolicySchema, ok)).toBe(true);
      expect(() => parseRetryPolicy(ok)).not.toThrow();
    }
    for (const bad of ['Standard', { delays_ms: [-1] }, { delays_ms: 5 }, { jitter: true }]) {
      expect(Value.Check(RetryPolicySchema, bad)).toBe(false);
    }
  });

  it('serialises to JSON Schema usable for OpenAPI', () => {
    const json = JSON.parse(JSON.stringify(RetryPolicySchema));
    expect(json.anyOf).toHaveLength(2);
    expect(json.anyOf[1].properties.delays_ms.maxItems).toBe(50);
    expect(json.anyOf[1].properties.delays_ms.items.maximum).toBe(MAX_RETRY_DELAY_MS);
  });
});

describe('Retry-After within a policy', () => {
  const now = Date.UTC(2024, 0, 15, 10, 30, 0);

  it('lengthens the wait but stays inside the policy bounds', () => {
    const bounds = retryPolicyBounds('documents'); // 5 s .. 20 s
    expect(bounds).toEqual({ minDelayMs: 5 * S, maxDelayMs: 20 * S });
    expect(applyRetryAfter(5 * S, '15', now, bounds)).toBe(15 * S);
    expect(applyRetryAfter(5 * S, '3600', now, bounds)).toBe(20 * S); // clamped to the max
    expect(applyRetryAfter(10 * S, '1', now, bounds)).toBe(10 * S); // never faster than the policy
    expect(applyRetryAfter(10 * S, null, now, bounds)).toBe(10 * S);
    expect(applyRetryAfter(10 * S, 'garbage', now, bounds)).toBe(10 * S);
    expect(applyRetryAfter(5 * S, 'Mon, 15 Jan 2024 10:30:12 GMT', now, bounds)).toBe(12 * S);
    const standard = retryPolicyBounds('standard');
    expect(applyRetryAfter(5 * S, '86400', now, standard)).toBe(10 * H);
  });
});
