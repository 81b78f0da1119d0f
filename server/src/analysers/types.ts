/**
 * The analyser contract. Analysers are pure: (file bytes, mime type, options) -> result or error.
 * They never touch the database, the blob store or the network; they run inside worker threads
 * (see `worker/analyser-pool.ts`), so everything crossing this boundary must be structured-cloneable.
 * The input and outcome types are the core's analysis port (`core/ports.ts`).
 */
import type { AnalysisInput, AnalysisOutcome } from '../core/ports.ts';
import type { OpenedPdfs } from './pdf/load.ts';

export type { AnalysisFailure, AnalysisInput, AnalysisOutcome } from '../core/ports.ts';

/** An analysis's input inside its thread: what crossed the boundary, plus thread-local helpers. */
export interface AnalyserInput extends AnalysisInput {
  /** The PDFs this analysis opened so far, so its steps (preflight, reading) parse a file once. */
  pdfs?: OpenedPdfs;
}

/**
 * One analyser: a kind and the pure function that handles it. The file types each kind accepts
 * are in the product catalogue, read by intake to answer 415 before anything is stored.
 */
export interface Analyser {
  kind: string;
  analyse(input: AnalyserInput): Promise<AnalysisOutcome>;
}
