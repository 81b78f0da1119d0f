/**
 * The `lab_report` analyser: text PDFs, scanned PDFs and photos of laboratory reports -> seed 000's
 * result shape (sections, LOINC-coded results, UCUM units, ranges, dates).
 */
import type { OcrEngine } from '../ocr/engine.ts';
import { createTesseractEngine, type TesseractChoice } from '../ocr/tesseract.ts';
import type { Analyser, AnalyserInput, AnalysisOutcome } from '../types.ts';
import { analyseLabReport } from './analyse.ts';

/** Options for {@link createLabReportAnalyser}. */
export interface LabReportAnalyserOptions {
  /** Supplies the OCR engine on first need; defaults to one lazily created tesseract engine. */
  ocr?: () => OcrEngine;
  /** Which tesseract the default engine uses: tesseract.js (`wasm`, default), `native`, or `auto`. */
  tesseract?: TesseractChoice;
}

/**
 * Builds a lab-report analyser. The OCR engine is created only when a scan or photo arrives and is
 * then reused, so text PDFs never start tesseract.
 */
export function createLabReportAnalyser(
  options: LabReportAnalyserOptions = {},
): Analyser & { close(): Promise<void> } {
  let engine: OcrEngine | null = null;
  const ocr =
    options.ocr ??
    (() => {
      engine ??= createTesseractEngine(options.tesseract ? { engine: options.tesseract } : {});
      return engine;
    });
  return {
    kind: 'lab_report',
    analyse(input: AnalyserInput): Promise<AnalysisOutcome> {
      return analyseLabReport(input.bytes, input.mimeType, ocr, {
        ...(input.limits ? { maxOcrPages: input.limits.maxOcrPages } : {}),
        ...(input.pdfs ? { pdfs: input.pdfs } : {}),
      });
    },
    async close() {
      if (engine) await engine.terminate();
      engine = null;
    },
  };
}
