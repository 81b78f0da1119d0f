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
import type { DeliveryHooks, LeasedTask, Repositories, Store } from '../core/ports.ts';
import { TASKS, taskSpec } from '../core/tasks.ts';
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
const DISABLE_AFTER_FAILING_MS = 5 * 24 * 60 * 60 * 1000;

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

type Decided = { attempt: FinishedAttempt; decision: Decision };

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
  /**
   * Told of an attempt that could not be logged even in a transaction of its own. Its task is
   * still leased: the caller should hand it back to the queue (retry later, or bury it).
   */
  onUnlogged: (attempt: FinishedAttempt, error: unknown) => Promise<void>;
  /** The delivery's product's hook for deliveries settled for good, if it has one. */
  settled?: (delivery: Delivery) => DeliveryHooks['settled'];
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

  /** Writes every attempt added before the call. */
  flush(): Promise<void> {
    return this.#batches.flush();
  }

  /**
   * For shutdown, before the store closes: writes what waits and logs nothing more. An attempt
   * that ends later (its task already handed back by the worker) is sent again by the next owner.
   */
  close(): Promise<void> {
    return this.#batches.close();
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

  /**
   * One transaction for a window of attempts: one commit (one fsync) instead of one per attempt.
   * If the batch cannot be written, each attempt is written alone, so one attempt that cannot be
   * logged never takes the others with it.
   */
  async #recordBatch(attempts: FinishedAttempt[]): Promise<void> {
    const decided = attempts.map((attempt) => ({ attempt, decision: this.#decide(attempt) }));
    let recorded: Decided[];
    try {
      recorded = await this.#options.store.transaction((tx) => this.#recordAll(tx, decided));
    } catch {
      recorded = [];
      for (const entry of decided) {
        try {
          recorded.push(...(await this.#options.store.transaction((tx) => this.#recordAll(tx, [entry]))));
        } catch (error) {
          await this.#options.onUnlogged(entry.attempt, error);
        }
      }
    }
    for (const { attempt, decision } of recorded) {
      const { endpoint, result } = attempt;
      if (decision.disableReason || (result.outcome === 'success') === Boolean(endpoint.failingSince)) {
        this.#options.onEndpointChanged(endpoint.id);
      }
      if (decision.status !== 'pending') this.#options.observer.finished(decision.status);
    }
  }

  /** Logs the attempts, then the endpoints' changes; returns the attempts whose leases held. */
  async #recordAll(tx: Repositories, decided: readonly Decided[]): Promise<Decided[]> {
    const kept: Decided[] = [];
    for (const entry of decided)
      if (await this.#recordOne(tx, entry.attempt, entry.decision)) kept.push(entry);
    await applyEndpointChanges(tx, kept);
    return kept;
  }

  /** Logs one attempt and moves its delivery on; `false` when its task's lease was lost meanwhile. */
  async #recordOne(tx: Repositories, attempt: FinishedAttempt, decision: Decision): Promise<boolean> {
    const { task, delivery, result, startedAt, finishedAt: now } = attempt;
    try {
      // First, so a lost lease leaves nothing of this attempt behind: its new owner sends and logs it.
      await tx.tasks.complete(task);
    } catch (error) {
      if (error instanceof LeaseLostError) return false;
      throw error;
    }
    const { number, status, nextAttemptAt } = decision;
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
      await tx.tasks.enqueue(taskSpec(TASKS.retry, { delivery_id: delivery.id }, { runAt: nextAttemptAt }));
    }
    if (recorded && status !== 'pending') {
      // Its product's part commits with the outcome (e.g. seed 002 deletes the upload once delivered).
      await this.#options.settled?.(delivery)?.(tx, delivery, status);
    }
    return true;
  }
}

/**
 * The endpoints' failure streaks and disabling, once per endpoint and in id order: concurrent
 * batches (other worker processes) then take the endpoint rows' locks in the same order, so they
 * cannot deadlock on PostgreSQL.
 */
async function applyEndpointChanges(tx: Repositories, attempts: readonly Decided[]): Promise<void> {
  const changes = new Map<string, { failingSince: Date | null; dirty: boolean; disable?: [string, Date] }>();
  for (const { attempt, decision } of attempts) {
    const { endpoint, result, finishedAt } = attempt;
    let change = changes.get(endpoint.id);
    if (!change) {
      change = { failingSince: endpoint.failingSince, dirty: false };
      changes.set(endpoint.id, change);
    }
    if (result.outcome === 'success' && change.failingSince) {
      change.failingSince = null;
      change.dirty = true;
    } else if (result.outcome === 'failure' && !change.failingSince) {
      change.failingSince = finishedAt;
      change.dirty = true;
    }
    if (decision.disableReason) change.disable ??= [decision.disableReason, finishedAt];
  }
  for (const id of [...changes.keys()].sort()) {
    const change = changes.get(id)!;
    if (change.dirty) await tx.endpoints.setFailingSince(id, change.failingSince);
    if (change.disable) await tx.endpoints.disable(id, ...change.disable);
  }
}
