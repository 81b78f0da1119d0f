/**
 * Opening PDFs with pdfjs-dist, with failures turned into reasons a person can act on.
 * Shared by every analyser that reads PDFs.
 */
import { getDocument, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { AnalysisFailure } from './types.ts';

/** An open document; `close()` frees pdfjs's resources for it. */
export type OpenedPdf =
  | { ok: true; doc: PDFDocumentProxy; close: () => Promise<void> }
  | { ok: false; error: AnalysisFailure };

export async function openPdf(bytes: Uint8Array): Promise<OpenedPdf> {
  try {
    // pdfjs takes ownership of the buffer it is given; hand it a copy.
    const task = getDocument({ data: new Uint8Array(bytes), verbosity: 0 });
    const doc = await task.promise;
    return { ok: true, doc, close: () => task.destroy() };
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === 'PasswordException') {
      return {
        ok: false,
        error: {
          code: 'pdf_encrypted',
          message:
            'the PDF is password-protected: remove the password (print or export it unprotected) and upload it again',
        },
      };
    }
    return {
      ok: false,
      error: {
        code: 'pdf_corrupt',
        message: `the PDF could not be read (${(error as Error).message ?? 'invalid structure'}): export or scan it again and upload the new file`,
      },
    };
  }
}
