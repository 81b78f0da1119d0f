import { createCanvas } from '@napi-rs/canvas';
import type { PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** A rendered page as raw RGBA pixels and the scale from PDF points to pixels. */
export interface RenderedPixels {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 4;
  scale: number;
}

/**
 * Renders a page with @napi-rs/canvas (no native pdfjs canvas package needed) and returns the raw
 * RGBA pixels: OCR reads them directly, where encoding a PNG only to decode it again costs a
 * quarter of a second per page. `dpi` 300 suits small print; the pixel count is capped so a
 * poster-sized page cannot exhaust memory.
 */
export async function renderPagePixels(
  page: PDFPageProxy,
  dpi = 300,
  maxPixels = 12_000_000,
): Promise<RenderedPixels> {
  const base = page.getViewport({ scale: 1 });
  let scale = dpi / 72;
  const pixels = base.width * base.height * scale * scale;
  if (pixels > maxPixels) scale *= Math.sqrt(maxPixels / pixels);
  const viewport = page.getViewport({ scale });
  const width = Math.ceil(viewport.width);
  const height = Math.ceil(viewport.height);
  const canvas = createCanvas(width, height);
  const context = canvas.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, width, height);
  // @napi-rs/canvas implements the 2D context pdfjs draws with; the DOM types do not know it.
  const params = { canvas, canvasContext: context, viewport } as unknown as Parameters<
    PDFPageProxy['render']
  >[0];
  await page.render(params).promise;
  const image = context.getImageData(0, 0, width, height);
  const data = new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  return { data, width, height, channels: 4, scale };
}
