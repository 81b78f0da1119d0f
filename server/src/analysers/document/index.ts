/**
 * The `document` analyser: medical documents (PDF text layers, scanned PDFs, photos) -> their type
 * (referral letter, lab report, prescription, discharge summary, imaging report, consultation note,
 * other) with a confidence, the patient's identity and the document's date. The result shape is
 * `DocumentAnalysisSchema` in schema.ts; the method is described in docs/documents.md.
 */
import type { OcrEngine } from '../ocr/engine.ts';
import { createTesseractEngine, type TesseractChoice } from '../ocr/tesseract.ts';
import type { Analyser, AnalyserInput, AnalysisOutcome } from '../types.ts';
import { analyseDocument } from './analyse.ts';

export { analyseText } from './analyse.ts';
export { classify, MIN_CONFIDENCE, OTHER_BASELINE } from './classify.ts';
export {
  DOCUMENT_LANGUAGES,
  DOCUMENT_TYPES,
  type DocumentAnalysis,
  DocumentAnalysisSchema,
  type DocumentLanguage,
  type DocumentType,
} from './schema.ts';
export { plainDocumentText } from './text.ts';

/** Options for {@link createDocumentAnalyser}. */
export interface DocumentAnalyserSettings {
  /** Supplies the OCR engine on first need; defaults to one lazily created tesseract engine. */
  ocr?: () => OcrEngine;
  /** Which tesseract the default engine uses: tesseract.js (`wasm`, default), `native`, or `auto`. */
  tesseract?: TesseractChoice;
}

/**
 * Builds the document analyser. The OCR engine is created only when a scan or photo arrives and is
 * then reused, so text PDFs never start tesseract.
 */
export function createDocumentAnalyser(
  settings: DocumentAnalyserSettings = {},
): Analyser & { close(): Promise<void> } {
  let engine: OcrEngine | null = null;
  const ocr =
    settings.ocr ??
    (() => {
      engine ??= createTesseractEngine(settings.tesseract ? { engine: settings.tesseract } : {});
      return engine;
    });
  return {
    kind: 'document',
    analyse(input: AnalyserInput): Promise<AnalysisOutcome> {
      return analyseDocument(input.bytes, input.mimeType, ocr, {
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
