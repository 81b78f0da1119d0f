/**
 * What a receiver that fails and then recovers sees, on every adapter set: a record's event goes
 * out through the real state machine, fan-out, attempter and attempt log, to a real local
 * receiver that answers 500, 500, 200. Every attempt (and a later replay) must carry the event's
 * id as `webhook-id`, the event's stored JSON byte for byte, and signatures over that same id and
 * body — receivers dedupe on the id and verify the bytes. Issue 16 reported two different ids on
 * PostgreSQL; this is the check that would catch it on each engine.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LeasedTask, Store } from '../../src/core/ports.ts';
import { RecordProcessor } from '../../src/core/processing.ts';
import { TASKS, taskSpec } from '../../src/core/tasks.ts';
import { ProductCatalog } from '../../src/profiles/catalog.ts';
import { renderRecordEvent } from '../../src/profiles/native/render.ts';
import { DeliveryAttempter } from '../../src/webhooks/deliver-task.ts';
import { DeliveryService } from '../../src/webhooks/delivery-service.ts';
import { createWebhookDispatcher } from '../../src/webhooks/dispatcher.ts';
import { EndpointLimiter } from '../../src/webhooks/endpoint-limiter.ts';
import { deliveryFanOut } from '../../src/webhooks/fan-out.ts';
import { decodeSigningKey, generateSigningKey } from '../../src/webhooks/signing.ts';
import { parseAllowList } from '../../src/webhooks/ssrf-guard.ts';
import { eventually } from '../support/docket.ts';
import { newEndpoint } from '../support/endpoints.ts';
import { startTestPostgres, type TestPostgres } from '../support/postgres.ts';
import { startReceiver } from '../support/receiver.ts';
import { startTestS3, type TestS3 } from '../support/s3.ts';
import { adapterSets, type Harness } from './adapter-sets.ts';

let pg: TestPostgres | undefined;
let s3: TestS3 | undefined;

beforeAll(async () => {
  [pg, s3] = await Promise.all([startTestPostgres(), startTestS3()]);
}, 120_000);

afterAll(async () => {
  await s3?.stop();
  await pg?.stop();
});

const sets = adapterSets(() => {
  if (!pg || !s3) throw new Error('services not started');
  return { pg, s3 };
});

/** A lab-report result with text that must survive storage unchanged: accents, symbols, emoji, escapes. */
const RESULT = {
  collection_date: '2024-03-14',
  result_date: '2024-03-15',
  sections: [
    {
      loinc_code: '58410-2',
      loinc_common_name: 'CBC panel - Blood by Automated count',
      original_section_name: 'HÄMATOLOGIE ≥ µ 🧪 "quoted" \\ back\u2028line\u0000nul',
      results: [{ original_test_name: 'Leukozyten', value: 7.2, original_unit_name: '10³/µL' }],
    },
  ],
};

async function claimOne(queue: Harness['queue'], types: string[]): Promise<LeasedTask> {
  return eventually(async () => (await queue.claim(types, 1, 30_000))[0], 30_000);
}

async function recordFinishedOnce(h: Harness, applicationId: string, processor: RecordProcessor) {
  const { store, queue } = h;
  const record = await store.records.insert({
    id: randomUUID(),
    applicationId,
    kind: 'lab_report',
    mimeType: 'application/pdf',
    filename: 'report.pdf',
    sizeBytes: 1000,
    blobKey: `uploads/${applicationId}/report`,
    applicationUserId: 'end_user_id1',
    options: {},
    parentId: null,
    idempotencyKey: null,
    createdAt: new Date(),
  });
  await store.tasks.enqueue(taskSpec(TASKS.analyse, { record_id: record.id }));
  const analyse = await claimOne(queue, [TASKS.analyse]);
  expect(await processor.finish(analyse, record.id, { ok: true, result: RESULT, pages: 1 })).not.toBeNull();
  // A second run of the analysis (another worker, a redelivered job) must not write a second event.
  await store.tasks.enqueue(taskSpec(TASKS.analyse, { record_id: record.id }));
  const again = await claimOne(queue, [TASKS.analyse]);
  expect(await processor.finish(again, record.id, { ok: true, result: RESULT, pages: 1 })).toBeNull();
  return record;
}

