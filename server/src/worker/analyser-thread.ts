/**
 * The piscina worker: one analysis per call, in turn (`thread-turns.ts`), off the HTTP event
 * loop. The module is this thread's composition root: it creates each kind's analyser (from the
 * product catalogue) on first use and keeps it for the thread's life, so a thread only pays for
 * the analysers it runs (OCR is large).
 */
import { parentPort, threadId, workerData } from 'node:worker_threads';
import { AnalysisLimitError } from '../analysers/limits/failures.ts';
import { preflight } from '../analysers/limits/preflight.ts';
import { OpenedPdfs } from '../analysers/pdf/load.ts';
import type { AnalyserSettings } from '../analysers/settings.ts';
import type { Analyser, AnalyserInput, AnalysisInput, AnalysisOutcome } from '../analysers/types.ts';
import { ProductCatalog } from '../profiles/catalog.ts';
import { threadLoadedMessage } from './thread-loading.ts';
import { inTurn } from './thread-turns.ts';

const settings = workerData as AnalyserSettings;
const catalog = new ProductCatalog();
const loaded = new Map<string, Promise<Analyser>>();

/** Kinds whose analyser is not in this build fail with this reason, never with an invented result. */
function unavailable(kind: string): AnalysisOutcome {
  return {
    ok: false,
    error: {
      code: 'analyser_unavailable',
      message: `this Docket build has no ${kind} analyser yet; the upload is kept, but it cannot be analysed by this version`,
    },
  };
}

async function runAnalysis(input: AnalyserInput): Promise<AnalysisOutcome> {
  if (input.limits) {
    const refused = await preflight(input, input.limits);
    if (refused) return { ok: false, error: refused };
  }
  let analyser = loaded.get(input.kind);
  if (!analyser) {
    const created = catalog.loadAnalyser(input.kind, settings);
    if (!created) return unavailable(input.kind);
    analyser = created;
    loaded.set(input.kind, analyser);
  }
  return (await analyser).analyse(input);
}

async function analyse(input: AnalysisInput): Promise<AnalysisOutcome> {
  // The preflight's page count and the analyser's reading share one parse of a PDF.
  const pdfs = new OpenedPdfs();
  try {
    return await runAnalysis({ ...input, pdfs });
  } catch (error) {
    if (error instanceof AnalysisLimitError) return { ok: false, error: error.failure };
    // An analyser bug must not take the record with it: it fails with a reason and the stack is logged.
    return {
      ok: false,
      error: {
        code: 'analyser_error',
        message: `the analyser failed unexpectedly: ${(error as Error).message}`,
      },
    };
  } finally {
    await pdfs.close().catch(() => {}); // the outcome stands whatever the clean-up says
  }
}

export default inTurn(analyse, { threadId, post: (message) => parentPort?.postMessage(message) });

// The last statement: the pool does not end this thread before it has been evaluated this far.
parentPort?.postMessage(threadLoadedMessage(threadId));
