/**
 * Runs analysers in worker threads (piscina), so PDF parsing and OCR never block the event loop
 * that serves HTTP and renews task leases.
 *
 * The pool hands out its threads itself rather than letting piscina queue: an analysis waits
 * here until a thread has room, in turn across lanes (applications). Each thread has room for
 * the analysis it runs and the next one, which it starts as soon as the first ends, without
 * waiting for this event loop to send it (`thread-turns.ts`). An analysis's time budget starts
 * when it starts on its thread. Past the budget the analyser stops at its next page by itself;
 * a page that outlasts the grace after the budget makes the pool end the thread
 * (`analysis-watchdog.ts`). Either way the outcome is the failure `analysis_timeout`.
 */
import { Piscina } from 'piscina';
import { timeBudgetFailure } from '../analysers/limits/failures.ts';
import type { AnalyserSettings } from '../analysers/settings.ts';
import type { AnalyserPool, AnalysisInput, AnalysisOutcome, AnalysisRunOptions } from '../core/ports.ts';
import { AnalysisWatchdog } from './analysis-watchdog.ts';
import { FairGate } from './fair-gate.ts';
import './native-libraries.ts';
import { ThreadLoadTracker } from './thread-loading.ts';
import type { ThreadTask } from './thread-turns.ts';

export interface AnalyserPoolOptions {
  /** How long closing waits for a thread still loading its module before ending it anyway. */
  threadLoadWaitMs?: number;
  /** The threads' module; tests give one with analyses of their own making. */
  threadModule?: URL;
}

/** Analyses a thread holds at once: the one it runs and the one it starts next. */
const ANALYSES_PER_THREAD = 2;

/**
 * How often an analysis whose thread was ended under it, for another analysis's forced stop, is
 * sent again. More than once only if other analyses keep hanging on the thread it lands on.
 */
const MOST_RUNS_OF_ONE_ANALYSIS = 3;

/**
 * How long after its budget an analysis may still finish its page before its thread is ended by
 * force. Ending a thread mid-page can take native work (sharp, the canvas) down with it, so the
 * clean stop between pages gets a fair chance first.
 */
function forcedStopGraceMs(budgetMs: number): number {
  return Math.min(budgetMs, 10_000);
}

export function createAnalyserPool(
  threads: number,
  settings: AnalyserSettings,
  { threadLoadWaitMs = 30_000, threadModule }: AnalyserPoolOptions = {},
): AnalyserPool {
  // Running from source the entry is .ts (Node strips types); from `dist` it is .js.
  const extension = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  const pool = new Piscina({
    filename: (threadModule ?? new URL(`./analyser-thread${extension}`, import.meta.url)).href,
    minThreads: 1,
    maxThreads: threads,
    concurrentTasksPerWorker: ANALYSES_PER_THREAD,
    idleTimeout: 60_000,
    workerData: settings,
  });
  const loading = new ThreadLoadTracker(pool);
  const gate = new FairGate(threads * ANALYSES_PER_THREAD);
  const watchdog = new AnalysisWatchdog({
    pool,
    endThread: (threadId) => void pool.threads.find((thread) => thread.threadId === threadId)?.terminate(),
    graceMs: forcedStopGraceMs,
  });

  async function runBounded(input: AnalysisInput, budgetMs: number | undefined): Promise<AnalysisOutcome> {
    if (budgetMs === undefined) return (await pool.run({ input } satisfies ThreadTask)) as AnalysisOutcome;
    const watched = watchdog.watch(budgetMs);
    try {
      for (let runs = 1; ; runs++) {
        try {
          const task: ThreadTask = { input, budget: { run: watched.run, budgetMs } };
          return (await pool.run(task)) as AnalysisOutcome;
        } catch (error) {
          if (watched.timedOut) return { ok: false, error: timeBudgetFailure(budgetMs) };
          if (!watched.threadMayHaveBeenEnded || runs === MOST_RUNS_OF_ONE_ANALYSIS) throw error;
          watched.retried();
        }
      }
    } finally {
      watched.done();
    }
  }

  return {
    async run(input: AnalysisInput, options: AnalysisRunOptions = {}) {
      const release = await gate.enter(options.lane ?? '');
      try {
        return await runBounded(input, options.timeBudgetMs);
      } finally {
        release();
      }
    },
    close: async () => {
      gate.close();
      // A thread ended while it still loads its module takes the process down (thread-loading.ts).
      await loading.untilLoaded(pool.threads, threadLoadWaitMs);
      // close(), not destroy(): a thread is ended only once its task has returned. Ending a
      // thread while native code (sharp, the canvas, tesseract) still works for it can abort
      // the whole process; the worker runtime has already waited for or handed back its tasks.
      await pool.close();
    },
  };
}
