/**
 * One delivery attempt per task: sign the event's body, send it through the SSRF-guarded
 * dispatcher, log the attempt, and either finish the delivery or schedule the next attempt as
 * its own task at `next_attempt_at` — the same schedule on every queue engine.
 */
import type { Dispatcher } from 'undici';
import { BatchWriter } from '../core/batch-writer.ts';
import type { Delivery, Endpoint } from '../core/domain.ts';
import { LeaseLostError } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import type { Clock, LeasedTask, Repositories, Store } from '../core/ports.ts';
import { TtlCache } from '../core/ttl-cache.ts';
import type { TaskHandler } from '../worker/runtime.ts';
import type { EndpointLimiter } from './endpoint-limiter.ts';
import { DELIVER_TASK, RETRY_TASK } from './fan-out.ts';
import {
  applyRetryAfter,
  nextAttemptDelay,
  type RandomSource,
  type RetryPolicy,
  resolveRetryPolicy,
  retryPolicyBounds,
} from './retry-policy.ts';
import { type AttemptResult, sendAttempt } from './sender.ts';
import { signWebhook } from './signing.ts';

/** An endpoint whose every delivery has failed this long is disabled. */
export const DISABLE_AFTER_FAILING_MS = 5 * 24 * 60 * 60 * 1000;
/** How soon a delivery held back by the per-endpoint limit is tried again. */
const LIMITED_RETRY_MS = 100;

/** What the delivery engine reports, for Prometheus. */
export interface DeliveryObserver {
  attempt(result: AttemptResult): void;
  finished(status: 'succeeded' | 'failed'): void;
}

export interface DeliverTaskDeps {
  store: Store;
  clock: Clock;
  dispatcher: Dispatcher;
  limiter: EndpointLimiter;
  signingKeys: (applicationId: string) => Promise<string[]>;
  observer: DeliveryObserver;
  random: RandomSource;
  /** Slots per lane (first attempts, retries). */
  concurrency: number;
  /** Told when a batch of attempts could not be logged; they are sent again once their leases expire. */
  onLogError: (error: unknown, attempts: number) => void;
  /** Longest an attempt waits for its batch to be logged; default {@link LOG_WINDOW_MS}. */
  logWindowMs?: number;
}

const USER_AGENT = 'Docket-Webhooks/0.1 (+https://github.com/docket)';

type DeliveryToAttempt = { delivery: Delivery; eventBody: string | null };

const deliveryIdOf = (task: LeasedTask) => String(task.payload.delivery_id);

/** An attempt that was sent and waits for its batch to be logged. */
interface FinishedAttempt {
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

/**
 * Attempts are logged in windows of at most this long (or {@link LOG_BATCH} attempts). The
 * receiver already has the webhook; only the attempt log and the delivery's status wait.
 */
const LOG_WINDOW_MS = 10;
const LOG_BATCH = 256;

export class DeliveryAttempter {
  readonly #deps: DeliverTaskDeps;
  readonly #log: BatchWriter<FinishedAttempt>;
  /** Deliveries of claimed tasks, read together as their tasks are claimed, by delivery id. */
  readonly #loaded = new Map<string, Promise<DeliveryToAttempt | undefined>>();
  /** Endpoint settings are read for every attempt; a change is seen within a second. */
  readonly #endpoints: TtlCache<string, Endpoint | null>;

