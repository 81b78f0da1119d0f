/**
 * Runs analysers in worker threads (piscina), so PDF parsing and OCR never block the event loop
 * that serves HTTP and renews task leases.
 *
 * The pool hands out its threads itself rather than letting piscina queue: an analysis waits
 * here until a thread is free, in turn across lanes (applications), and its time budget starts
 * only when it has a thread. Past the budget piscina ends the thread (an abort stops a running
 * task's worker) and the outcome is the failure `analysis_timeout`.
 */
import { Piscina } from 'piscina';
import type { AnalyserSettings } from '../analysers/settings.ts';
import type { AnalyserPool, AnalysisInput, AnalysisOutcome, AnalysisRunOptions } from '../core/ports.ts';
import { FairGate } from './fair-gate.ts';

function timedOut(budgetMs: number): AnalysisOutcome {
  const seconds = Math.round(budgetMs / 100) / 10;
  return {
    ok: false,
    error: {
      code: 'analysis_timeout',
      message: `the analysis took longer than its budget of ${seconds} s (DOCKET_ANALYSIS_TIMEOUT_MS) and was stopped: the document is too heavy to analyse (many pages or scans); split it or send a PDF with a text layer`,
    },
  };
}

export function createAnalyserPool(threads: number, settings: AnalyserSettings): AnalyserPool {
  // Running from source the entry is .ts (Node strips types); from `dist` it is .js.
  const extension = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  const pool = new Piscina({
    filename: new URL(`./analyser-thread${extension}`, import.meta.url).href,
    minThreads: 1,
    maxThreads: threads,
    idleTimeout: 60_000,
    workerData: settings,
  });
  const gate = new FairGate(threads);

  async function runBounded(input: AnalysisInput, budgetMs: number | undefined): Promise<AnalysisOutcome> {
    if (budgetMs === undefined) return (await pool.run(input)) as AnalysisOutcome;
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), budgetMs);
    try {
      return (await pool.run(input, { signal: abort.signal })) as AnalysisOutcome;
    } catch (error) {
      if (abort.signal.aborted) return timedOut(budgetMs);
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
      // close(), not destroy(): a thread is ended only once its task has returned. Ending a
      // thread while native code (sharp, the canvas, tesseract) still works for it can abort
      // the whole process; the worker runtime has already waited for or handed back its tasks.
      await pool.close();
    },
  };
}
