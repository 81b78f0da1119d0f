/**
 * Retry policies as data.
 *
 * A policy is the list of delays between attempts: `delays_ms[i]` is the wait after failed attempt
 * `i + 1` before attempt `i + 2`. So `delays_ms.length` is the number of RETRIES and a delivery makes
 * at most `delays_ms.length + 1` attempts before it lands in the failure queue.
 *
 * Presets (nominal delays; jittered presets vary each delay uniformly by ±20 %):
 *
 * | preset        | retries | delays                                             | jitter |
 * |---------------|---------|----------------------------------------------------|--------|
 * | `lab_reports` | 5       | 30 s doubling: 30 s, 1, 2, 4, 8 min (~15.5 min)     | ±20 %  |
 * | `nutrition`   | 10      | 30 s doubling: 30 s … 256 min (~8.5 h in total)     | ±20 %  |
 * | `documents`   | 3       | 5 s, 10 s, 20 s (exactly as the seed documents)    | none   |
 * | `standard`    | 7       | 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (~27.6 h) | ±20 %  |
 *
 * The seeds say "retries up to 5 / 10 times with exponential backoff" without a base; 30 s doubling
 * rides out a receiver restart or deploy within minutes while keeping the whole schedule short
 * enough that a human notices the failure queue the same working session (lab reports) or day
 * (nutrition). Custom policies `{ delays_ms, jitter? }` are exact unless `jitter: true`.
 *
 * Everything here is pure: randomness and the clock are parameters.
 */
import { type Static, Type } from 'typebox';
import { Value } from 'typebox/value';
import { parseRetryAfter } from './retry-after.ts';

/** Names of the built-in presets. */
const RETRY_PRESET_NAMES = ['lab_reports', 'nutrition', 'documents', 'standard'] as const;

/** A built-in preset name. */
export type RetryPresetName = (typeof RETRY_PRESET_NAMES)[number];

/** Maximum number of retries in a custom policy. */
const MAX_CUSTOM_RETRIES = 50;

/** Maximum single delay in a custom policy: 7 days. */
export const MAX_RETRY_DELAY_MS = 7 * 24 * 60 * 60 * 1000;

/** Jitter amplitude for jittered policies: each delay is scaled by a factor in [0.8, 1.2). */
const JITTER_RATIO = 0.2;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

const doubling = (baseMs: number, count: number): number[] =>
  Array.from({ length: count }, (_, i) => baseMs * 2 ** i);

/** TypeBox schema of the `retry_policy` field of an endpoint: a preset name or a custom delay list. */
export const RetryPolicySchema = Type.Union(
  [
    Type.Union([
      Type.Literal('lab_reports'),
      Type.Literal('nutrition'),
      Type.Literal('documents'),
      Type.Literal('standard'),
    ]),
    Type.Object(
      {
        delays_ms: Type.Array(Type.Integer({ minimum: 0, maximum: MAX_RETRY_DELAY_MS }), {
          minItems: 0,
          maxItems: MAX_CUSTOM_RETRIES,
          description: 'Wait in milliseconds after each failed attempt; the length is the number of retries.',
        }),
        jitter: Type.Optional(
          Type.Boolean({ description: 'Vary each delay by ±20 % (default false: exact delays).' }),
        ),
      },
      { additionalProperties: false },
    ),
  ],
  {
    description:
      'Retry policy: "lab_reports" (5 retries, 30 s doubling), "nutrition" (10 retries, 30 s doubling), ' +
      '"documents" (5 s, 10 s, 20 s exactly), "standard" (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h) ' +
      'or {"delays_ms": [...]} with at most 50 delays of at most 7 days each.',
  },
);

/** The `retry_policy` field as stored and sent over the API (validated by {@link RetryPolicySchema}). */
export type RetryPolicy = Static<typeof RetryPolicySchema>;

/** A custom policy: explicit delays, exact unless `jitter` is true. */
export type CustomRetryPolicy = Exclude<RetryPolicy, string>;

/** A policy in executable form: nominal delays plus whether they are jittered. */
export interface ResolvedRetryPolicy {
  /** Preset name, or `custom` for an explicit delay list. */
  readonly name: RetryPresetName | 'custom';
  /** Nominal wait after each failed attempt, in milliseconds; length = number of retries. */
  readonly delaysMs: readonly number[];
  /** True when each delay is varied by ±{@link JITTER_RATIO}. */
  readonly jitter: boolean;
}

/** Smallest and largest nominal delay of a policy; Retry-After is clamped into this range. */
export interface RetryPolicyBounds {
  /** Smallest nominal delay in milliseconds (0 for a policy without retries). */
  readonly minDelayMs: number;
  /** Largest nominal delay in milliseconds (0 for a policy without retries). */
  readonly maxDelayMs: number;
}

/** Source of uniform random numbers in [0, 1), injected so schedules are testable. */
export type RandomSource = () => number;

/** Thrown by {@link parseRetryPolicy} for a value that is not a valid policy. */
export class RetryPolicyError extends Error {
  override name = 'RetryPolicyError';
}

