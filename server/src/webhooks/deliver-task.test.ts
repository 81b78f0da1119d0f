import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newEndpoint } from '../../test/support/endpoints.ts';
import { type Receiver, startReceiver } from '../../test/support/receiver.ts';
import { type SqlTaskQueue, TaskSignal } from '../adapters/sql/task-table.ts';
import { openSqlite } from '../adapters/sqlite/database.ts';
import { SqliteStore } from '../adapters/sqlite/store.ts';
import { manualClock } from '../core/clock.ts';
import type { Repositories, Store } from '../core/ports.ts';
import { emitEvent } from '../core/processing.ts';
import { TASKS } from '../core/tasks.ts';
import { DeliveryAttempter } from './deliver-task.ts';
import { createWebhookDispatcher } from './dispatcher.ts';
import { EndpointLimiter } from './endpoint-limiter.ts';
import { deliveryFanOut } from './fan-out.ts';
import { generateSigningKey } from './signing.ts';
import { parseAllowList } from './ssrf-guard.ts';

const LEASE_MS = 30_000;

let clock: ReturnType<typeof manualClock>;
let store: SqliteStore;
let queue: SqlTaskQueue;
let receiver: Receiver;
let dispatcher: ReturnType<typeof createWebhookDispatcher>;
let attempter: DeliveryAttempter;
let logErrors: unknown[];
/** A delivery whose attempt the store refuses to log (as PostgreSQL refuses some text). */
let unloggable: string | undefined;

beforeEach(async () => {
  clock = manualClock();
  const signal = new TaskSignal();
  store = await SqliteStore.open({ database: openSqlite(':memory:'), clock, signal });
  queue = store.taskQueue();
  receiver = await startReceiver();
  dispatcher = createWebhookDispatcher({ allow: parseAllowList('127.0.0.1/32') });
  logErrors = [];
  unloggable = undefined;
  const key = generateSigningKey();
  const refusing: Store = Object.assign(Object.create(store) as Store, {
    transaction: <T>(work: (tx: Repositories) => Promise<T>) =>
      store.transaction((tx) =>
        work({
          ...tx,
          deliveries: {
            ...tx.deliveries,
            recordAttempt: (attempt, next, at) =>
              attempt.deliveryId === unloggable
                ? Promise.reject(new Error('invalid byte sequence for encoding "UTF8": 0x00'))
                : tx.deliveries.recordAttempt(attempt, next, at),
          } as Repositories['deliveries'],
        }),
      ),
  });
  attempter = new DeliveryAttempter({
    productDelivery: () => undefined,
    store: refusing,
    queue,
    clock,
    dispatcher,
    limiter: new EndpointLimiter(8),
    signingKeys: async () => [key],
    observer: { attempt: () => {}, finished: () => {} },
    random: () => 0.5,
    concurrency: 8,
    onLogError: (error) => logErrors.push(error),
    // Nothing is logged until a test flushes: what waits for its batch is then certain.
    logWindowMs: 60_000,
  });
  await store.transaction(async (tx) => {
    await tx.applications.insert(
      { id: 'app', name: 'app', createdAt: clock.now() },
      {
        key,
        createdAt: clock.now(),
        expiresAt: null,
      },
    );
    await tx.endpoints.insert(
      newEndpoint({ id: 'ep', applicationId: 'app', url: receiver.url, timeoutMs: 2000 }),
    );
  });
});

afterEach(async () => {
  await attempter.flush();
  await dispatcher.close();
  await receiver.close();
  await store.close();
});

async function emit(count: number): Promise<void> {
  await store.transaction(async (tx) => {
    for (let i = 0; i < count; i++) {
      await emitEvent(
        tx,
        [deliveryFanOut({ clock, retryPresetOf: () => 'standard' })],
        {
          applicationId: 'app',
          type: 'record.completed',
          recordId: null,
          data: { n: i },
          createdAt: clock.now(),
        },
        { kind: 'text', product: null, resourceId: null },
      );
    }
  });
}

const deliveries = async (status: 'pending' | 'succeeded') =>
  (await store.deliveries.list({ applicationId: 'app', status, limit: 100 })).items;

describe('DeliveryAttempter', () => {
  it('sends a claimed batch and logs all its attempts together once they are flushed', async () => {
    await emit(3);
    const tasks = await queue.claim([TASKS.deliver], 10, LEASE_MS);
    const [deliver] = attempter.handlers();
    deliver!.claimed?.(tasks);
    await Promise.all(tasks.map((task) => attempter.attempt(task)));
    expect(receiver.requests).toHaveLength(3);
    // Sent, not yet logged: the deliveries wait for their batch, their tasks stay leased.
    expect(await deliveries('pending')).toHaveLength(3);
    await attempter.flush();
    const done = await deliveries('succeeded');
    expect(done).toHaveLength(3);
    for (const delivery of done) expect(await store.deliveries.attempts(delivery.id)).toHaveLength(1);
    expect(await queue.claim([TASKS.deliver], 10, LEASE_MS)).toEqual([]);
    expect(logErrors).toEqual([]);
  });

  it('logs nothing of an attempt whose lease was lost before its batch; the new owner logs its own', async () => {
    await emit(1);
    const [first] = await queue.claim([TASKS.deliver], 1, LEASE_MS);
    await attempter.attempt(first!);
    // The lease runs out before the batch is written, and another worker claims the task.
    clock.advance(LEASE_MS + 1);
    const [second] = await queue.claim([TASKS.deliver], 1, LEASE_MS);
    expect(second!.leaseToken).toBeGreaterThan(first!.leaseToken);
    await attempter.flush();
    const [pending] = await deliveries('pending');
    expect(await store.deliveries.attempts(pending!.id)).toEqual([]);

    await attempter.attempt(second!);
    await attempter.flush();
    const [done] = await deliveries('succeeded');
    expect(await store.deliveries.attempts(done!.id)).toHaveLength(1);
    // Sent twice with the same webhook-id: at least once, and receivers dedupe on the id.
    expect(receiver.requests.map((r) => r.headers['webhook-id'])).toEqual([
      receiver.requests[0]!.headers['webhook-id'],
      receiver.requests[0]!.headers['webhook-id'],
    ]);
    expect(logErrors).toEqual([]);
  });

  it('logs the rest of a batch when one attempt cannot be logged, and hands that one back to the queue', async () => {
    await emit(3);
    const tasks = await queue.claim([TASKS.deliver], 10, LEASE_MS);
    const [deliver] = attempter.handlers();
    deliver!.claimed?.(tasks);
    const [, second] = await store.deliveries.getManyForAttempt(
      tasks.map((t) => String(t.payload.delivery_id)),
    );
    unloggable = second!.delivery.id;
    await Promise.all(tasks.map((task) => attempter.attempt(task)));
    await attempter.flush();
    expect(await deliveries('succeeded')).toHaveLength(2);
    const [stuck] = await deliveries('pending');
    expect(stuck!.id).toBe(unloggable);
    expect(await store.deliveries.attempts(unloggable)).toEqual([]);
    expect(logErrors).toHaveLength(1);
    // Back in the queue with the worker's backoff, not leased until its lease runs out.
    expect(await queue.claim([TASKS.deliver], 10, LEASE_MS)).toEqual([]);
    clock.advance(1000);
    const [again] = await queue.claim([TASKS.deliver], 10, LEASE_MS);
    expect(again!.payload.delivery_id).toBe(unloggable);
  });
});
