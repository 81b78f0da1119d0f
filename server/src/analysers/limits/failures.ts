/**
 * The failures an analysis ends with when it reaches one of its bounds. Kept apart from the
 * preflight so the service's event loop (which turns a stopped analysis into its failure) does not
 * load the preflight's PDF and image libraries, which only the analyser threads run.
 */
import type { AnalysisFailure } from '../../core/ports.ts';

/** Thrown by an analyser that reaches a bound part way (the OCR-page cap); becomes the failure it carries. */
export class AnalysisLimitError extends Error {
  override name = 'AnalysisLimitError';
  readonly failure: AnalysisFailure;

  constructor(failure: AnalysisFailure) {
    super(failure.message);
    this.failure = failure;
  }
}

/** The failure for a document with more pages than OCR may read. */
export function ocrPageLimitFailure(maxOcrPages: number): AnalysisFailure {
  return {
    code: 'ocr_page_limit_exceeded',
    message: `the document has more than ${maxOcrPages} pages without a text layer; at most ${maxOcrPages} pages of one document are read by OCR (DOCKET_MAX_OCR_PAGES): upload a PDF with a text layer, or split the scan into smaller files`,
  };
}

/** The failure for an analysis that outlasted its time budget. */
export function timeBudgetFailure(budgetMs: number): AnalysisFailure {
  const seconds = Math.round(budgetMs / 100) / 10;
  return {
    code: 'analysis_timeout',
    message: `the analysis took longer than its budget of ${seconds} s (DOCKET_ANALYSIS_TIMEOUT_MS) and was stopped: the document is too heavy to analyse (many pages or scans); split it or send a PDF with a text layer`,
  };
}