/** The built-in presets, see the table at the top of this module. */
export const RETRY_PRESETS: Readonly<Record<RetryPresetName, ResolvedRetryPolicy>> = Object.freeze({
  lab_reports: Object.freeze({
    name: 'lab_reports',
    delaysMs: Object.freeze(doubling(30 * SECOND, 5)),
    jitter: true,
  }),
  nutrition: Object.freeze({
    name: 'nutrition',
    delaysMs: Object.freeze(doubling(30 * SECOND, 10)),
    jitter: true,
  }),
  documents: Object.freeze({
    name: 'documents',
    delaysMs: Object.freeze([5 * SECOND, 10 * SECOND, 20 * SECOND]),
    jitter: false,
  }),
  standard: Object.freeze({
    name: 'standard',
    delaysMs: Object.freeze([5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR]),
    jitter: true,
  }),
});

/** True when `value` is a valid `retry_policy` field. */
export function isRetryPolicy(value: unknown): value is RetryPolicy {
  return Value.Check(RetryPolicySchema, value);
}

/**
 * Validates an untrusted `retry_policy` value and returns it typed.
 * Throws {@link RetryPolicyError} with a message naming the offending part.
 */
export function parseRetryPolicy(value: unknown): RetryPolicy {
  if (isRetryPolicy(value)) return value;
  if (typeof value === 'string') {
    throw new RetryPolicyError(
      `unknown retry policy "${value}"; expected one of ${RETRY_PRESET_NAMES.join(', ')} or {"delays_ms": [...]}`,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RetryPolicyError('retry_policy must be a preset name or an object {"delays_ms": [...]}');
  }
  const objectSchema = RetryPolicySchema.anyOf[1];
  const first = [...Value.Errors(objectSchema, value)][0];
  const where = first?.instancePath
    ? `retry_policy${first.instancePath.replaceAll('/', '.')}`
    : 'retry_policy';
  const detail =
    first?.keyword === 'maximum' && first.instancePath.startsWith('/delays_ms/')
      ? `must be at most ${MAX_RETRY_DELAY_MS} ms (7 days)`
      : first?.keyword === 'maxItems'
        ? `must have at most ${MAX_CUSTOM_RETRIES} delays`
        : (first?.message ?? 'is invalid');
  throw new RetryPolicyError(`${where} ${detail}`);
}

/** Turns a stored policy (or an already resolved one) into its executable form. */
export function resolveRetryPolicy(policy: RetryPolicy | ResolvedRetryPolicy): ResolvedRetryPolicy {
  if (typeof policy === 'string') {
    const preset = RETRY_PRESETS[policy];
    if (!preset) throw new RetryPolicyError(`unknown retry policy "${policy}"`);
    return preset;
  }
  if ('delaysMs' in policy) return policy;
  const checked = parseRetryPolicy(policy) as CustomRetryPolicy;
  return { name: 'custom', delaysMs: [...checked.delays_ms], jitter: checked.jitter === true };
}

/** Maximum number of attempts (first attempt + retries) under a policy. */
export function maxAttempts(policy: RetryPolicy | ResolvedRetryPolicy): number {
  return resolveRetryPolicy(policy).delaysMs.length + 1;
}

/**
 * Delay in milliseconds before the next attempt, or `null` when the policy is exhausted.
 *
 * @param attemptNumber 1-based number of the attempt that just FAILED (1 = the first delivery).
 * @param random uniform source in [0, 1); only used by jittered policies.
 */
export function nextAttemptDelay(
  policy: RetryPolicy | ResolvedRetryPolicy,
  attemptNumber: number,
  random: RandomSource,
): number | null {
  if (!Number.isInteger(attemptNumber) || attemptNumber < 1) {
    throw new RangeError(`attemptNumber must be an integer >= 1 (got ${attemptNumber})`);
  }
  const resolved = resolveRetryPolicy(policy);
  const nominal = resolved.delaysMs[attemptNumber - 1];
  if (nominal === undefined) return null;
  if (!resolved.jitter) return nominal;
  const r = random();
  if (!(r >= 0 && r < 1)) throw new RangeError(`random() must return a number in [0, 1) (got ${r})`);
  return Math.round(nominal * (1 + JITTER_RATIO * (2 * r - 1)));
}

/** Smallest and largest nominal delay of a policy. */
export function retryPolicyBounds(policy: RetryPolicy | ResolvedRetryPolicy): RetryPolicyBounds {
  const { delaysMs } = resolveRetryPolicy(policy);
  if (delaysMs.length === 0) return { minDelayMs: 0, maxDelayMs: 0 };
  return { minDelayMs: Math.min(...delaysMs), maxDelayMs: Math.max(...delaysMs) };
}

/**
 * Combines the policy's computed delay with a receiver's `Retry-After`.
 *
 * The Retry-After wait is clamped into the policy's [min, max] nominal delays and can only
 * LENGTHEN the wait: the result is `max(delayMs, clamp(retryAfter, min, max))`. A receiver can thus
 * ask for more time, but cannot push a delivery beyond the policy's longest delay nor make Docket
 * retry faster than the policy. Without a usable header `delayMs` is returned unchanged.
 *
 * @param nowMs current time in epoch milliseconds (used for the HTTP-date form).
 */
export function applyRetryAfter(
  delayMs: number,
  retryAfterHeader: string | null | undefined,
  nowMs: number,
  policyBounds: RetryPolicyBounds,
): number {
  const requested = parseRetryAfter(retryAfterHeader, nowMs);
  if (requested === null) return delayMs;
  const clamped = Math.min(Math.max(requested, policyBounds.minDelayMs), policyBounds.maxDelayMs);
  return Math.max(delayMs, clamped);
}
