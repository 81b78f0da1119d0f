/**
 * A product's part in its deliveries: a body rendered per attempt (webhook-id unchanged), a
 * `wanted` check that cancels what the customer already has, and a `settled` hook that commits
 * with the delivery's final outcome.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newEndpoint } from '../../test/support/endpoints.ts';
import { type Receiver, startReceiver } from '../../test/support/receiver.ts';
import { type SqlTaskQueue, TaskSignal } from '../adapters/sql/task-table.ts';
import { openSqlite } from '../adapters/sqlite/database.ts';
import { SqliteStore } from '../adapters/sqlite/store.ts';
import { manualClock } from '../core/clock.ts';
import type { Delivery } from '../core/domain.ts';
import { emitEvent } from '../core/processing.ts';
import { TASKS } from '../core/tasks.ts';
import { DeliveryAttempter, type ProductDelivery } from './deliver-task.ts';
import { createWebhookDispatcher } from './dispatcher.ts';
import { EndpointLimiter } from './endpoint-limiter.ts';
import { deliveryFanOut } from './fan-out.ts';
import { generateSigningKey, signWebhook } from './signing.ts';
import { parseAllowList } from './ssrf-guard.ts';

let clock: ReturnType<typeof manualClock>;
let store: SqliteStore;
let queue: SqlTaskQueue;
let receiver: Receiver;
let answers: number[];
let dispatcher: ReturnType<typeof createWebhookDispatcher>;
let part: ProductDelivery;
let settled: Array<[string, string]>;
const key = generateSigningKey();

function attempter(): DeliveryAttempter {
  return new DeliveryAttempter({
    productDelivery: (product) => (product === 'docs' ? part : undefined),
    store,
    queue,
    clock,
    dispatcher,
    limiter: new EndpointLimiter(8),
    signingKeys: async () => [key],
    observer: { attempt: () => {}, finished: () => {} },
    random: () => 0.5,
    concurrency: 8,
    onLogError: () => {},
    logWindowMs: 1,
  });
}

beforeEach(async () => {
  clock = manualClock();
  store = await SqliteStore.open({ database: openSqlite(':memory:'), clock, signal: new TaskSignal() });
  queue = store.taskQueue();
  answers = [];
  receiver = await startReceiver((n) => answers[n] ?? 200);
  dispatcher = createWebhookDispatcher({ allow: parseAllowList('127.0.0.1/32') });
  settled = [];
  part = {};
  await store.transaction(async (tx) => {
    await tx.applications.insert(
      { id: 'app', name: 'app', createdAt: clock.now() },
      { key, createdAt: clock.now(), expiresAt: null },
    );
    await tx.endpoints.insert(
      newEndpoint({ id: 'ep', applicationId: 'app', url: receiver.url, retryPolicy: { delays_ms: [1000] } }),
    );
  });
});

afterEach(async () => {
  await dispatcher.close();
  await receiver.close();
  await store.close();
});

async function emit(product: string): Promise<void> {
  await store.transaction((tx) =>
    emitEvent(
      tx,
      [deliveryFanOut({ clock, retryPresetOf: () => 'standard' })],
      {
        applicationId: 'app',
        type: 'record.completed',
        recordId: 'rec',
        data: { doc: 1 },
        createdAt: clock.now(),
      },
      { kind: 'document', product, resourceId: null },
    ),
  );
}

async function runOne(a: DeliveryAttempter, type: string = TASKS.deliver): Promise<void> {
  const [task] = await queue.claim([type], 1, 30_000);
  expect(task).toBeDefined();
  await a.attempt(task!);
  await a.flush();
}

const onlyDelivery = async (): Promise<Delivery> =>
  (await store.deliveries.list({ applicationId: 'app', limit: 10 })).items[0]!;

describe('product delivery parts', () => {
  it('renders each attempt afresh, signs what it sends, and keeps webhook-id', async () => {
    part = {
      renderAttempt: async ({ eventBody, endpoint, now }) =>
        JSON.stringify({
          ...JSON.parse(eventBody),
          meta: { webhook_id: endpoint.id, at: now.toISOString() },
        }),
    };
    answers = [500, 200];
    const a = attempter();
    await emit('docs');
    await runOne(a);
    clock.advance(1000);
    await runOne(a, TASKS.retry);
    const [first, second] = receiver.requests;
    expect(JSON.parse(first!.body)).toEqual({
      doc: 1,
      meta: { webhook_id: 'ep', at: '2026-01-01T00:00:00.000Z' },
    });
    expect(JSON.parse(second!.body).meta.at).toBe('2026-01-01T00:00:01.000Z');
    expect(first!.headers['webhook-id']).toBe(second!.headers['webhook-id']);
    const signed = signWebhook({
      body: Buffer.from(second!.body),
      id: String(second!.headers['webhook-id']),
      timestamp: Number(second!.headers['webhook-timestamp']),
      keys: [key],
    });
    expect(second!.headers['x-body-signature']).toBe(signed['x-body-signature']);
    expect((await onlyDelivery()).status).toBe('succeeded');
  });

  it('sends the stored bytes unchanged for products without a renderer', async () => {
    part = { renderAttempt: async () => 'never used' };
    const a = attempter();
    await emit('lab_reports');
    await runOne(a);
    expect(receiver.requests[0]!.body).toBe('{"doc":1}');
  });

  it('cancels a delivery its product no longer wants, without sending it or failing it', async () => {
    let wanted = true;
    part = { hooks: { wanted: async () => wanted } };
    answers = [500];
    const a = attempter();
    await emit('docs');
    await runOne(a);
    wanted = false; // e.g. the customer confirmed the document synchronised meanwhile
    clock.advance(1000);
    await runOne(a, TASKS.retry);
    expect(receiver.requests).toHaveLength(1);
    expect(await onlyDelivery()).toMatchObject({ status: 'cancelled', attempts: 1 });
    expect(
      (await store.deliveries.list({ applicationId: 'app', status: 'failed', limit: 10 })).items,
    ).toEqual([]);
    expect(await queue.claim([TASKS.retry, TASKS.deliver], 10, 30_000)).toEqual([]);
  });

  it('runs the settled hook in the transaction that settles the delivery, for success and final failure', async () => {
    part = {
      hooks: {
        settled: async (tx, delivery, status) => {
          settled.push([delivery.recordId ?? '', status]);
          await tx.tasks.enqueue({ type: TASKS.purgeFile, payload: { record_id: 'rec', reason: status } });
        },
      },
    };
    const a = attempter();
    await emit('docs');
    await runOne(a);
    expect(settled).toEqual([['rec', 'succeeded']]);
    answers = [200, 500, 500];
    await emit('docs');
    await runOne(a);
    expect(settled).toHaveLength(1); // a first failure with a retry left settles nothing
    clock.advance(1000);
    await runOne(a, TASKS.retry);
    expect(settled).toEqual([
      ['rec', 'succeeded'],
      ['rec', 'failed'],
    ]);
    const purges = await queue.claim([TASKS.purgeFile], 10, 30_000);
    expect(purges.map((t) => t.payload.reason)).toEqual(['succeeded', 'failed']);
  });
});
