import { describe, expect, it } from 'vitest';
import type { DocketRecord } from '../core/domain.ts';
import type { AnalyserPool, BlobStore, LeasedTask } from '../core/ports.ts';
import type { ProcessingOutcome, RecordProcessor } from '../core/processing.ts';
import { analyseTaskHandler } from './analyse-task.ts';

function fakes(status: DocketRecord['status']) {
  const finished: ProcessingOutcome[] = [];
  const runs: unknown[] = [];
  const record = {
    id: 'r1',
    applicationId: 'app',
    kind: 'text',
    status,
    blobKey: 'k',
    mimeType: 'application/pdf',
  };
  const processor = {
    current: async () => record,
    begin: async () => ({ ...record, status: 'processing' }),
    finish: async (_task: LeasedTask, _id: string, outcome: ProcessingOutcome) => {
      finished.push(outcome);
      return null;
    },
  } as unknown as RecordProcessor;
  const analysers: AnalyserPool = {
    run: async (input, options) => {
      runs.push({ input, options });
      return { ok: true, result: {}, pages: 1 };
    },
    close: async () => {},
  };
  const blobs = { get: async () => Buffer.from('%PDF') } as unknown as BlobStore;
  const handler = analyseTaskHandler({
    processor,
    blobs,
    analysers,
    concurrency: 1,
    archives: {} as never,
    limitsFor: () => ({ maxPages: 5, maxOcrPages: 2, maxImagePixels: 100 }),
    timeBudgetMs: 1000,
    maxInterruptions: 3,
    fair: true,
  });
  return { handler, finished, runs };
}

const task = (attempts: number): LeasedTask => ({
  id: 't',
  type: 'record.analyse',
  payload: { record_id: 'r1' },
  attempts,
  leaseToken: attempts,
  leasedUntil: new Date(),
});

describe('the analyse task', () => {
  it('runs with the kind’s limits, its application as the lane, and the time budget', async () => {
    const { handler, runs } = fakes('queued');
    await handler.handle(task(1), new AbortController().signal);
    expect(runs).toEqual([
      expect.objectContaining({
        input: expect.objectContaining({ limits: { maxPages: 5, maxOcrPages: 2, maxImagePixels: 100 } }),
        options: { lane: 'app', timeBudgetMs: 1000 },
      }),
    ]);
  });

  it('fails a record whose analysis was interrupted too often instead of running it again', async () => {
    const retried = fakes('processing');
    await retried.handler.handle(task(3), new AbortController().signal); // 2 interruptions: runs
    expect(retried.runs).toHaveLength(1);

    const given = fakes('processing');
    await given.handler.handle(task(4), new AbortController().signal); // 3 interruptions: fails
    expect(given.runs).toHaveLength(0);
    expect(given.finished).toEqual([
      { ok: false, error: expect.objectContaining({ code: 'analysis_interrupted' }) },
    ]);
    // A retry of a task that never reached its analysis (still queued) is no interruption.
    const queued = fakes('queued');
    await queued.handler.handle(task(4), new AbortController().signal);
    expect(queued.runs).toHaveLength(1);
  });
});
