import { createRequire } from 'node:module';
import path from 'node:path';
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';

const require = createRequire(import.meta.url);
const pdfjsDir = path.dirname(require.resolve('pdfjs-dist/package.json'));

/** Why a PDF could not be opened; `code` is the analysis failure code. */
export class PdfOpenError extends Error {
  readonly code: 'pdf_encrypted' | 'pdf_corrupt';
  constructor(code: 'pdf_encrypted' | 'pdf_corrupt', message: string) {
    super(message);
    this.name = 'PdfOpenError';
    this.code = code;
  }
}

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjsPromise: Promise<PdfJs> | null = null;

/** Loads the pdfjs legacy build once per thread (a module import, not a resource). */
export function loadPdfJs(): Promise<PdfJs> {
  pdfjsPromise ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjsPromise;
}

/**
 * Opens a PDF from bytes with no worker, no eval and no network: fonts, cmaps and colour profiles
 * come from the pdfjs-dist package directory. The bytes are copied because pdfjs detaches its input.
 * Throws {@link PdfOpenError} for password-protected or unreadable files.
 */
export async function openPdf(bytes: Uint8Array): Promise<PDFDocumentProxy> {
  const pdfjs = await loadPdfJs();
  // In Node, pdfjs reads these with fs.readFile, which takes a path: a file:// URL string is not
  // found, and pdfjs then silently draws standard fonts with a system font and cannot decode
  // JPEG 2000 or JBIG2 images (its decoders are the wasm files).
  const dirUrl = (sub: string) => `${path.join(pdfjsDir, sub)}${path.sep}`;
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
    standardFontDataUrl: dirUrl('standard_fonts'),
    cMapUrl: dirUrl('cmaps'),
    cMapPacked: true,
    iccUrl: dirUrl('iccs'),
    wasmUrl: dirUrl('wasm'),
    // A password prompt would otherwise hang; reject at once instead.
    password: '',
  } as Parameters<PdfJs['getDocument']>[0]);
  try {
    return await task.promise;
  } catch (error) {
    await task.destroy().catch(() => {});
    const name = (error as { name?: string }).name;
    if (name === 'PasswordException') {
      throw new PdfOpenError(
        'pdf_encrypted',
        'The PDF is password-protected; remove the password (print or save it unprotected) and upload it again.',
      );
    }
    throw new PdfOpenError(
      'pdf_corrupt',
      'The PDF could not be read (it is damaged or not a PDF); export or scan it again and re-upload.',
    );
  }
}
