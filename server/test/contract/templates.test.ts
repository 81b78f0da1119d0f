/**
 * The template platform's storage contract on every adapter set: templates scoped to their
 * application, credits per UTC day from completed jobs' pages, credit limits, deleting a result,
 * and a job's deliveries found by its record.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Template } from '../../src/core/domain.ts';
import type { Repositories, Store } from '../../src/core/ports.ts';
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

async function withHarness(open: () => Promise<Harness>, body: (h: Harness) => Promise<void>) {
  const h = await open();
  try {
    await body(h);
  } finally {
    await h.close();
  }
}

async function newApp(tx: Repositories) {
  const createdAt = new Date(1_700_000_000_000);
  const app = await tx.applications.insert(
    { id: randomUUID(), name: 'acme', createdAt },
    { key: `whsec_${randomUUID()}`, createdAt, expiresAt: null },
  );
  return app.id;
}

function template(applicationId: string, name: string, at: number): Template {
  return {
    id: randomUUID(),
    applicationId,
    name,
    definition: { name, keywords: [name], fields: { total: { rules: [{ regex: '(\\d+)' }] } } },
    createdAt: new Date(at),
    updatedAt: new Date(at),
  };
}

const DAY = 86_400_000;
const day0 = Date.UTC(2026, 0, 10);

/** A template job that completed at `at` having read `pages` pages. */
async function completedJob(
  store: Store,
  applicationId: string,
  at: number,
  pages: number,
  kind = 'template',
) {
  const id = randomUUID();
  await store.records.insert({
    id,
    applicationId,
    kind,
    mimeType: 'application/pdf',
    filename: null,
    sizeBytes: 10,
    blobKey: `uploads/${id}`,
    applicationUserId: null,
    options: { template_id: null },
    parentId: null,
    idempotencyKey: null,
    createdAt: new Date(at - 1000),
  });
  await store.records.markProcessing(id, 'analysing', new Date(at - 500));
  await store.records.finish(
    id,
    { status: 'completed', result: { fields: { total: 1 } }, pages },
    new Date(at),
  );
  return id;
}

describe.each(sets)('templates contract: $name', (set) => {
  const open = () => set.open();

  it('keeps templates per application: insert, get, page, all, update, delete', () =>
    withHarness(open, async ({ store }) => {
      const app = await store.transaction(newApp);
      const other = await store.transaction(newApp);
      const a = template(app, 'a', 1000);
      const b = template(app, 'b', 2000);
      const c = template(app, 'c', 3000);
      for (const t of [a, b, c]) await store.templates.insert(t);
      await store.templates.insert(template(other, 'theirs', 1500));

      expect(await store.templates.get(app, a.id)).toEqual(a);
      expect(await store.templates.get(other, a.id)).toBeNull();
      const first = await store.templates.list(app, undefined, 2);
      expect(first.items.map((t) => t.name)).toEqual(['c', 'b']);
      const second = await store.templates.list(app, first.nextCursor!, 2);
      expect(second).toEqual({ items: [a], nextCursor: null });
      expect((await store.templates.all(app, 10)).map((t) => t.name)).toEqual(['a', 'b', 'c']);
      expect(await store.templates.all(app, 1)).toHaveLength(1);

      const renamed = {
        ...b,
        name: 'b2',
        definition: { ...b.definition, name: 'b2' },
        updatedAt: new Date(5000),
      };
      await store.templates.update(renamed);
      expect(await store.templates.get(app, b.id)).toEqual(renamed);
      await store.templates.update({ ...renamed, applicationId: other, name: 'hijack' });
      expect((await store.templates.get(app, b.id))?.name).toBe('b2');

      expect(await store.templates.delete(other, c.id)).toBe(false);
      expect(await store.templates.delete(app, c.id)).toBe(true);
      expect(await store.templates.get(app, c.id)).toBeNull();
    }));

  it('sums credits (pages of completed jobs) per UTC day, and keeps a credit limit', () =>
    withHarness(open, async ({ store }) => {
      const app = await store.transaction(newApp);
      const other = await store.transaction(newApp);
      await completedJob(store, app, day0 + 1000, 3);
      await completedJob(store, app, day0 + DAY - 1, 2);
      await completedJob(store, app, day0 + DAY, 1);
      await completedJob(store, app, day0 + 3 * DAY, 4);
      await completedJob(store, app, day0 + 1000, 7, 'text'); // another kind
      await completedJob(store, other, day0 + 1000, 9); // another application

      expect(
        await store.usage.creditsPerDay(app, 'template', new Date(day0), new Date(day0 + 3 * DAY)),
      ).toEqual([
        { date: '2026-01-10', credits: 5, jobs: 2 },
        { date: '2026-01-11', credits: 1, jobs: 1 },
      ]);
      expect(await store.usage.creditsUsed(app, 'template')).toBe(10);
      expect(await store.usage.creditsUsed(other, 'template')).toBe(9);

      expect(await store.usage.creditLimit(app)).toBeNull();
      await store.usage.setCreditLimit(app, 100, new Date());
      await store.usage.setCreditLimit(app, 50, new Date());
      expect(await store.usage.creditLimit(app)).toBe(50);
      expect(await store.usage.creditLimit(other)).toBeNull();
      await store.usage.setCreditLimit(app, null, new Date());
      expect(await store.usage.creditLimit(app)).toBeNull();
    }));

  it("deletes a finished job's result but keeps the job, and finds a job's deliveries by its record", () =>
    withHarness(open, async ({ store }) => {
      const app = await store.transaction(newApp);
      const jobId = await completedJob(store, app, day0, 2);
      const keptId = await completedJob(store, app, day0, 1);
      for (const recordId of [jobId, keptId]) {
        await store.events.append({
          id: randomUUID(),
          applicationId: app,
          type: 'record.completed',
          recordId,
          data: { fields: { total: 1 } },
          createdAt: new Date(day0),
        });
      }
      const expiredAt = new Date(day0 + 86_400_000);
      await store.transaction((tx) => tx.records.clearResult(jobId, expiredAt));
      expect(await store.records.getById(jobId)).toMatchObject({
        status: 'completed',
        result: null,
        pages: 2,
        resultDeletedAt: expiredAt,
      });
      // The events carried the result too: gone with it; another job's stay.
      expect(await store.events.list(app, 0, 10, undefined, jobId)).toEqual([]);
      expect(await store.events.list(app, 0, 10, undefined, keptId)).toHaveLength(1);

      const endpoint = newEndpoint({ id: randomUUID(), applicationId: app, url: 'https://example.com/h' });
      await store.endpoints.insert(endpoint);
      const delivery = (recordId: string) => ({
        id: randomUUID(),
        applicationId: app,
        endpointId: endpoint.id,
        eventId: randomUUID(),
        eventType: 'record.completed',
        product: 'templates',
        recordId,
        retryPreset: 'standard',
        status: 'pending' as const,
        attempts: 0,
        nextAttemptAt: new Date(day0),
        lastStatusCode: null,
        lastError: null,
        createdAt: new Date(day0),
        updatedAt: new Date(day0),
      });
      const mine = delivery(jobId);
      await store.deliveries.insert(mine);
      await store.deliveries.insert(delivery(randomUUID()));
      const found = await store.deliveries.list({ applicationId: app, recordId: jobId, limit: 10 });
      expect(found.items.map((d) => d.id)).toEqual([mine.id]);
    }));
});
