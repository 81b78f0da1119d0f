/**
 * Finding a layout cell of an OCR page again in the page's pixels, and cutting it out enlarged for
 * a second reading (`OcrEngine.readLines`).
 */
import sharp from 'sharp';
import type { PagePixels } from '../text-geometry/types.ts';
import type { PixelBox } from './engine.ts';

/** A cell's extent in the deskewed frame its words were placed in: left, right, bottom, height. */
export interface FramedCell {
  x0: number;
  x1: number;
  /** The line's bottom (word boxes are placed by their bottom edge). */
  y: number;
  /** The line's text height. */
  size: number;
}

/**
 * The pixel box of `cell`: its corners turned back from the deskewed frame into the image (word
 * positions were rotated by `-skew`, see `wordsToBoxes`), with a margin of `margin` text heights
 * (tesseract reads a line best with some paper around it), clipped to the image.
 */
export function cellPixelBox(cell: FramedCell, pixels: PagePixels, margin = 0.35): PixelBox {
  const c = Math.cos(-pixels.skew);
  const s = Math.sin(-pixels.skew);
  const top = cell.y - cell.size;
  const corners = [
    [cell.x0, top],
    [cell.x1, top],
    [cell.x0, cell.y],
    [cell.x1, cell.y],
  ].map(([rx, ry]) => ({ x: rx! * c + ry! * s, y: -rx! * s + ry! * c }));
  const pad = margin * cell.size;
  const xs = corners.map((p) => p.x);
  const ys = corners.map((p) => p.y);
  return {
    x0: Math.max(0, Math.floor(Math.min(...xs) - pad)),
    y0: Math.max(0, Math.floor(Math.min(...ys) - pad)),
    x1: Math.min(pixels.width, Math.ceil(Math.max(...xs) + pad)),
    y1: Math.min(pixels.height, Math.ceil(Math.max(...ys) + pad)),
  };
}

/** `box` of `pixels` enlarged `scale` times (Lanczos) on a white border, as a PNG. */
export async function cropLine(pixels: PagePixels, box: PixelBox, scale: number): Promise<Buffer> {
  const width = Math.max(1, box.x1 - box.x0);
  const height = Math.max(1, box.y1 - box.y0);
  const border = Math.round(8 * scale);
  return sharp(Buffer.from(pixels.data.buffer, pixels.data.byteOffset, pixels.data.length), {
    raw: { width: pixels.width, height: pixels.height, channels: 1 },
  })
    .extract({ left: box.x0, top: box.y0, width, height })
    .resize({ width: Math.round(width * scale), height: Math.round(height * scale), kernel: 'lanczos3' })
    .extend({ top: border, bottom: border, left: border, right: border, background: '#ffffff' })
    .png()
    .toBuffer();
}
