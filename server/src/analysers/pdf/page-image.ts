/**
 * One PDF page as a PNG for previews (the console's record page): small enough to send, sharp
 * enough to read. Not an analyser: the API renders on request, one page at a time.
 */
import { closePdf, openPdf } from './load.ts';
import { renderPage } from './render.ts';

/** A preview of one page, or how many pages there are when `page` is out of range. */
export type PagePreview = { png: Buffer; pageCount: number } | { png: null; pageCount: number };

/** Renders page `page` (1-based) at `dpi`, capped at about 4 megapixels. */
export async function renderPagePreview(bytes: Uint8Array, page: number, dpi = 110): Promise<PagePreview> {
  const doc = await openPdf(bytes);
  try {
    if (page < 1 || page > doc.numPages) return { png: null, pageCount: doc.numPages };
    const pdfPage = await doc.getPage(page);
    const rendered = await renderPage(pdfPage, dpi, 4_000_000);
    return { png: rendered.png, pageCount: doc.numPages };
  } finally {
    await closePdf(doc);
  }
}
