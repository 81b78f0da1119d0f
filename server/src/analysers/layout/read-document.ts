/**
 * The shared document reader: a PDF or image as layout lines per page, from the text layer where a
 * page has one and from OCR word boxes otherwise. Every analyser that reads documents (lab reports,
 * templates, medical documents, nutrition labels) goes through this one module.
 */

import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { AnalysisLimitError, ocrPageLimitFailure, timeBudgetFailure } from '../limits/failures.ts';
import type { OcrEngine } from '../ocr/engine.ts';
import { DEFAULT_MAX_SIDE } from '../ocr/normalise.ts';
import { closePdf, type OpenedPdfs, openPdf, withPdf } from '../pdf/load.ts';
import { renderPagePixels } from '../pdf/render.ts';
import { readPageText } from '../pdf/text-boxes.ts';
import { boxesToLines } from './lines.ts';
import type { PageLayout } from './types.ts';

/** The pages of a document as layout lines, and how they were read. */
export interface DocumentLayout {
  pages: PageLayout[];
  /** `text` when every page had a text layer, `ocr` when every page was recognised, else `mixed`. */
  source: 'text' | 'ocr' | 'mixed';
}

/** Fewer visible characters than this on a PDF page means it is a scan. */
const MIN_TEXT_CHARS = 40;
/** Cell gap (in text sizes) for OCR words, whose spacing is looser than a text layer's. */
const OCR_CELL_GAP = 1.6;
/** Scans are rendered at 250 dpi: as accurate as 300 dpi on the dev corpus and ~30 % fewer pixels. */
const OCR_DPI = 250;

/** Options for {@link readDocument}. */
export interface ReadDocumentOptions {
  /** Most pages that may go through OCR; one more throws {@link AnalysisLimitError}. Default: no bound. */
  maxOcrPages?: number;
  /** Past `endsAt` (epoch ms) the next page throws {@link AnalysisLimitError} (`analysis_timeout`). */
  timeBudget?: { endsAt: number; budgetMs: number };
  /** The analysis's opened PDFs, so a file its preflight parsed is not parsed again. */
  pdfs?: OpenedPdfs;
}

/**
 * Reads a PDF page by page: the text layer when it has one, otherwise the page rendered at 250 dpi
 * and recognised. Images go straight to OCR.
 */
export async function readDocument(
  bytes: Uint8Array,
  mimeType: string,
  ocr: () => OcrEngine,
  options: ReadDocumentOptions = {},
): Promise<DocumentLayout> {
  const maxOcrPages = options.maxOcrPages ?? Number.POSITIVE_INFINITY;
  if (mimeType !== 'application/pdf') {
    const page = await ocr().recognise(bytes);
    return {
      pages: [
        {
          page: 0,
          width: page.width,
          height: page.height,
          lines: boxesToLines(page.boxes, 0, { cellGap: OCR_CELL_GAP }),
          ...(page.pixels ? { pixels: page.pixels } : {}),
        },
      ],
      source: 'ocr',
    };
  }
  // Pages are read from a document opened for text; one that must be drawn for OCR comes from a
  // second one, opened for drawing (with the standard fonts) on the first scanned page.
  let drawing: Promise<PDFDocumentProxy> | undefined;
  try {
    return await withPdf(bytes, options.pdfs, (doc) =>
      readPages(doc, () => (drawing ??= openPdf(bytes)), ocr, { ...options, maxOcrPages }),
    );
  } finally {
    const drawn = await drawing?.catch(() => null);
    if (drawn) await closePdf(drawn);
  }
}

/** The layout of every page of `doc`: its text layer, or OCR of the page drawn from `forDrawing()`. */
async function readPages(
  doc: PDFDocumentProxy,
  forDrawing: () => Promise<PDFDocumentProxy>,
  ocr: () => OcrEngine,
  bounds: ReadDocumentOptions & { maxOcrPages: number },
): Promise<DocumentLayout> {
  const { maxOcrPages, timeBudget } = bounds;
  const pages: PageLayout[] = [];
  let ocrPages = 0;
  for (let i = 1; i <= doc.numPages; i++) {
    // Stopping here, between pages, is clean; the pool's forced stop of the thread is the fallback.
    if (timeBudget && Date.now() > timeBudget.endsAt) {
      throw new AnalysisLimitError(timeBudgetFailure(timeBudget.budgetMs));
    }
    const page = await doc.getPage(i);
    const text = await readPageText(page);
    const chars = text.boxes.reduce((n, b) => n + b.text.trim().length, 0);
    if (chars >= MIN_TEXT_CHARS) {
      pages.push({
        page: i - 1,
        width: text.width,
        height: text.height,
        lines: boxesToLines(text.boxes, i - 1),
      });
    } else {
      ocrPages++;
      // Checked before rendering: a scan of hundreds of pages fails in milliseconds, not minutes.
      if (ocrPages > maxOcrPages) throw new AnalysisLimitError(ocrPageLimitFailure(maxOcrPages));
      const view = page.getViewport({ scale: 1 });
      const dpi = Math.min(OCR_DPI, (DEFAULT_MAX_SIDE * 72) / Math.max(view.width, view.height));
      const drawn = await (await forDrawing()).getPage(i);
      const rendered = await renderPagePixels(drawn, dpi);
      drawn.cleanup();
      const recognised = await ocr().recognise(rendered);
      pages.push({
        page: i - 1,
        width: recognised.width,
        height: recognised.height,
        lines: boxesToLines(recognised.boxes, i - 1, { cellGap: OCR_CELL_GAP }),
        ...(recognised.pixels ? { pixels: recognised.pixels } : {}),
      });
    }
    page.cleanup();
  }
  const source = ocrPages === 0 ? 'text' : ocrPages === pages.length ? 'ocr' : 'mixed';
  return { pages, source } satisfies DocumentLayout;
}
