import type { PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { TextBox } from '../text-geometry/types.ts';
import { loadPdfJs } from './load.ts';

/** The text layer of one page as positioned boxes, plus the page size (points, top-left origin). */
export interface PageText {
  width: number;
  height: number;
  boxes: TextBox[];
}

/**
 * Reads a page's text items with their positions. Page rotation is applied (through the viewport
 * transform) so boxes are in reading orientation; vertical or rotated text is dropped.
 */
export async function readPageText(page: PDFPageProxy): Promise<PageText> {
  const { Util } = await loadPdfJs();
  const viewport = page.getViewport({ scale: 1 });
  const content = await page.getTextContent();
  const boxes: TextBox[] = [];
  for (const item of content.items) {
    if (!('str' in item) || item.str.trim() === '') continue;
    const m = Util.transform(viewport.transform, item.transform) as number[];
    const [a, b, c, d, e, f] = m as [number, number, number, number, number, number];
    // Reading-orientation text has no shear/rotation component.
    if (Math.abs(b) > 1e-3 * Math.abs(a) || Math.abs(c) > 1e-3 * Math.abs(d)) continue;
    const size = Math.abs(d) || Math.abs(a);
    const scaleX = Math.abs(a) / (Math.hypot(item.transform[0]!, item.transform[1]!) || 1);
    boxes.push({ text: item.str, x0: e, x1: e + item.width * scaleX, y: f, size, confidence: 1 });
  }
  return { width: viewport.width, height: viewport.height, boxes };
}
