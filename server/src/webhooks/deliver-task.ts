/**
 * One delivery attempt per task: read the delivery (with the rest of its claimed batch), sign the
 * event's body, send it through the SSRF-guarded dispatcher and hand the outcome to the attempt
 * log (attempt-log.ts), which finishes the delivery or schedules its next attempt as its own task
 * at `next_attempt_at` — the same schedule on every queue engine.
 */
import type { Dispatcher } from 'undici';
import type { Delivery, Endpoint } from '../core/domain.ts';
import { newId } from '../core/ids.ts';
import type {
  AttemptRenderer,
  Clock,
  DeliveryHooks,
  LeasedTask,
  Store,
  TaskHandler,
  TaskQueue,
} from '../core/ports.ts';
import { payloadOf, retryOrBury, TASKS } from '../core/tasks.ts';
import { TtlCache } from '../core/ttl-cache.ts';
import { AttemptLog, type DeliveryObserver, LOG_WINDOW_MS } from './attempt-log.ts';
import type { EndpointLimiter } from './endpoint-limiter.ts';
import type { RandomSource } from './retry-policy.ts';
import { sendAttempt } from './sender.ts';
import { signWebhook } from './signing.ts';

/** How soon a delivery held back by the per-endpoint limit is tried again. */
const LIMITED_RETRY_MS = 100;

/** A product's part in its deliveries: a per-attempt body and hooks around them (both optional). */
export interface ProductDelivery {
  renderAttempt?: AttemptRenderer;
  hooks?: DeliveryHooks;
}

export interface DeliverTaskDeps {
  store: Store;
  /** What the delivery's product adds; `undefined` for products that add nothing. */
  productDelivery: (product: string | null) => ProductDelivery | undefined;
  clock: Clock;
  dispatcher: Dispatcher;
  limiter: EndpointLimiter;
  signingKeys: (applicationId: string) => Promise<string[]>;
  observer: DeliveryObserver;
  random: RandomSource;
  /** Slots per lane (first attempts, retries). */
  concurrency: number;
  /** The queue the tasks come from: an attempt that cannot be logged goes back to it. */
  queue: TaskQueue;
  /** Told when attempts could not be logged; they are sent again later. */
  onLogError: (error: unknown, attempts: number) => void;
  /** Longest an attempt waits for its batch to be logged; default {@link LOG_WINDOW_MS}. */
  logWindowMs?: number;
}

/** Runs of one delivery task (not attempts of the delivery: those follow its retry policy). */
const MAX_TASK_ATTEMPTS = 1000;

type DeliveryToAttempt = { delivery: Delivery; eventBody: string | null };

const deliveryIdOf = (task: LeasedTask) =>
  payloadOf(task, task.type === TASKS.retry ? TASKS.retry : TASKS.deliver).delivery_id;

export class DeliveryAttempter {
  readonly #deps: DeliverTaskDeps;
  readonly #log: AttemptLog;
  /**
   * Deliveries of claimed tasks, read together as their tasks are claimed. Keyed by the task
   * object, so a task handed back unrun (stop, or a long wait) takes its entry with it.
   */
  readonly #loaded = new WeakMap<LeasedTask, Promise<DeliveryToAttempt | undefined>>();
  /** Endpoint settings are read for every attempt; a change is seen within a second. */
  readonly #endpoints: TtlCache<string, Endpoint | null>;

