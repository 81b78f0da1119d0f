/**
 * The `record.purge_file` task: deletes a finished record's uploaded file from the blob store and
 * notes on the record that it is gone, why and when. Enqueued by the retention sweep and by
 * products that delete uploads once delivered (seed 002).
 *
 * Safe under kill -9 and idempotent: the blob is deleted first (deleting a missing blob
 * succeeds), then the record is marked. A crash between the two leaves a record that still names
 * its file; the task's lease expires, it runs again, deletes nothing more and marks the record.
 * The other order could leave a file no record points at, which nothing would ever delete.
 */
import type { BlobStore, Clock, Store, TaskHandler } from '../core/ports.ts';
import { payloadOf, TASKS } from '../core/tasks.ts';

export interface PurgeFileDeps {
  store: Store;
  blobs: BlobStore;
  clock: Clock;
  concurrency: number;
}

export function purgeFileTaskHandler(deps: PurgeFileDeps): TaskHandler {
  return {
    type: TASKS.purgeFile,
    concurrency: deps.concurrency,
    maxAttempts: 10,
    async handle(task) {
      const { record_id: recordId, reason } = payloadOf(task, TASKS.purgeFile);
      const record = await deps.store.records.getById(recordId);
      if (!record || record.fileDeletedAt !== null) return undefined; // gone, or done already
      if (record.status === 'queued' || record.status === 'processing') {
        // Its analysis still needs the file: try again later (the runtime's backoff).
        throw new Error(`record ${recordId} is still ${record.status}; its file is deleted once it finishes`);
      }
      if (record.blobKey) await deps.blobs.delete(record.blobKey);
      await deps.store.records.markFileDeleted(recordId, reason, deps.clock.now());
      return undefined;
    },
  };
}
