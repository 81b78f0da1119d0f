/**
 * Shared PDF helpers: open a PDF safely, read each page's text layer as positioned boxes, rebuild
 * layout lines and cells from positions, and render pages for OCR.
 */
export { boxesToLines, type LayoutOptions, linesToText } from './layout.ts';
export { loadPdfJs, openPdf, PdfOpenError } from './load.ts';
export { type RenderedPage, type RenderedPixels, renderPage, renderPagePixels } from './render.ts';
export { type PageText, readPageText } from './text-boxes.ts';
export type { LayoutCell, LayoutLine, PageLayout, TextBox } from './types.ts';
