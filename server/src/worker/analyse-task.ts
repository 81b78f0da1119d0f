/** The `record.analyse` task: run the record's analyser in a worker thread and record the outcome. */

import type { DocketRecord } from '../core/domain.ts';
import { DocketError } from '../core/errors.ts';
import type { AnalyserPool, BlobStore, TaskHandler } from '../core/ports.ts';
import type { RecordProcessor } from '../core/processing.ts';
import { payloadOf, TASKS } from '../core/tasks.ts';
import { type ExpandArchiveDeps, expandArchive, ZIP_MIME } from './expand-archive.ts';

export interface AnalyseTaskDeps {
  processor: RecordProcessor;
  blobs: BlobStore;
  analysers: AnalyserPool;
  concurrency: number;
  /** How batch uploads (ZIPs) are expanded into child records. */
  archives: Omit<ExpandArchiveDeps, 'processor' | 'blobs'>;
  /** What the record's product adds to the analyser's options (ProductDescriptor.analysisContext). */
  analysisContext?: (record: DocketRecord) => Promise<Record<string, unknown>>;
}

export function analyseTaskHandler(deps: AnalyseTaskDeps): TaskHandler {
  return {
    type: TASKS.analyse,
    concurrency: deps.concurrency,
    maxAttempts: 5,
    async handle(task) {
      const recordId = payloadOf(task, TASKS.analyse).record_id;
      const record = await deps.processor.begin(recordId, 'analysing');
      if (!record) return undefined; // already terminal (a retry after the outcome committed) or gone
      let bytes: Buffer;
      try {
        if (!record.blobKey) throw new DocketError('not_found', 'blob_not_found', 'no stored file');
        bytes = await deps.blobs.get(record.blobKey);
      } catch (error) {
        if (!(error instanceof DocketError && error.kind === 'not_found')) throw error;
        await deps.processor.finish(task, recordId, {
          ok: false,
          error: {
            code: 'upload_missing',
            message: 'the uploaded file is no longer stored; upload it again',
          },
        });
        return 'completed';
      }
      if (record.mimeType === ZIP_MIME) {
        await deps.processor.stage(recordId, 'unzipping');
        await expandArchive(
          { ...deps.archives, processor: deps.processor, blobs: deps.blobs },
          task,
          record,
          bytes,
        );
        return 'completed'; // expandArchive completed the task with the batch (or its failure)
      }
      const context = deps.analysisContext ? await deps.analysisContext(record) : {};
      const outcome = await deps.analysers.run({
        kind: record.kind,
        bytes,
        mimeType: record.mimeType,
        filename: record.filename,
        options: { ...record.options, ...context },
      });
      await deps.processor.finish(task, recordId, outcome);
      return 'completed'; // finish() completed the task in the same transaction as the outcome
    },
  };
}
