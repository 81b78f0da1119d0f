import { describe, expect, it } from 'vitest';
import type { Delivery, DocketEvent, DocketRecord } from './domain.ts';
import { jobRetentionHook, purgeFileOnDelivery } from './job-retention.ts';
import type { Repositories, TaskSpec } from './ports.ts';

function fakeTx(records: Record<string, Partial<DocketRecord>> = {}) {
  const enqueued: TaskSpec[] = [];
  const tx = {
    tasks: { enqueue: async (spec: TaskSpec) => void enqueued.push(spec) },
    records: { getById: async (id: string) => (records[id] ?? null) as DocketRecord | null },
  } as unknown as Repositories;
  return { tx, enqueued };
}

const delivery = (recordId: string | null) => ({ id: 'd1', recordId, product: 'templates' }) as Delivery;

describe('deleting the upload once its webhook was delivered (seed 002)', () => {
  it('enqueues the purge when a delivery succeeded, once per job', async () => {
    const { tx, enqueued } = fakeTx();
    await purgeFileOnDelivery().settled!(tx, delivery('job-1'), 'succeeded');
    expect(enqueued).toEqual([
      {
        type: 'record.purge_file',
        payload: { record_id: 'job-1', reason: 'delivered' },
        idempotencyKey: 'purge-delivered:job-1',
      },
    ]);
  });

  it('keeps the file when the delivery failed for good, or is about no record', async () => {
    const { tx, enqueued } = fakeTx();
    await purgeFileOnDelivery().settled!(tx, delivery('job-1'), 'failed');
    await purgeFileOnDelivery().settled!(tx, delivery(null), 'succeeded');
    expect(enqueued).toEqual([]);
  });
});

describe('retention scheduled when a job finishes', () => {
  const hook = jobRetentionHook({ product: 'templates', resultTtlMs: 3_600_000, fileTtlMs: 7_200_000 });
  const at = new Date('2026-01-01T00:00:00Z');
  const event = (type: string, recordId: string | null) =>
    ({ id: 'e', seq: 1, applicationId: 'a', type, recordId, data: {}, createdAt: at }) as DocketEvent;
  const subject = (product: string | null) => ({ kind: 'template', product, resourceId: null });

  it("schedules the result's deletion and the file's (and its batch's) at the end of their retention", async () => {
    const { tx, enqueued } = fakeTx({ child: { id: 'child', parentId: 'zip' } });
    await hook(tx, event('record.completed', 'child'), subject('templates'));
    expect(enqueued).toEqual([
      {
        type: 'record.expire_result',
        payload: { record_id: 'child' },
        runAt: new Date('2026-01-01T01:00:00Z'),
        idempotencyKey: 'expire-result:child',
      },
      {
        type: 'record.purge_file',
        payload: { record_id: 'child', reason: 'retention' },
        runAt: new Date('2026-01-01T02:00:00Z'),
        idempotencyKey: 'purge-retention:child',
      },
      {
        type: 'record.purge_file',
        payload: { record_id: 'zip', reason: 'retention' },
        runAt: new Date('2026-01-01T02:00:00Z'),
        idempotencyKey: 'purge-retention:zip',
      },
    ]);
  });

  it("leaves other products' records and other events alone", async () => {
    const { tx, enqueued } = fakeTx();
    await hook(tx, event('record.completed', 'r'), subject('lab_reports'));
    await hook(tx, event('endpoint.disabled', 'r'), subject('templates'));
    await hook(tx, event('record.failed', null), subject('templates'));
    expect(enqueued).toEqual([]);
  });
});
