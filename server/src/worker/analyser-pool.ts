/**
 * Runs analysers in worker threads (piscina), so PDF parsing and OCR never block the event loop
 * that serves HTTP and renews task leases.
 *
 * The pool hands out its threads itself rather than letting piscina queue: an analysis waits
 * here until a thread is free, in turn across lanes (applications), and its time budget starts
 * only when it has a thread. Past the budget the analyser stops at its next page by itself; a
 * page that outlasts the grace after the budget makes piscina end the thread (an abort stops a
 * running task's worker). Either way the outcome is the failure `analysis_timeout`.
 */
import { Piscina } from 'piscina';
import { timeBudgetFailure } from '../analysers/limits/failures.ts';
import type { AnalyserSettings } from '../analysers/settings.ts';
import type { AnalyserPool, AnalysisInput, AnalysisOutcome, AnalysisRunOptions } from '../core/ports.ts';
import { FairGate } from './fair-gate.ts';
import './native-libraries.ts';
import { ThreadLoadTracker } from './thread-loading.ts';

export interface AnalyserPoolOptions {
  /** How long closing waits for a thread still loading its module before ending it anyway. */
  threadLoadWaitMs?: number;
}

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
  { threadLoadWaitMs = 30_000 }: AnalyserPoolOptions = {},
): AnalyserPool {
  // Running from source the entry is .ts (Node strips types); from `dist` it is .js.
  const extension = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  const pool = new Piscina({
    filename: new URL(`./analyser-thread${extension}`, import.meta.url).href,
    minThreads: 1,
    maxThreads: threads,
    idleTimeout: 60_000,
    workerData: settings,
  });
  const loading = new ThreadLoadTracker(pool);
  const gate = new FairGate(threads);

  async function runBounded(input: AnalysisInput, budgetMs: number | undefined): Promise<AnalysisOutcome> {
    if (budgetMs === undefined) return (await pool.run(input)) as AnalysisOutcome;
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), budgetMs + forcedStopGraceMs(budgetMs));
    const timeBudget = { endsAt: Date.now() + budgetMs, budgetMs };
    const bounded = input.limits ? { ...input, limits: { ...input.limits, timeBudget } } : input;
    try {
      return (await pool.run(bounded, { signal: abort.signal })) as AnalysisOutcome;
    } catch (error) {
      if (abort.signal.aborted) return { ok: false, error: timeBudgetFailure(budgetMs) };
      throw error;
    } finally {
      clearTimeout(timer);
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
