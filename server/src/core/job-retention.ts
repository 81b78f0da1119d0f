/**
 * Seed 002's retention, scheduled in the transaction that finishes a job: its result is deleted
 * when its retention ends (DOCKET_JOB_RESULT_TTL), and its uploaded file — which its webhook's
 * delivery deletes as soon as it arrives — at the latest when the file's retention ends
 * (DOCKET_JOB_FILE_TTL), with the file of the ZIP batch it came from. Task idempotency keys make
 * a retried transaction, or a batch's many files, schedule each deletion once.
 */
import { EVENT_TYPES } from './domain.ts';
import type { DeliveryHooks, OutboxHook } from './ports.ts';
import { TASKS, taskSpec } from './tasks.ts';

export interface JobRetention {
  /** The product whose records it applies to (`templates`). */
  product: string;
  resultTtlMs: number;
  fileTtlMs: number;
}

const TERMINAL_EVENTS: readonly string[] = [EVENT_TYPES.recordCompleted, EVENT_TYPES.recordFailed];

export function jobRetentionHook(retention: JobRetention): OutboxHook {
  return async (tx, event, subject) => {
    if (subject.product !== retention.product || !event.recordId || !TERMINAL_EVENTS.includes(event.type)) {
      return;
    }
    const at = event.createdAt.getTime();
    const recordId = event.recordId;
    await tx.tasks.enqueue(
      taskSpec(
        TASKS.expireResult,
        { record_id: recordId },
        { runAt: new Date(at + retention.resultTtlMs), idempotencyKey: `expire-result:${recordId}` },
      ),
    );
    const purge = (id: string) =>
      tx.tasks.enqueue(
        taskSpec(
          TASKS.purgeFile,
          { record_id: id, reason: 'retention' },
          { runAt: new Date(at + retention.fileTtlMs), idempotencyKey: `purge-retention:${id}` },
        ),
      );
    await purge(recordId);
    const record = await tx.records.getById(recordId);
    if (record?.parentId) await purge(record.parentId);
  };
}

/**
 * Seed 002: "the file is automatically deleted from storage after successful delivery". Runs in
 * the transaction that settles the delivery, so the purge is enqueued exactly when it succeeded.
 */
export function purgeFileOnDelivery(): DeliveryHooks {
  return {
    async settled(tx, delivery, status) {
      if (status !== 'succeeded' || !delivery.recordId) return;
      await tx.tasks.enqueue(
        taskSpec(
          TASKS.purgeFile,
          { record_id: delivery.recordId, reason: 'delivered' },
          { idempotencyKey: `purge-delivered:${delivery.recordId}` },
        ),
      );
    },
  };
}
