/**
 * The `document` analyser: medical documents (PDF text layers, scanned PDFs, photos) -> their type
 * (referral letter, lab report, prescription, discharge summary, imaging report, consultation note,
 * other) with a confidence, the patient's identity and the document's date. The result shape is
 * `DocumentAnalysisSchema` in schema.ts; the method is described in docs/documents.md.
 */

import { readOptionsOf } from '../layout/read-for-analysis.ts';
import { type LazyOcrOptions, lazyOcr } from '../ocr/lazy-engine.ts';
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

/** Options for {@link createDocumentAnalyser}: where its OCR engine comes from. */
export type DocumentAnalyserSettings = LazyOcrOptions;

/**
 * Builds the document analyser. The OCR engine is created only when a scan or photo arrives and is
 * then reused, so text PDFs never start tesseract.
 */
export function createDocumentAnalyser(
  settings: DocumentAnalyserSettings = {},
): Analyser & { close(): Promise<void> } {
  const { ocr, close } = lazyOcr(settings);
  return {
    kind: 'document',
    analyse(input: AnalyserInput): Promise<AnalysisOutcome> {
      return analyseDocument(input.bytes, input.mimeType, ocr, readOptionsOf(input));
    },
    close,
  };
}
