/**
 * The attempt log: outcomes of sent attempts, written in batches. One transaction per window of
 * attempts (one commit, one fsync) completes each attempt's task, logs the attempt, moves its
 * delivery on (succeeded, failed, or pending with the next attempt enqueued as its own task at
 * `next_attempt_at`) and keeps the endpoint's failure streak, disabling it after 410 Gone or five
 * days of failures. Until its batch commits an attempt's task stays leased, so a crash sends it
 * again (same `webhook-id`), and an attempt whose lease was lost meanwhile is left out.
 */
import { BatchWriter } from '../core/batch-writer.ts';
import type { Delivery, Endpoint } from '../core/domain.ts';
import { LeaseLostError } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import type { LeasedTask, Repositories, Store } from '../core/ports.ts';
import { RETRY_TASK } from './fan-out.ts';
import {
  applyRetryAfter,
  nextAttemptDelay,
  type RandomSource,
  type RetryPolicy,
  resolveRetryPolicy,
  retryPolicyBounds,
} from './retry-policy.ts';
import type { AttemptResult } from './sender.ts';

/** An endpoint whose every delivery has failed this long is disabled. */
export const DISABLE_AFTER_FAILING_MS = 5 * 24 * 60 * 60 * 1000;

/**
 * Attempts are logged in windows of at most this long (or {@link LOG_BATCH} attempts). The
 * receiver already has the webhook; only the attempt log and the delivery's status wait.
 */
export const LOG_WINDOW_MS = 10;
const LOG_BATCH = 256;

/** What the delivery engine reports, for Prometheus. */
export interface DeliveryObserver {
  attempt(result: AttemptResult): void;
  finished(status: 'succeeded' | 'failed'): void;
}

/** An attempt that was sent and waits for its batch to be logged. */
export interface FinishedAttempt {
  task: LeasedTask;
  delivery: Delivery;
  endpoint: Endpoint;
  result: AttemptResult;
  startedAt: Date;
  finishedAt: Date;
}

interface Decision {
  number: number;
  status: 'succeeded' | 'failed' | 'pending';
  nextAttemptAt: Date | null;
  disableReason: string | null;
}

export interface AttemptLogOptions {
  store: Store;
  random: RandomSource;
  observer: DeliveryObserver;
  /** Longest an attempt waits for its batch. */
  windowMs: number;
  /** Told when a batch could not be written; its attempts are sent again once their leases expire. */
  onError: (error: unknown, attempts: number) => void;
  /** Told after a batch that changed an endpoint (its failure streak, or disabled it). */
  onEndpointChanged: (endpointId: string) => void;
}

export class AttemptLog {
  readonly #options: AttemptLogOptions;
  readonly #batches: BatchWriter<FinishedAttempt>;

  constructor(options: AttemptLogOptions) {
    this.#options = options;
    this.#batches = new BatchWriter({
      windowMs: options.windowMs,
      maxBatch: LOG_BATCH,
      write: (attempts) => this.#recordBatch(attempts),
      onError: (error, attempts) => options.onError(error, attempts.length),
    });
  }

  add(attempt: FinishedAttempt): void {
    this.#batches.add(attempt);
  }

  /** Writes every attempt added before the call (for shutdown, before the store closes). */
  flush(): Promise<void> {
    return this.#batches.flush();
  }

  /** What an attempt leads to. Decided once, outside the transaction, which may run more than once. */
  #decide({ delivery, endpoint, result, finishedAt: now }: FinishedAttempt): Decision {
    const number = delivery.attempts + 1;
    const policy = resolveRetryPolicy((endpoint.retryPolicy ?? delivery.retryPreset) as RetryPolicy);
    let nextAttemptAt: Date | null = null;
    let disableReason: string | null = null;
    if (result.outcome === 'failure') {
      if (result.gone) {
        disableReason = 'the endpoint answered 410 Gone';
      } else {
        const delay = nextAttemptDelay(policy, number, this.#options.random);
        if (delay !== null) {
          const wait = applyRetryAfter(delay, result.retryAfter, now.getTime(), retryPolicyBounds(policy));
          nextAttemptAt = new Date(now.getTime() + wait);
        }
      }
      const failingSince = endpoint.failingSince ?? now;
      if (!disableReason && now.getTime() - failingSince.getTime() >= DISABLE_AFTER_FAILING_MS) {
        disableReason = 'every delivery failed for 5 days';
      }
    }
    const status = result.outcome === 'success' ? 'succeeded' : nextAttemptAt ? 'pending' : 'failed';
    return { number, status, nextAttemptAt, disableReason };
  }

  /** One transaction for a window of attempts: one commit (one fsync) instead of one per attempt. */
  async #recordBatch(attempts: FinishedAttempt[]): Promise<void> {
    const decided = attempts.map((attempt) => ({ attempt, decision: this.#decide(attempt) }));
    const recorded = await this.#options.store.transaction(async (tx) => {
      const kept: typeof decided = [];
      for (const entry of decided)
        if (await this.#recordOne(tx, entry.attempt, entry.decision)) kept.push(entry);
      return kept;
    });
    for (const { attempt, decision } of recorded) {
      const { endpoint, result } = attempt;
      if (decision.disableReason || (result.outcome === 'success') === Boolean(endpoint.failingSince)) {
        this.#options.onEndpointChanged(endpoint.id);
      }
      if (decision.status !== 'pending') this.#options.observer.finished(decision.status);
    }
  }

  /** Logs one attempt and moves its delivery on; `false` when its task's lease was lost meanwhile. */
  async #recordOne(tx: Repositories, attempt: FinishedAttempt, decision: Decision): Promise<boolean> {
    const { task, delivery, endpoint, result, startedAt, finishedAt: now } = attempt;
    try {
      // First, so a lost lease leaves nothing of this attempt behind: its new owner sends and logs it.
      await tx.tasks.complete(task);
    } catch (error) {
      if (error instanceof LeaseLostError) return false;
      throw error;
    }
    const { number, status, nextAttemptAt, disableReason } = decision;
    const recorded = await tx.deliveries.recordAttempt(
      {
        id: newId(),
        deliveryId: delivery.id,
        number,
        startedAt,
        statusCode: result.statusCode,
        latencyMs: result.latencyMs,
        outcome: result.outcome,
        error: result.error,
        responseExcerpt: result.responseExcerpt,
      },
      { status, nextAttemptAt, lastStatusCode: result.statusCode, lastError: result.error },
      now,
    );
    if (recorded && nextAttemptAt) {
      await tx.tasks.enqueue({
        type: RETRY_TASK,
        payload: { delivery_id: delivery.id },
        runAt: nextAttemptAt,
      });
    }
    if (result.outcome === 'success' && endpoint.failingSince)
      await tx.endpoints.setFailingSince(endpoint.id, null);
    if (result.outcome === 'failure' && !endpoint.failingSince)
      await tx.endpoints.setFailingSince(endpoint.id, now);
    if (disableReason) await tx.endpoints.disable(endpoint.id, disableReason, now);
    return true;
  }
}
