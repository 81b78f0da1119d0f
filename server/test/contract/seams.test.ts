/**
 * The seams products build on, run on every adapter set: batch uploads that become parent and
 * child records in one commit, endpoints bound to a product or a resource, and deliveries that
 * ask their product before each attempt and tell it when they settle.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocketRecord } from '../../src/core/domain.ts';
import type { EventSubject, NewRecord, Store } from '../../src/core/ports.ts';
import { emitEvent, RecordProcessor } from '../../src/core/processing.ts';
import { TASKS, taskSpec } from '../../src/core/tasks.ts';
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

async function newApp(store: Store) {
  const app = { id: randomUUID(), name: 'acme', createdAt: new Date() };
  await store.applications.insert(app, {
    key: `whsec_${randomUUID()}`,
    createdAt: app.createdAt,
    expiresAt: null,
  });
  return app;
}

function zipRecord(applicationId: string): NewRecord {
  return {
    id: randomUUID(),
    applicationId,
    kind: 'template',
    mimeType: 'application/zip',
    filename: 'batch.zip',
    sizeBytes: 100,
    blobKey: `uploads/${applicationId}/batch`,
    applicationUserId: 'user-7',
    options: { template_id: 'tpl-1' },
    parentId: null,
    idempotencyKey: null,
    createdAt: new Date(),
  };
}

const subjectOf = (record: DocketRecord): EventSubject => ({
  kind: record.kind,
  product: record.kind === 'template' ? 'templates' : 'lab_reports',
  resourceId: (record.options.template_id as string | undefined) ?? null,
});

function processorFor(store: Store, clock: Harness['clock']) {
  return new RecordProcessor({
    store,
    clock,
    hooks: [deliveryFanOut({ clock, retryPresetOf: () => 'standard' })],
    render: (type, record) => ({ type, id: record.id }),
    subjectOf,
    onTerminal: () => {},
  });
}

describe.each(sets)('seams: $name', (set) => {
  const open = () => set.open();

  it('expands a batch into its children and completes the parent in one commit', () =>
    withHarness(open, async ({ store, queue, clock }) => {
      const app = await newApp(store);
      const parent = zipRecord(app.id);
      await store.transaction(async (tx) => {
        await tx.records.insert(parent);
        await tx.tasks.enqueue(taskSpec(TASKS.analyse, { record_id: parent.id }));
      });
      const [task] = await eventually(async () => {
        const got = await queue.claim([TASKS.analyse], 1, 30_000);
        return got.length ? got : null;
      });
      const files = ['a.pdf', 'b.pdf', 'c.png'].map((name, i) => ({
        blobKey: `uploads/${app.id}/${parent.id}-${i}`,
        filename: name,
        mimeType: name.endsWith('.png') ? 'image/png' : 'application/pdf',
        sizeBytes: 10 + i,
      }));
      const children = await processorFor(store, clock).expand(task!, parent.id, files, (ids) => ({ ids }));
      expect(children?.map((c) => [c.filename, c.parentId, c.kind, c.applicationUserId])).toEqual([
        ['a.pdf', parent.id, 'template', 'user-7'],
        ['b.pdf', parent.id, 'template', 'user-7'],
        ['c.png', parent.id, 'template', 'user-7'],
      ]);
      const done = await store.records.getById(parent.id);
      expect(done).toMatchObject({ status: 'completed', result: { ids: children!.map((c) => c.id) } });
      const listed = await store.records.list({ applicationId: app.id, parentId: parent.id, limit: 10 });
      expect(listed.items.map((r) => r.id).sort()).toEqual(children!.map((c) => c.id).sort());
      const childTasks = await eventually(async () => {
        const got = await queue.claim([TASKS.analyse], 10, 30_000);
        return got.length === 3 ? got : null;
      });
      expect(childTasks.map((t) => t.payload.record_id).sort()).toEqual(children!.map((c) => c.id).sort());
      // A stray second task for the finished parent (a duplicate enqueue) makes no second batch.
      await store.tasks.enqueue(taskSpec(TASKS.analyse, { record_id: parent.id }));
      const [again] = await eventually(async () => {
        const got = await queue.claim([TASKS.analyse], 1, 30_000);
        return got.length ? got : null;
      });
      expect(await processorFor(store, clock).expand(again!, parent.id, files, () => ({}))).toBeNull();
      const after = await store.records.list({ applicationId: app.id, parentId: parent.id, limit: 10 });
      expect(after.items).toHaveLength(3);
    }));

  it('leaves no child behind when the batch commit fails half way', () =>
    withHarness(open, async ({ store, queue, clock }) => {
      const app = await newApp(store);
      const parent = zipRecord(app.id);
      await store.transaction(async (tx) => {
        await tx.records.insert(parent);
        await tx.tasks.enqueue(taskSpec(TASKS.analyse, { record_id: parent.id }));
      });
      const [task] = await eventually(async () => {
        const got = await queue.claim([TASKS.analyse], 1, 30_000);
        return got.length ? got : null;
      });
      const file = {
        blobKey: `uploads/${app.id}/x`,
        filename: 'a.pdf',
        mimeType: 'application/pdf',
        sizeBytes: 1,
      };
      // The summary is built inside the transaction, after the children: failing there rolls them back.
      await expect(
        processorFor(store, clock).expand(task!, parent.id, [file, file, file], () => {
          throw new Error('disk full');
        }),
      ).rejects.toThrow('disk full');
      expect(
        (await store.records.list({ applicationId: app.id, parentId: parent.id, limit: 10 })).items,
      ).toEqual([]);
      expect(await store.records.getById(parent.id)).toMatchObject({ status: 'queued' });
    }));

  it("delivers to an endpoint bound to a product or a resource only that product's or resource's events", () =>
    withHarness(open, async ({ store, clock }) => {
      const app = await newApp(store);
      const url = 'https://receiver.example/hook';
      const everything = newEndpoint({ id: randomUUID(), applicationId: app.id, url });
      const labOnly = newEndpoint({ id: randomUUID(), applicationId: app.id, url, product: 'lab_reports' });
      const templateOne = newEndpoint({
        id: randomUUID(),
        applicationId: app.id,
        url,
        product: 'templates',
        resourceId: 'tpl-1',
      });
      const templateTwo = { ...templateOne, id: randomUUID(), resourceId: 'tpl-2' };
      for (const endpoint of [everything, labOnly, templateOne, templateTwo])
        await store.endpoints.insert(endpoint);
      const invoice = { ...zipRecord(app.id), mimeType: 'application/pdf' };
      const lab = { ...zipRecord(app.id), kind: 'lab_report', mimeType: 'application/pdf', options: {} };
      const fanOut = deliveryFanOut({
        clock,
        retryPresetOf: (product) => (product === 'lab_reports' ? 'lab_reports' : 'standard'),
      });
      for (const record of [invoice, lab]) {
        await store.transaction(async (tx) => {
          const inserted = await tx.records.insert(record);
          const event = { applicationId: app.id, type: 'record.completed', recordId: record.id, data: {} };
          await emitEvent(tx, [fanOut], { ...event, createdAt: clock.now() }, subjectOf(inserted));
        });
      }
      const deliveries = (await store.deliveries.list({ applicationId: app.id, limit: 50 })).items;
      const byEndpoint = (id: string) =>
        deliveries
          .filter((d) => d.endpointId === id)
          .map((d) => [d.recordId, d.product, d.retryPreset])
          .sort();
      expect(byEndpoint(everything.id)).toEqual(
        [
          [invoice.id, 'templates', 'standard'],
          [lab.id, 'lab_reports', 'lab_reports'],
        ].sort(),
      );
      expect(byEndpoint(labOnly.id)).toEqual([[lab.id, 'lab_reports', 'lab_reports']]);
      expect(byEndpoint(templateOne.id)).toEqual([[invoice.id, 'templates', 'standard']]);
      expect(byEndpoint(templateTwo.id)).toEqual([]);
    }));
});
