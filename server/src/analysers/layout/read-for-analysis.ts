/**
 * {@link readDocument} as analysers need it: a file that cannot be read becomes the failure a
 * person can act on (a damaged or password-protected PDF, an image that does not decode) instead
 * of an error; limits (`AnalysisLimitError`) and bugs still throw.
 */
import type { AnalysisFailure } from '../../core/ports.ts';
import { pageBounds } from '../limits/preflight.ts';
import type { OcrEngine } from '../ocr/engine.ts';
import { PdfOpenError } from '../pdf/load.ts';
import type { AnalyserInput } from '../types.ts';
import { type DocumentLayout, type ReadDocumentOptions, readDocument } from './read-document.ts';

/** The document's layout, or why it could not be read. */
export type ReadOutcome = { ok: true; layout: DocumentLayout } | { ok: false; failure: AnalysisFailure };

/**
 * Reads `bytes`; `unreadableImage` is the sentence for an image that does not decode, in the
 * words of the analyser's own product ("upload a photo of the report").
 */
export async function readForAnalysis(
  bytes: Uint8Array,
  mimeType: string,
  ocr: () => OcrEngine,
  options: ReadDocumentOptions,
  unreadableImage: string,
): Promise<ReadOutcome> {
  try {
    return { ok: true, layout: await readDocument(bytes, mimeType, ocr, options) };
  } catch (error) {
    if (error instanceof PdfOpenError)
      return { ok: false, failure: { code: error.code, message: error.message } };
    if (mimeType !== 'application/pdf') {
      return { ok: false, failure: { code: 'image_unreadable', message: unreadableImage } };
    }
    throw error;
  }
}

/** How an analysis reads its file: its page bounds, and the PDFs it has opened already. */
export function readOptionsOf(input: AnalyserInput): ReadDocumentOptions {
  return { ...pageBounds(input.limits), ...(input.pdfs ? { pdfs: input.pdfs } : {}) };
}
