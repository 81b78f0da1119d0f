/**
 * The `lab_report` analyser: text PDFs, scanned PDFs and photos of laboratory reports -> seed 000's
 * result shape (sections, LOINC-coded results, UCUM units, ranges, dates).
 */

import { readOptionsOf } from '../layout/read-for-analysis.ts';
import { type LazyOcrOptions, lazyOcr } from '../ocr/lazy-engine.ts';
import type { Analyser, AnalyserInput, AnalysisOutcome } from '../types.ts';
import { analyseLabReport } from './analyse.ts';

/** Options for {@link createLabReportAnalyser}: where its OCR engine comes from, and how it reads. */
export interface LabReportAnalyserOptions extends LazyOcrOptions {
  /**
   * Read doubtful number cells of scans and photos a second time (`reread-cells.ts`). Default
   * true; off only to measure what the second reading costs and brings.
   */
  secondReading?: boolean;
}

/**
 * Builds a lab-report analyser. The OCR engine is created only when a scan or photo arrives and is
 * then reused, so text PDFs never start tesseract.
 */
export function createLabReportAnalyser(
  options: LabReportAnalyserOptions = {},
): Analyser & { close(): Promise<void> } {
  const { ocr, close } = lazyOcr(options);
  return {
    kind: 'lab_report',
    analyse(input: AnalyserInput): Promise<AnalysisOutcome> {
      return analyseLabReport(input.bytes, input.mimeType, ocr, readOptionsOf(input), {
        secondReading: options.secondReading ?? true,
      });
    },
    close,
  };
}
