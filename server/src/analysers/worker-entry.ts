/**
 * The piscina worker: one analysis per call, off the HTTP event loop. The module is this thread's
 * composition root: it builds the thread's analysers from the settings in `workerData`.
 */
import { workerData } from 'node:worker_threads';
import { type AnalyserSettings, analyserRegistry } from './registry.ts';
import type { AnalysisInput, AnalysisOutcome } from './types.ts';

const runAnalysis = analyserRegistry(workerData as AnalyserSettings);

export default async function analyse(input: AnalysisInput): Promise<AnalysisOutcome> {
  try {
    return await runAnalysis(input);
  } catch (error) {
    // An analyser bug must not take the record with it: it fails with a reason and the stack is logged.
    return {
      ok: false,
      error: {
        code: 'analyser_error',
        message: `the analyser failed unexpectedly: ${(error as Error).message}`,
      },
    };
  }
}