  constructor(deps: DeliverTaskDeps) {
    this.#deps = deps;
    this.#endpoints = new TtlCache(1000, deps.clock);
    this.#log = new BatchWriter({
      windowMs: deps.logWindowMs ?? LOG_WINDOW_MS,
      maxBatch: LOG_BATCH,
      write: (attempts) => this.#recordBatch(attempts),
      // The tasks stay leased, so these attempts run again when the leases expire.
      onError: (error, attempts) => deps.onLogError(error, attempts.length),
    });
  }

  /** The two lanes: first attempts and retries each get their own slots. */
  handlers(): TaskHandler[] {
    const handle = (task: LeasedTask) => this.attempt(task);
    const claimed = (tasks: readonly LeasedTask[]) => this.#load(tasks);
    const { concurrency } = this.#deps;
    // An attempt is short, so each lane claims a lane's worth ahead: one claim (one commit) per batch.
    return [
      { type: DELIVER_TASK, concurrency, prefetch: 2 * concurrency, maxAttempts: 1000, handle, claimed },
      { type: RETRY_TASK, concurrency, prefetch: 2 * concurrency, maxAttempts: 1000, handle, claimed },
    ];
  }

  /** Reads the deliveries of a batch of tasks in one query; each attempt takes its own. */
  #load(tasks: readonly LeasedTask[]): Map<string, Promise<DeliveryToAttempt | undefined>> {
    const ids = tasks.map(deliveryIdOf);
    const all = this.#deps.store.deliveries
      .getManyForAttempt(ids)
      .then((found) => new Map(found.map((entry) => [entry.delivery.id, entry])));
    const byId = new Map<string, Promise<DeliveryToAttempt | undefined>>();
    for (const id of ids) {
      const one = all.then((found) => found.get(id));
      one.catch(() => {}); // a failed read fails the attempt that awaits it, not the process
      byId.set(id, one);
      this.#loaded.set(id, one);
    }
    return byId;
  }

  async attempt(task: LeasedTask): Promise<'completed' | undefined> {
    const { store, clock, limiter } = this.#deps;
    const id = deliveryIdOf(task);
    const loading = this.#loaded.get(id);
    this.#loaded.delete(id);
    const found = await (loading ?? this.#load([task]).get(id));
    if (found?.delivery.status !== 'pending') return;
    const { delivery, eventBody } = found;
    const endpoint = await this.#endpoints.getOrLoad(delivery.endpointId, async () =>
      store.endpoints.getById(delivery.endpointId),
    );
    if (!endpoint?.active) {
      const reason = endpoint
        ? `endpoint is disabled${endpoint.disabledReason ? `: ${endpoint.disabledReason}` : ''}`
        : 'endpoint was deleted';
      await this.#finishWithoutSending(task, delivery, reason);
      return 'completed';
    }
    if (!limiter.tryAcquire(endpoint.id)) {
      // The endpoint already has its share of attempts in flight: step aside for other endpoints.
      await store.transaction(async (tx) => {
        await tx.tasks.enqueue({
          type: task.type,
          payload: task.payload,
          runAt: new Date(clock.now().getTime() + LIMITED_RETRY_MS),
        });
        await tx.tasks.complete(task);
      });
      return 'completed';
    }
    try {
      await this.#send(task, delivery, eventBody, endpoint);
      return 'completed';
    } finally {
      limiter.release(endpoint.id);
    }
  }

  async #send(
    task: LeasedTask,
    delivery: Delivery,
    eventBody: string | null,
    endpoint: Endpoint,
  ): Promise<void> {
    const { clock, dispatcher, observer } = this.#deps;
    if (eventBody === null) {
      await this.#finishWithoutSending(task, delivery, 'the event no longer exists');
      return;
    }
    const keys = endpoint.secret ? [endpoint.secret] : await this.#deps.signingKeys(delivery.applicationId);
    // The event's JSON as stored: the same bytes on every attempt, with no parse and re-serialise.
    const body = Buffer.from(eventBody);
    const startedAt = clock.now();
    const headers: Record<string, string> = {
      ...endpoint.headers,
      'content-type': 'application/json',
      'user-agent': USER_AGENT,
      ...signWebhook({ body, id: delivery.eventId, timestamp: Math.floor(startedAt.getTime() / 1000), keys }),
    };
    const result = await sendAttempt({
      url: endpoint.url,
      headers,
      body,
      timeoutMs: endpoint.timeoutMs,
      dispatcher,
    });
    observer.attempt(result);
    // The slot is free for the next attempt now; the task stays leased until its batch commits.
    this.#log.add({ task, delivery, endpoint, result, startedAt, finishedAt: clock.now() });
  }

  /** Writes every attempt logged before the call (for shutdown, before the store closes). */
  flush(): Promise<void> {
    return this.#log.flush();
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
        const delay = nextAttemptDelay(policy, number, this.#deps.random);
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
    const recorded = await this.#deps.store.transaction(async (tx) => {
      const kept: typeof decided = [];
      for (const entry of decided)
        if (await this.#recordOne(tx, entry.attempt, entry.decision)) kept.push(entry);
      return kept;
    });
    for (const { attempt, decision } of recorded) {
      const { endpoint, result } = attempt;
      if (decision.disableReason || (result.outcome === 'success') === Boolean(endpoint.failingSince)) {
        this.#endpoints.delete(endpoint.id); // its failure streak or state changed: read it afresh
      }
      if (decision.status !== 'pending') this.#deps.observer.finished(decision.status);
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

  /** Fails a delivery that cannot be attempted (endpoint gone or disabled); recovery can reopen it. */
  async #finishWithoutSending(task: LeasedTask, delivery: Delivery, reason: string): Promise<void> {
    const now = this.#deps.clock.now();
    await this.#deps.store.transaction(async (tx) => {
      await tx.deliveries.recordAttempt(
        {
          id: newId(),
          deliveryId: delivery.id,
          number: delivery.attempts + 1,
          startedAt: now,
          statusCode: null,
          latencyMs: 0,
          outcome: 'failure',
          error: `not sent: ${reason}`,
          responseExcerpt: null,
        },
        { status: 'failed', nextAttemptAt: null, lastStatusCode: null, lastError: `not sent: ${reason}` },
        now,
      );
      await tx.tasks.complete(task);
    });
    this.#deps.observer.finished('failed');
  }
}
