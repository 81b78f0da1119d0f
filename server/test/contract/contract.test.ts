/**
 * The cross-adapter contract: every Store, TaskQueue/TaskWriter and BlobStore behaviour the core
 * relies on, run unchanged against each adapter set. One embedded PostgreSQL and one local S3
 * server serve the whole file; each test opens fresh databases / prefixes.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.ts';
import { LeaseLostError } from '../../src/core/errors.ts';
import type { NewRecord, Repositories } from '../../src/core/ports.ts';
import { emitEvent } from '../../src/core/processing.ts';
import { TASKS } from '../../src/core/tasks.ts';
import { AttemptLog } from '../../src/webhooks/attempt-log.ts';
import { deliveryFanOut } from '../../src/webhooks/fan-out.ts';
import { eventually } from '../support/docket.ts';
import { newEndpoint } from '../support/endpoints.ts';
import { startTestPostgres, type TestPostgres } from '../support/postgres.ts';
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

async function withHarness(open: () => Promise<Harness>, body: (h: Harness) => Promise<void>): Promise<void> {
  const h = await open();
  try {
    await body(h);
  } finally {
    await h.close();
  }
}

async function newApp(tx: Repositories, name = 'acme') {
  const createdAt = new Date(1_700_000_000_123);
  return tx.applications.insert(
    { id: randomUUID(), name, createdAt },
    { key: `whsec_${randomUUID()}`, createdAt, expiresAt: null },
  );
}

function newRecord(applicationId: string, overrides: Partial<NewRecord> = {}): NewRecord {
  return {
    id: randomUUID(),
    applicationId,
    kind: 'text',
    mimeType: 'text/plain',
    filename: 'a.txt',
    sizeBytes: 5_000_000_000, // beyond 32 bits
    blobKey: `uploads/${applicationId}/x`,
    applicationUserId: 'user-1',
    options: { include_x: true, nested: { a: [1, 2] } },
    parentId: null,
    idempotencyKey: null,
    createdAt: new Date(1_700_000_000_456),
    ...overrides,
  };
}

const TYPE = 'contract.task';

describe.each(sets)('contract: $name', (set) => {
  const open = () => set.open();

  describe('store', () => {
    it('keeps applications, signing keys and API keys', () =>
      withHarness(open, async ({ store }) => {
        const app = await newApp(store);
        expect(app).toMatchObject({ name: 'acme', number: expect.any(Number) });
        expect(await store.applications.get(app.id)).toEqual(app);
        expect((await store.applications.list()).map((a) => a.id)).toEqual([app.id]);
        const keys = [
          { key: 'k1', createdAt: new Date(1_700_000_000_000), expiresAt: new Date(1_800_000_000_000) },
          { key: 'k2', createdAt: new Date(1_700_000_000_001), expiresAt: null },
        ];
        await store.applications.setSigningKeys(app.id, keys);
        expect(await store.applications.signingKeys(app.id)).toEqual(keys);
        const apiKey = {
          id: randomUUID(),
          applicationId: app.id,
          prefix: 'dk_live_ab',
          hash: `h-${randomUUID()}`,
          name: 'default',
          scopes: ['read:documents'],
          createdAt: new Date(1_700_000_000_789),
          revokedAt: null,
        };
        await store.apiKeys.insert(apiKey);
        expect(await store.apiKeys.findByHash(apiKey.hash)).toEqual(apiKey);
        expect(await store.apiKeys.findByHash('nope')).toBeNull();
        expect(await store.applications.get(randomUUID())).toBeNull();
      }));

    it('stores records with exact values, scoped to their application', () =>
      withHarness(open, async ({ store }) => {
        const app = await newApp(store);
        const other = await newApp(store, 'other');
        const input = newRecord(app.id, { idempotencyKey: 'idem-1' });
        const inserted = await store.records.insert(input);
        expect(inserted).toMatchObject({
          id: input.id,
          status: 'queued',
          sizeBytes: 5_000_000_000,
          options: input.options,
          createdAt: input.createdAt,
          updatedAt: input.createdAt,
          completedAt: null,
          result: null,
        });
        expect(await store.records.get(app.id, input.id)).toEqual(inserted);
        expect(await store.records.get(other.id, input.id)).toBeNull();
        expect(await store.records.getById(input.id)).toEqual(inserted);
        expect(await store.records.findByIdempotencyKey(app.id, 'idem-1')).toEqual(inserted);
        expect(await store.records.findByIdempotencyKey(other.id, 'idem-1')).toBeNull();
        await expect(store.records.insert(newRecord(app.id, { idempotencyKey: 'idem-1' }))).rejects.toThrow();
        // The same key in another application is another record.
        await store.records.insert(newRecord(other.id, { idempotencyKey: 'idem-1' }));
      }));

    it('runs the record state machine once', () =>
      withHarness(open, async ({ store }) => {
        const app = await newApp(store);
        const r = await store.records.insert(newRecord(app.id));
        const at = new Date(1_700_000_001_000);
        expect(await store.records.markProcessing(r.id, 'analysing', at)).toMatchObject({
          status: 'processing',
          stage: 'analysing',
          updatedAt: at,
        });
        await store.records.setStage(r.id, 'ocr', new Date(1_700_000_001_500));
        expect((await store.records.getById(r.id))?.stage).toBe('ocr');
        const done = new Date(1_700_000_002_000);
        const finished = await store.records.finish(
          r.id,
          { status: 'completed', result: { text: 'ü', n: 1.5 }, pages: 3 },
          done,
        );
        expect(finished).toMatchObject({
          status: 'completed',
          result: { text: 'ü', n: 1.5 },
          pages: 3,
          completedAt: done,
        });
        expect(
          await store.records.finish(
            r.id,
            { status: 'failed', error: { code: 'x', message: 'y' }, pages: null },
            done,
          ),
        ).toBeNull();
        expect(await store.records.markProcessing(r.id, 'again', done)).toBeNull();
        await store.records.clearBlob(r.id);
        expect((await store.records.getById(r.id))?.blobKey).toBeNull();
      }));

    it('pages records newest first with filters and a cursor', () =>
      withHarness(open, async ({ store }) => {
        const app = await newApp(store);
        const ids: string[] = [];
        for (let i = 0; i < 7; i++) {
          const r = await store.records.insert(
            newRecord(app.id, {
              kind: i % 2 ? 'text' : 'lab_report',
              // Two share a timestamp: the id breaks the tie.
              createdAt: new Date(1_700_000_000_000 + Math.min(i, 5) * 1000),
            }),
          );
          ids.push(r.id);
        }
        const seen: string[] = [];
        let cursor: string | undefined;
        for (let guard = 0; guard < 10; guard++) {
          const page = await store.records.list({
            applicationId: app.id,
            limit: 3,
            ...(cursor ? { cursor } : {}),
          });
          seen.push(...page.items.map((r) => r.id));
          if (!page.nextCursor) break;
          cursor = page.nextCursor;
        }
        expect(new Set(seen)).toEqual(new Set(ids));
        expect(seen).toHaveLength(7);
        const texts = await store.records.list({ applicationId: app.id, limit: 10, kind: 'text' });
        expect(texts.items).toHaveLength(3);
        const window = await store.records.list({
          applicationId: app.id,
          limit: 10,
          createdAfter: new Date(1_700_000_001_000),
          createdBefore: new Date(1_700_000_003_000),
        });
        expect(window.items).toHaveLength(2);
      }));

    it('appends events with increasing sequence numbers', () =>
      withHarness(open, async ({ store }) => {
        const app = await newApp(store);
        const stored = [];
        for (const type of ['record.completed', 'record.failed', 'record.completed']) {
          stored.push(
            await store.events.append({
              id: randomUUID(),
              applicationId: app.id,
              type,
              recordId: null,
              data: { a: 1 },
              createdAt: new Date(1_700_000_000_000),
            }),
          );
        }
        expect(typeof stored[0]?.seq).toBe('number');
        expect(stored[1]!.seq).toBeGreaterThan(stored[0]!.seq);
        expect((await store.events.list(app.id, 0, 10)).map((e) => e.id)).toEqual(stored.map((e) => e.id));
        expect(await store.events.list(app.id, stored[0]!.seq, 10)).toHaveLength(2);
        expect(await store.events.list(app.id, 0, 10, 'record.failed')).toHaveLength(1);
      }));

    it('reserves, answers, takes over and releases idempotency keys', () =>
      withHarness(open, async ({ store }) => {
        const app = await newApp(store);
        const entry = {
          applicationId: app.id,
          key: 'k',
          fingerprint: 'f',
          statusCode: null,
          responseBody: null,
          createdAt: new Date(1_700_000_000_000),
        };
        expect(await store.idempotency.reserve(entry)).toBe(true);
        expect(await store.idempotency.reserve(entry)).toBe(false);
        expect(await store.idempotency.takeOver(app.id, 'k', new Date(1_600_000_000_000), new Date())).toBe(
          false,
        );
        expect(
          await store.idempotency.takeOver(
            app.id,
            'k',
            new Date(1_800_000_000_000),
            new Date(1_750_000_000_000),
          ),
        ).toBe(true);
        await store.idempotency.saveResponse(app.id, 'k', 202, '{"ok":true}');
        expect(await store.idempotency.get(app.id, 'k')).toMatchObject({
          statusCode: 202,
          responseBody: '{"ok":true}',
        });
        await store.idempotency.release(app.id, 'k'); // answered entries stay
        expect(await store.idempotency.get(app.id, 'k')).not.toBeNull();
        expect(await store.idempotency.reserve({ ...entry, key: 'k2' })).toBe(true);
        await store.idempotency.release(app.id, 'k2');
        expect(await store.idempotency.get(app.id, 'k2')).toBeNull();
      }));

    it('commits a record, its event and its task together, or none of them', () =>
      withHarness(open, async ({ store, queue }) => {
        const app = await newApp(store);
        const rolledBack = newRecord(app.id);
        await expect(
          store.transaction(async (tx) => {
            await tx.records.insert(rolledBack);
            await tx.events.append({
              id: randomUUID(),
              applicationId: app.id,
              type: 'record.created',
              recordId: rolledBack.id,
              data: {},
              createdAt: new Date(),
            });
            await tx.tasks.enqueue({ type: TYPE, payload: { record_id: rolledBack.id } });
            throw new Error('boom');
          }),
        ).rejects.toThrow('boom');
        expect(await store.records.getById(rolledBack.id)).toBeNull();
        expect(await store.events.list(app.id, 0, 10)).toHaveLength(0);
        expect(await queue.claim([TYPE], 10, 30_000)).toHaveLength(0);

        const kept = newRecord(app.id);
        const value = await store.transaction(async (tx) => {
          await tx.records.insert(kept);
          await tx.tasks.enqueue({ type: TYPE, payload: { record_id: kept.id } });
          return 42;
        });
        expect(value).toBe(42);
        const [task] = await queue.claim([TYPE], 10, 30_000);
        expect(task?.payload).toEqual({ record_id: kept.id });
      }));

    it('keeps serving after a failed transaction and runs many at once', () =>
      withHarness(open, async ({ store }) => {
        const app = await newApp(store);
        const dup = newRecord(app.id, { idempotencyKey: 'same' });
        await store.records.insert(dup);
        await expect(
          store.transaction(async (tx) => {
            await tx.records.insert(newRecord(app.id, { idempotencyKey: 'same' }));
          }),
        ).rejects.toThrow();
        const results = await Promise.allSettled(
          Array.from({ length: 40 }, (_, i) =>
            store.transaction(async (tx) => {
              if (i % 10 === 3) throw new Error(`unit ${i} fails`);
              const r = await tx.records.insert(newRecord(app.id));
              await tx.tasks.enqueue({ type: TYPE, payload: { i } });
              return r.id;
            }),
          ),
        );
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(36);
        expect((await store.records.list({ applicationId: app.id, limit: 100 })).items).toHaveLength(37);
      }));
  });

  describe('queue', () => {
    it('claims an enqueued task once, completes it inside a transaction', () =>
      withHarness(open, async ({ store, queue }) => {
        await store.transaction((tx) => tx.tasks.enqueue({ type: TYPE, payload: { n: 1, s: 'é' } }));
        const [task, ...rest] = await queue.claim([TYPE, 'other.type'], 5, 30_000);
        expect(rest).toHaveLength(0);
        expect(task).toMatchObject({ type: TYPE, payload: { n: 1, s: 'é' }, attempts: 1 });
        expect(task!.leasedUntil.getTime()).toBeGreaterThan(Date.now());
        expect(await queue.claim([TYPE], 5, 30_000)).toHaveLength(0);
        expect(await queue.renew(task!, 30_000)).toBe(true);
        await store.transaction((tx) => tx.tasks.complete(task!));
        expect(await queue.claim([TYPE], 5, 30_000)).toHaveLength(0);
        expect(await queue.renew(task!, 30_000)).toBe(false);
        expect(await queue.complete(task!)).toBe(false);
      }));

    it('hands each task to one claimer when many claim at once', () =>
      withHarness(open, async ({ store, queue }) => {
        await store.transaction(async (tx) => {
          for (let i = 0; i < 60; i++) await tx.tasks.enqueue({ type: TYPE, payload: { i } });
        });
        const batches = await Promise.all(Array.from({ length: 6 }, () => queue.claim([TYPE], 15, 30_000)));
        const all = batches.flat().map((t) => t.payload.i);
        expect(new Set(all).size).toBe(all.length);
        const more = await queue.claim([TYPE], 100, 30_000);
        expect(all.length + more.length).toBe(60);
        for (const task of [...batches.flat(), ...more]) expect(await queue.complete(task)).toBe(true);
      }));

    it('fair claims serve every lane; plain claims take the oldest first', () =>
      withHarness(open, async ({ store, queue }) => {
        // A hostile backlog in lane A, then one task of lane B behind it.
        for (let i = 0; i < 10; i++) await store.tasks.enqueue({ type: TYPE, payload: { i }, lane: 'app-a' });
        await store.tasks.enqueue({ type: TYPE, payload: { i: 'b' }, lane: 'app-b' });
        const plain = await queue.claim([TYPE], 8, 30_000);
        expect(plain.map((t) => t.payload.i)).not.toContain('b');
        for (const task of plain) await queue.release(task);

        const fair = await queue.claim([TYPE], 8, 30_000, { fair: true });
        expect(fair.map((t) => t.payload.i)).toContain('b');
        expect(fair.find((t) => t.payload.i === 'b')!.lane ?? 'app-b').toBe('app-b');
        for (const task of fair) expect(await queue.complete(task)).toBe(true);
        // Nothing is lost or doubled: the rest is still there, each task once.
        const rest = await queue.claim([TYPE], 100, 30_000);
        expect(new Set([...fair, ...rest].map((t) => t.payload.i)).size).toBe(11);
      }));

    it('ignores a second enqueue with the same idempotency key', () =>
      withHarness(open, async ({ store, queue }) => {
        await store.tasks.enqueue({ type: TYPE, payload: { n: 1 }, idempotencyKey: 'once' });
        await store.transaction(async (tx) => {
          await tx.tasks.enqueue({ type: TYPE, payload: { n: 2 }, idempotencyKey: 'once' });
          // The transaction stays usable after the ignored duplicate.
          await tx.tasks.enqueue({ type: TYPE, payload: { n: 3 } });
        });
        const claimed = await queue.claim([TYPE], 10, 30_000);
        expect(claimed.map((t) => t.payload.n).sort()).toEqual([1, 3]);
      }));

    it('holds a task until its run-at time and reports it as next', () =>
      withHarness(open, async ({ store, queue }) => {
        const runAt = new Date(Date.now() + 1500);
        await store.tasks.enqueue({ type: TYPE, payload: {}, runAt });
        expect(await queue.claim([TYPE], 10, 30_000)).toHaveLength(0);
        const next = await queue.nextRunAt([TYPE]);
        expect(Math.abs((next?.getTime() ?? 0) - runAt.getTime())).toBeLessThan(5);
        expect(await queue.nextRunAt(['nothing.here'])).toBeNull();
        const [task] = await eventually(async () => {
          const got = await queue.claim([TYPE], 10, 30_000);
          return got.length ? got : null;
        });
        expect(Date.now()).toBeGreaterThanOrEqual(runAt.getTime() - 5);
        expect(await queue.complete(task!)).toBe(true);
      }));

    it('retries at a later time keeping the attempt count; release gives the attempt back', () =>
      withHarness(open, async ({ store, queue }) => {
        await store.tasks.enqueue({ type: TYPE, payload: { k: 'v' } });
        const [first] = await queue.claim([TYPE], 1, 30_000);
        expect(await queue.retry(first!, new Date(Date.now() + 300), 'infrastructure hiccup')).toBe(true);
        expect(await queue.retry(first!, new Date(), 'twice')).toBe(false);
        const [second] = await eventually(async () => {
          const got = await queue.claim([TYPE], 1, 30_000);
          return got.length ? got : null;
        });
        expect(second).toMatchObject({ payload: { k: 'v' }, attempts: 2 });
        await queue.release(second!);
        const [third] = await queue.claim([TYPE], 1, 30_000);
        expect(third).toMatchObject({ payload: { k: 'v' }, attempts: 2 });
        expect(await queue.bury(third!, 'gave up')).toBe(true);
        expect(await queue.claim([TYPE], 1, 30_000)).toHaveLength(0);
        expect(await queue.nextRunAt([TYPE])).toBeNull();
      }));

    it('fences a worker whose lease was lost: the new holder completes, the old one cannot', () =>
      withHarness(open, async (h) => {
        const { store, queue } = h;
        const app = await newApp(store);
        const record = await store.records.insert(newRecord(app.id));
        await store.tasks.enqueue({ type: TYPE, payload: { record_id: record.id } });
        const [stale] = await queue.claim([TYPE], 1, 30_000);
        await h.expireLease(stale!);
        const [fresh] = await eventually(async () => {
          const got = await queue.claim([TYPE], 1, 30_000);
          return got.length ? got : null;
        });
        expect(fresh).toMatchObject({ payload: { record_id: record.id }, attempts: 2 });
        expect(fresh!.leaseToken).not.toBe(stale!.leaseToken);
        expect(await queue.renew(stale!, 30_000)).toBe(false);
        // The old worker's outcome rolls back with its transaction.
        await expect(
          store.transaction(async (tx) => {
            await tx.records.finish(
              record.id,
              { status: 'failed', error: { code: 'x', message: 'stale' }, pages: null },
              new Date(),
            );
            await tx.tasks.complete(stale!);
          }),
        ).rejects.toBeInstanceOf(LeaseLostError);
        expect((await store.records.getById(record.id))?.status).toBe('queued');
        expect(await queue.retry(stale!, new Date(), 'x')).toBe(false);
        expect(await queue.bury(stale!, 'x')).toBe(false);
        await store.transaction(async (tx) => {
          await tx.records.finish(record.id, { status: 'completed', result: {}, pages: 1 }, new Date());
          await tx.tasks.complete(fresh!);
        });
        expect((await store.records.getById(record.id))?.status).toBe('completed');
      }));

    it('signals listeners after a commit that enqueued', () =>
      withHarness(open, async ({ store, queue }) => {
        let woken = 0;
        const off = queue.onReady(() => woken++);
        await store.transaction((tx) => tx.tasks.enqueue({ type: TYPE, payload: {} }));
        await eventually(async () => woken > 0);
        off();
      }));

    if (set.shared) {
      it('wakes another process and lets it claim what this one enqueued', () =>
        withHarness(open, async (h) => {
          const other = await h.another();
          try {
            let woken = 0;
            const off = other.queue.onReady(() => woken++);
            await h.store.transaction((tx) => tx.tasks.enqueue({ type: TYPE, payload: { from: 'api' } }));
            await eventually(async () => woken > 0);
            const [task] = await other.queue.claim([TYPE], 1, 30_000);
            expect(task?.payload).toEqual({ from: 'api' });
            await other.store.transaction((tx) => tx.tasks.complete(task!));
            off();
          } finally {
            await other.close();
          }
        }));
    }
  });

  describe('attempt log', () => {
    it('logs a batch of attempts in one go, skipping one whose lease was lost, with the endpoint changes once', () =>
      withHarness(open, async (h) => {
        const { store, queue } = h;
        const app = await newApp(store);
        const now = new Date();
        const endpoint = newEndpoint({
          id: randomUUID(),
          applicationId: app.id,
          url: 'https://receiver.example/hook',
        });
        await store.endpoints.insert(endpoint);
        await store.transaction(async (tx) => {
          for (let i = 0; i < 3; i++) {
            await emitEvent(
              tx,
              [deliveryFanOut({ clock: systemClock(), retryPresetOf: () => 'standard' })],
              {
                applicationId: app.id,
                type: 'record.completed',
                recordId: null,
                data: { i },
                createdAt: now,
              },
              { kind: 'text', product: null, resourceId: null },
            );
          }
        });
        const tasks = await eventually(async () => {
          const got = await queue.claim([TASKS.deliver], 3, 30_000);
          return got.length === 3 ? got : null;
        });
        const found = await store.deliveries.getManyForAttempt(
          tasks.map((t) => String(t.payload.delivery_id)),
        );
        const byId = new Map(found.map((f) => [f.delivery.id, f.delivery]));
        // The third attempt's lease lapses before its batch is written; another worker holds it now.
        await h.expireLease(tasks[2]!);
        await eventually(async () => ((await queue.claim([TASKS.deliver], 1, 30_000)).length ? true : null));
        const unlogged: unknown[] = [];
        const log = new AttemptLog({
          store,
          random: () => 0.5,
          observer: { attempt: () => {}, finished: () => {} },
          windowMs: 60_000,
          onError: (error) => unlogged.push(error),
          onEndpointChanged: () => {},
          onUnlogged: async (_attempt, error) => void unlogged.push(error),
        });
        const results = [500, 200, 200];
        for (const [i, task] of tasks.entries()) {
          const statusCode = results[i]!;
          log.add({
            task,
            delivery: byId.get(String(task.payload.delivery_id))!,
            endpoint,
            result: {
              outcome: statusCode === 200 ? 'success' : 'failure',
              statusCode,
              latencyMs: 3,
              error: statusCode === 200 ? null : `HTTP ${statusCode}`,
              errorKind: statusCode === 200 ? null : 'http_status',
              responseExcerpt: statusCode === 200 ? 'OK' : 'try later',
              retryAfter: null,
              gone: false,
            },
            startedAt: now,
            finishedAt: now,
          });
        }
        await log.close();
        expect(unlogged).toEqual([]);
        const [failed, succeeded, skipped] = tasks.map((t) => byId.get(String(t.payload.delivery_id))!.id);
        const attemptsOf = async (id: string) =>
          (await store.deliveries.attempts(id)).map((a) => a.statusCode);
        expect(await attemptsOf(failed!)).toEqual([500]);
        expect(await attemptsOf(succeeded!)).toEqual([200]);
        expect(await attemptsOf(skipped!)).toEqual([]);
        // 500 then 200 in one batch: the endpoint's failure streak started and ended.
        expect((await store.endpoints.getById(endpoint.id))?.failingSince).toBeNull();
        const delivery = await store.deliveries.get(app.id, failed!);
        expect(delivery).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: 500 });
      }));
  });

  describe('blobs', () => {
    it('puts, gets, deletes and reports missing blobs', () =>
      withHarness(open, async ({ blobs }) => {
        const bytes = Buffer.alloc(1024 * 1024 + 7);
        for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31) & 0xff;
        await blobs.put('uploads/app/one', bytes);
        expect((await blobs.get('uploads/app/one')).equals(bytes)).toBe(true);
        await blobs.put('uploads/app/one', Buffer.from('replaced'));
        expect((await blobs.get('uploads/app/one')).toString()).toBe('replaced');
        await blobs.delete('uploads/app/one');
        await blobs.delete('uploads/app/one');
        await expect(blobs.get('uploads/app/one')).rejects.toMatchObject({ kind: 'not_found' });
        await expect(blobs.put('../escape', Buffer.from('x'))).rejects.toThrow();
      }));

    it('a blob written in the record transaction commits with it and vanishes when it rolls back', () =>
      withHarness(open, async ({ blobs, store }) => {
        // The intake's use: stores that keep small blobs in the database join the transaction;
        // the others return no step and the intake puts the bytes first.
        const step = blobs.putInTransaction?.('uploads/app/joined', Buffer.from('%PDF-1.4 joined'));
        if (!step) return;
        await store.transaction(async (tx) => step(tx));
        expect((await blobs.get('uploads/app/joined')).toString()).toBe('%PDF-1.4 joined');
        const doomed = blobs.putInTransaction?.('uploads/app/doomed', Buffer.from('%PDF-1.4 doomed'));
        await expect(
          store.transaction(async (tx) => {
            await doomed!(tx);
            throw new Error('the record insert failed');
          }),
        ).rejects.toThrow('the record insert failed');
        await expect(blobs.get('uploads/app/doomed')).rejects.toMatchObject({ kind: 'not_found' });
        expect(blobs.putInTransaction?.('uploads/app/big', Buffer.alloc(2 * 1024 * 1024))).toBeUndefined();
      }));

    it('a blob one process stored, small or large, is read and deleted by another', () =>
      withHarness(open, async (h) => {
        const other = await h.another();
        try {
          const small = Buffer.from('%PDF-1.4 a small upload');
          const large = Buffer.alloc(2 * 1024 * 1024, 5);
          await Promise.all([
            h.blobs.put('uploads/app/small', small),
            h.blobs.put('uploads/app/large', large),
          ]);
          expect((await other.blobs.get('uploads/app/small')).equals(small)).toBe(true);
          expect((await other.blobs.get('uploads/app/large')).equals(large)).toBe(true);
          await other.blobs.delete('uploads/app/small');
          await expect(h.blobs.get('uploads/app/small')).rejects.toMatchObject({ kind: 'not_found' });
        } finally {
          await other.close();
        }
      }));

    it('pre-signs download links that work, expire, and refuse tampering', () =>
      withHarness(open, async ({ blobs, clock }) => {
        await blobs.put('uploads/app/doc', Buffer.from('%PDF-1.4 hello'));
        const download = { filename: 'Lettre de liaison.pdf', contentType: 'application/pdf' };
        if (set.presigns) {
          // S3 presigns its own links: the object store serves them and checks their expiry.
          const url = await blobs.presignedUrl('uploads/app/doc', 3600, download);
          expect(url).toMatch(/X-Amz-Signature=/);
          expect(url).toMatch(/X-Amz-Expires=3600/);
          const response = await fetch(url);
          expect(response.status).toBe(200);
          expect(await response.text()).toBe('%PDF-1.4 hello');
          expect(response.headers.get('content-disposition')).toContain('Lettre de liaison.pdf');
          const short = await blobs.presignedUrl('uploads/app/doc', 1);
          await new Promise((resolve) => setTimeout(resolve, 2100));
          expect((await fetch(short)).status).toBe(403);
          // (s3rver does not check V4 signatures, so tampering is S3's own test, not this one's.)
          return;
        }
        const url = await blobs.presignedUrl('uploads/app/doc', 3600, download);
        expect(url).toMatch(/^http:\/\/docket\.test\/v1\/files\/[\w-]+\.[\w-]+$/);
        const token = url.split('/v1/files/')[1]!;
        const file = await blobs.openPresigned(token);
        expect(file).toMatchObject(download);
        expect(file.bytes.toString()).toBe('%PDF-1.4 hello');
        const [payload, signature] = token.split('.') as [string, string];
        const forged = Buffer.from(JSON.stringify({ k: 'uploads/app/other', e: 9_999_999_999 })).toString(
          'base64url',
        );
        await expect(blobs.openPresigned(`${forged}.${signature}`)).rejects.toMatchObject({
          kind: 'forbidden',
          code: 'invalid_signature',
        });
        await expect(
          blobs.openPresigned(`${payload}.${signature.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))}`),
        ).rejects.toMatchObject({ code: 'invalid_signature' });
        clock.advance(3601_000);
        await expect(blobs.openPresigned(token)).rejects.toMatchObject({
          kind: 'forbidden',
          code: 'url_expired',
        });
      }));
  });
});
