import { type Canvas, createCanvas } from '@napi-rs/canvas';
import type { PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** A rendered page as raw RGBA pixels and the scale from PDF points to pixels. */
export interface RenderedPixels {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 4;
  scale: number;
}

/** A rendered page as PNG bytes (for making test images) and the scale from points to pixels. */
export interface RenderedPage {
  png: Buffer;
  width: number;
  height: number;
  scale: number;
}

/**
 * Draws a page with @napi-rs/canvas (no native pdfjs canvas package needed). `dpi` 300 suits small
 * print; the pixel count is capped so a poster-sized page cannot exhaust memory.
 */
async function drawPage(page: PDFPageProxy, dpi: number, maxPixels: number) {
  const base = page.getViewport({ scale: 1 });
  let scale = dpi / 72;
  const pixels = base.width * base.height * scale * scale;
  if (pixels > maxPixels) scale *= Math.sqrt(maxPixels / pixels);
  const viewport = page.getViewport({ scale });
  const width = Math.ceil(viewport.width);
  const height = Math.ceil(viewport.height);
  const canvas: Canvas = createCanvas(width, height);
  const context = canvas.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, width, height);
  // @napi-rs/canvas implements the 2D context pdfjs draws with; the DOM types do not know it.
  const params = { canvas, canvasContext: context, viewport } as unknown as Parameters<
    PDFPageProxy['render']
  >[0];
  await page.render(params).promise;
  return { canvas, context, width, height, scale };
}

/**
 * Renders a page to raw RGBA pixels: OCR reads them directly, where encoding a PNG only to decode
 * it again costs a quarter of a second per page.
 */
export async function renderPagePixels(
  page: PDFPageProxy,
  dpi = 300,
  maxPixels = 12_000_000,
): Promise<RenderedPixels> {
  const { context, width, height, scale } = await drawPage(page, dpi, maxPixels);
  const image = context.getImageData(0, 0, width, height);
  const data = new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  return { data, width, height, channels: 4, scale };
}

/** Renders a page to PNG bytes. */
export async function renderPage(
  page: PDFPageProxy,
  dpi = 300,
  maxPixels = 12_000_000,
): Promise<RenderedPage> {
  const { canvas, width, height, scale } = await drawPage(page, dpi, maxPixels);
  return { png: await canvas.encode('png'), width, height, scale };
}