  constructor(deps: DeliverTaskDeps) {
    this.#deps = deps;
    this.#endpoints = new TtlCache(1000, deps.clock);
    this.#log = new AttemptLog({
      store: deps.store,
      random: deps.random,
      observer: deps.observer,
      windowMs: deps.logWindowMs ?? LOG_WINDOW_MS,
      onError: deps.onLogError,
      // Its failure streak or state changed: read it afresh.
      onEndpointChanged: (endpointId) => this.#endpoints.delete(endpointId),
      onUnlogged: (attempt, error) => this.#handBack(attempt.task, error),
      settled: (delivery) => deps.productDelivery(delivery.product)?.hooks?.settled,
    });
  }

  /** The two lanes: first attempts and retries each get their own slots. */
  handlers(): TaskHandler[] {
    const handle = (task: LeasedTask) => this.attempt(task);
    const claimed = (tasks: readonly LeasedTask[]) => this.#load(tasks);
    const { concurrency } = this.#deps;
    // An attempt is short, so each lane claims a lane's worth ahead: one claim (one commit) per batch.
    return [
      {
        type: TASKS.deliver,
        concurrency,
        prefetch: 2 * concurrency,
        maxAttempts: MAX_TASK_ATTEMPTS,
        handle,
        claimed,
      },
      {
        type: TASKS.retry,
        concurrency,
        prefetch: 2 * concurrency,
        maxAttempts: MAX_TASK_ATTEMPTS,
        handle,
        claimed,
      },
    ];
  }

  /** Reads the deliveries of a batch of tasks in one query; each attempt takes its own. */
  #load(tasks: readonly LeasedTask[]): void {
    const all = this.#deps.store.deliveries
      .getManyForAttempt(tasks.map(deliveryIdOf))
      .then((found) => new Map(found.map((entry) => [entry.delivery.id, entry])));
    for (const task of tasks) {
      const one = all.then((found) => found.get(deliveryIdOf(task)));
      one.catch(() => {}); // a failed read fails the attempt that awaits it, not the process
      this.#loaded.set(task, one);
    }
  }

  async attempt(task: LeasedTask): Promise<'completed' | undefined> {
    const { store, clock, limiter } = this.#deps;
    if (!this.#loaded.has(task)) this.#load([task]); // not claimed through handlers()
    const found = await this.#loaded.get(task);
    this.#loaded.delete(task);
    if (found?.delivery.status !== 'pending') return;
    const { delivery, eventBody } = found;
    const product = this.#deps.productDelivery(delivery.product);
    if (product?.hooks?.wanted && !(await product.hooks.wanted(delivery))) {
      await this.#cancel(task, delivery, 'the receiver already has what this delivery carries');
      return 'completed';
    }
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
      await this.#send(task, delivery, eventBody, endpoint, product?.renderAttempt);
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
    renderAttempt: AttemptRenderer | undefined,
  ): Promise<void> {
    const { clock, dispatcher, observer } = this.#deps;
    if (eventBody === null) {
      await this.#finishWithoutSending(task, delivery, 'the event no longer exists');
      return;
    }
    const keys = endpoint.secret ? [endpoint.secret] : await this.#deps.signingKeys(delivery.applicationId);
    // The event's JSON as stored: the same bytes on every attempt, with no parse and re-serialise,
    // unless the product renders each attempt afresh (webhook-id stays the event id either way).
    const body = Buffer.from(
      renderAttempt ? await renderAttempt({ eventBody, delivery, endpoint, now: clock.now() }) : eventBody,
    );
    const startedAt = clock.now();
    // sendAttempt adds content-type and user-agent; an endpoint's own headers never replace them.
    const headers: Record<string, string> = {
      ...endpoint.headers,
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

  /** Writes every attempt sent before the call. */
  flush(): Promise<void> {
    return this.#log.flush();
  }

  /** For shutdown, after the worker stopped and before the store closes: writes the last batch. */
  close(): Promise<void> {
    return this.#log.close();
  }

  /**
   * An attempt that could not be logged even on its own goes back to the queue with the worker
   * runtime's backoff (buried after as many attempts as any delivery task), rather than failing
   * every batch it would join.
   */
  async #handBack(task: LeasedTask, error: unknown): Promise<void> {
    const { queue, clock, onLogError } = this.#deps;
    onLogError(error, 1);
    await retryOrBury(queue, task, {
      maxAttempts: MAX_TASK_ATTEMPTS,
      error: `the attempt could not be logged: ${error instanceof Error ? error.message : String(error)}`,
      now: clock.now(),
    });
  }

  /** Stops a delivery its product no longer wants sent (not a failure: nothing lands in the failure queue). */
  async #cancel(task: LeasedTask, delivery: Delivery, reason: string): Promise<void> {
    const now = this.#deps.clock.now();
    await this.#deps.store.transaction(async (tx) => {
      await tx.deliveries.cancel(delivery.id, reason, now);
      await tx.tasks.complete(task);
    });
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
      await this.#deps.productDelivery(delivery.product)?.hooks?.settled?.(tx, delivery, 'failed');
      await tx.tasks.complete(task);
    });
    this.#deps.observer.finished('failed');
  }
}
