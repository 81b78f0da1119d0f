/**
 * Runs analysers in worker threads (piscina), so PDF parsing and OCR never block the event loop
 * that serves HTTP and renews task leases.
 */
import { Piscina } from 'piscina';
import type { AnalyserSettings } from '../analysers/settings.ts';
import type { AnalyserPool, AnalysisOutcome } from '../core/ports.ts';

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
  return {
    run: (input) => pool.run(input) as Promise<AnalysisOutcome>,
    close: () => pool.destroy(),
  };
}
