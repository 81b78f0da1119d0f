/** The `record.analyse` task: run the record's analyser in a worker thread and record the outcome. */

import type { DocketRecord } from '../core/domain.ts';
import { DocketError } from '../core/errors.ts';
import type { AnalyserPool, AnalysisLimits, BlobStore, TaskHandler } from '../core/ports.ts';
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
  /** The page, OCR and image bounds of a kind's analyses. */
  limitsFor: (kind: string) => AnalysisLimits;
  /** Longest one analysis may hold an analyser thread (`analysis_timeout` past it). */
  timeBudgetMs: number;
  /**
   * Claims of one analysis that found its record still `processing` (the worker died during the
   * analysis) before the record fails with `analysis_interrupted` rather than run again: a file
   * that kills its worker must not be retried forever.
   */
  maxInterruptions: number;
  /** Claim analyses in turn across applications rather than oldest first. */
  fair: boolean;
  /** What the record's product adds to the analyser's options (ProductDescriptor.analysisContext). */
  analysisContext?: (record: DocketRecord) => Promise<Record<string, unknown>>;
}

/** How many claims before this one ran the analysis and never finished. */
function interruptions(attempts: number, status: string): number {
  return status === 'processing' ? attempts - 1 : 0;
}

export function analyseTaskHandler(deps: AnalyseTaskDeps): TaskHandler {
  return {
    type: TASKS.analyse,
    concurrency: deps.concurrency,
    maxAttempts: 5,
    fair: deps.fair,
    async handle(task) {
      const recordId = payloadOf(task, TASKS.analyse).record_id;
      if (task.attempts > 1) {
        const earlier = await deps.processor.current(recordId);
        if (earlier && interruptions(task.attempts, earlier.status) >= deps.maxInterruptions) {
          await deps.processor.finish(task, recordId, {
            ok: false,
            error: {
              code: 'analysis_interrupted',
              message: `the analysis was interrupted ${task.attempts - 1} times (the worker stopped while reading this file) and is not tried again: upload the file again, split it, or send a lighter version`,
            },
          });
          return 'completed';
        }
      }
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
      const outcome = await deps.analysers.run(
        {
          kind: record.kind,
          bytes,
          mimeType: record.mimeType,
          filename: record.filename,
          options: { ...record.options, ...context },
          limits: deps.limitsFor(record.kind),
        },
        // In turn across applications while threads are busy, and never longer than the budget.
        { lane: record.applicationId, timeBudgetMs: deps.timeBudgetMs },
      );
      await deps.processor.finish(task, recordId, outcome);
      return 'completed'; // finish() completed the task in the same transaction as the outcome
    },
  };
}