async function newApp(store: Store, key: string) {
  const app = { id: randomUUID(), name: 'acme', createdAt: new Date() };
  await store.applications.insert(app, { key, createdAt: app.createdAt, expiresAt: null });
  return app;
}

describe.each(sets)('retries: $name', (set) => {
  it('500, 500, 200 and a replay: one event id, byte-identical body, signatures over the same id and body', async () => {
    const h = await set.open();
    const receiver = await startReceiver((n) => (n < 2 ? 500 : 200));
    const dispatcher = createWebhookDispatcher({ allow: parseAllowList('127.0.0.1/32') });
    try {
      const { store, queue, clock } = h;
      const key = generateSigningKey();
      const app = await newApp(store, key);
      const endpoint = newEndpoint({
        id: randomUUID(),
        applicationId: app.id,
        url: receiver.url,
        retryPolicy: { delays_ms: [50, 50, 50] },
      });
      await store.endpoints.insert(endpoint);

      const catalog = new ProductCatalog();
      const processor = new RecordProcessor({
        store,
        clock,
        hooks: [deliveryFanOut({ clock, retryPresetOf: (product) => catalog.retryPresetOf(product) })],
        render: catalog.renderer(renderRecordEvent),
        subjectOf: (record) => catalog.subjectOf(record),
        onTerminal: () => {},
      });
      const record = await recordFinishedOnce(h, app.id, processor);
      const events = await store.events.list(app.id, 0, 10);
      expect(events.map((e) => [e.type, e.recordId])).toEqual([['record.completed', record.id]]);
      const eventId = events[0]!.id;

      const logErrors: unknown[] = [];
      const attempter = new DeliveryAttempter({
        store,
        productDelivery: catalog.deliveryParts({ store, blobs: h.blobs, clock }),
        clock,
        dispatcher,
        limiter: new EndpointLimiter(4),
        signingKeys: async () => [key],
        observer: { attempt: () => {}, finished: () => {} },
        random: () => 0.5,
        concurrency: 4,
        queue,
        onLogError: (error) => logErrors.push(error),
        logWindowMs: 1,
      });
      const attemptNext = async () => {
        const task = await claimOne(queue, [TASKS.deliver, TASKS.retry]);
        await attempter.attempt(task);
        await attempter.flush();
      };
      for (let i = 0; i < 3; i++) await attemptNext();
      const [delivery] = (await store.deliveries.list({ applicationId: app.id, limit: 10 })).items;
      expect(delivery).toMatchObject({ eventId, status: 'succeeded', attempts: 3 });
      expect((await store.deliveries.attempts(delivery!.id)).map((a) => [a.number, a.statusCode])).toEqual([
        [1, 500],
        [2, 500],
        [3, 200],
      ]);

      // Sent again from the failure-queue verbs: still the same event, the same bytes.
      await new DeliveryService(store, clock).replay(app.id, delivery!.id);
      await attemptNext();
      await attempter.close();
      expect(logErrors).toEqual([]);

      const stored = (await store.deliveries.getManyForAttempt([delivery!.id]))[0]?.eventBody;
      expect(stored).toBe(JSON.stringify(events[0]!.data));
      expect(JSON.parse(stored!).sections[0].original_section_name).toBe(
        RESULT.sections[0]!.original_section_name,
      );
      const requests = receiver.requests;
      expect(requests).toHaveLength(4);
      const bodySignature = createHmac('sha256', Buffer.from(key)).update(stored!).digest('hex');
      for (const request of requests) {
        expect(request.headers['webhook-id']).toBe(eventId);
        expect(request.raw.equals(Buffer.from(stored!, 'utf8'))).toBe(true);
        expect(request.headers['x-body-signature']).toBe(bodySignature);
        // The Standard Webhooks base is `${id}.${timestamp}.${body}`: only the timestamp moves.
        const timestamp = String(request.headers['webhook-timestamp']);
        const base = `${eventId}.${timestamp}.${stored}`;
        const expected = createHmac('sha256', decodeSigningKey(key)).update(base).digest('base64');
        expect(request.headers['webhook-signature']).toBe(`v1,${expected}`);
        expect(() =>
          new Webhook(key).verify(request.body, request.headers as Record<string, string>),
        ).not.toThrow();
      }
    } finally {
      await dispatcher.close();
      await receiver.close();
      await h.close();
    }
  });
});
