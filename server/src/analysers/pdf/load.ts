import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { PDFDocumentProxy, PDFWorker } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { sameThreadWorker } from './same-thread-worker.ts';

const require = createRequire(import.meta.url);
const pdfjsDir = path.dirname(require.resolve('pdfjs-dist/package.json'));
const dirUrl = (sub: string) => `${pathToFileURL(path.join(pdfjsDir, sub)).href}/`;
/**
 * The package's data directories as pdfjs wants them (URLs ending in `/`): fixed for the life of
 * the thread, so built once rather than for every document (that was ~1 % of a one-page analysis).
 */
const PACKAGE_URLS = {
  standardFontDataUrl: dirUrl('standard_fonts'),
  cMapUrl: dirUrl('cmaps'),
  iccUrl: dirUrl('iccs'),
  wasmUrl: dirUrl('wasm'),
};

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

type BinaryKind = 'cMapUrl' | 'standardFontDataUrl' | 'wasmUrl';

/**
 * The package's font, cmap and wasm files, read once per thread. pdfjs's own Node factory reads
 * them from disk for every document (the standard fonts of a one-page PDF: a quarter of a
 * millisecond of file reads each time); they are read-only files of the installed package.
 */
const packageFiles = new Map<string, Promise<Uint8Array>>();

/** pdfjs's `BinaryDataFactory`: the same files as its Node factory, from {@link packageFiles}. */
export class CachedBinaryDataFactory {
  readonly #base: Record<BinaryKind, string | null>;

  constructor(options: Partial<Record<BinaryKind, string | null>>) {
    this.#base = {
      cMapUrl: options.cMapUrl ?? null,
      standardFontDataUrl: options.standardFontDataUrl ?? null,
      wasmUrl: options.wasmUrl ?? null,
    };
  }

  async fetch({ kind, filename }: { kind: BinaryKind; filename: string }): Promise<Uint8Array> {
    const base = this.#base[kind];
    if (!base) throw new Error(`no ${kind} given to pdfjs`);
    const url = `${base}${filename}`;
    let file = packageFiles.get(url);
    if (!file) {
      file = fs.readFile(fileURLToPath(url)).then((b) => new Uint8Array(b.buffer, b.byteOffset, b.length));
      file.catch(() => packageFiles.delete(url)); // a failed read is tried again next time
      packageFiles.set(url, file);
    }
    // A copy: pdfjs owns what it is given and could transfer (detach) it.
    return (await file).slice();
  }
}

/**
 * The PDFs opened during one analysis, by their bytes: the preflight's page count and the reading
 * that follows share one parse instead of two (opening and destroying a pdfjs document is a good
 * part of a one-page PDF's cost). They are opened for text ({@link openPdf}'s `forText`); a page
 * to render for OCR is taken from a document opened for drawing. The analysis that creates it
 * closes it.
 */
export class OpenedPdfs {
  readonly #docs = new Map<Uint8Array, Promise<PDFDocumentProxy>>();

  /** The document of these bytes, opened on first use; rejects with {@link PdfOpenError} as {@link openPdf}. */
  open(bytes: Uint8Array): Promise<PDFDocumentProxy> {
    let doc = this.#docs.get(bytes);
    if (!doc) {
      doc = openPdf(bytes, { forText: true });
      doc.catch(() => {}); // an unreadable file is reported by whoever awaits it
      this.#docs.set(bytes, doc);
    }
    return doc;
  }

  async close(): Promise<void> {
    const docs = [...this.#docs.values()];
    this.#docs.clear();
    for (const doc of docs) {
      const opened = await doc.catch(() => null);
      if (opened) await closePdf(opened);
    }
  }
}

/**
 * Runs `work` on the PDF's text and structure: the shared document of `pdfs` when given, else one
 * opened for text (and destroyed) for it.
 */
export async function withPdf<T>(
  bytes: Uint8Array,
  pdfs: OpenedPdfs | undefined,
  work: (doc: PDFDocumentProxy) => Promise<T>,
): Promise<T> {
  if (pdfs) return work(await pdfs.open(bytes));
  const doc = await openPdf(bytes, { forText: true });
  try {
    return await work(doc);
  } finally {
    await closePdf(doc);
  }
}

/** Destroys a document from {@link openPdf}. */
export async function closePdf(doc: PDFDocumentProxy): Promise<void> {
  await doc.loadingTask.destroy();
}

let textWorker: Promise<PDFWorker> | undefined;

/**
 * The pdfjs worker every document read for text in this thread goes through, as a browser shares
 * one worker between documents: each document is its own handler behind it, and destroying the
 * document's loading task ends that handler (pdfjs never destroys a worker it was given). A worker
 * per document cost its set-up, its handshake and its teardown on every PDF (about 2 % of a
 * one-page analysis in a hot loop).
 */
function sharedTextWorker(pdfjs: PdfJs): Promise<PDFWorker> {
  if (!textWorker) {
    textWorker = sameThreadWorker(pdfjs);
    textWorker.catch(() => (textWorker = undefined)); // a failed set-up is tried again next time
  }
  return textWorker;
}

/** How a PDF is opened. */
export interface OpenPdfOptions {
  /**
   * Only for its structure and text layer, never to draw: pdfjs is given no standard font files.
   * It needs them to draw the glyphs of fonts a PDF does not embed, not to read text: its own
   * metrics of the 14 standard fonts and the PDF's widths place the text the same (identical text
   * items, positions and widths with and without them on every PDF tried), and translating the
   * font file was a fifth of a one-page PDF's analysis. pdfjs is told to use "system fonts", so
   * it does not even ask for the files: in Node, with no font faces, that changes nothing but the
   * CSS fallback it notes for drawing (identical text items on the 47 PDFs of the shared corpus
   * and 150 generated reports of varied fonts and layouts). Its messages cross a port that does
   * not copy them (`same-thread-worker.ts`).
   */
  forText?: boolean;
}

/**
 * Opens a PDF from bytes with no worker, no eval and no network: fonts, cmaps and colour profiles
 * come from the pdfjs-dist package directory. The bytes are copied because pdfjs detaches its input.
 * Throws {@link PdfOpenError} for password-protected or unreadable files.
 */
export async function openPdf(bytes: Uint8Array, options: OpenPdfOptions = {}): Promise<PDFDocumentProxy> {
  const pdfjs = await loadPdfJs();
  const worker = options.forText ? await sharedTextWorker(pdfjs) : undefined;
  const task = pdfjs.getDocument({
    ...(worker ? { worker } : {}),
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    // For text, pdfjs then does not ask for the standard fonts it is not given (each request was
    // a message to the factory and an error back, per font and document); see `forText`.
    useSystemFonts: options.forText === true,
    verbosity: 0,
    ...(options.forText ? {} : { standardFontDataUrl: PACKAGE_URLS.standardFontDataUrl }),
    cMapUrl: PACKAGE_URLS.cMapUrl,
    cMapPacked: true,
    iccUrl: PACKAGE_URLS.iccUrl,
    wasmUrl: PACKAGE_URLS.wasmUrl,
    BinaryDataFactory: CachedBinaryDataFactory,
    useWorkerFetch: false,
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
