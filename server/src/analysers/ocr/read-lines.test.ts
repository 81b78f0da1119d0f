import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import type { PagePixels } from '../text-geometry/types.ts';
import { createTesseractEngine } from './tesseract.ts';

// Loads the tesseract model once: slow.
const engine = createTesseractEngine();
afterAll(() => engine.terminate());

/** A small, slightly blurred grey image of `text` in a serif face, as a scan prints it. */
async function printed(text: string, width: number, height: number, size: number): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect width="100%" height="100%" fill="white"/>
    <text x="10" y="${Math.round(height * 0.7)}" font-family="DejaVu Serif, serif" font-size="${size}">${text}</text>
  </svg>`;
  return sharp(Buffer.from(svg)).greyscale().blur(0.8).png().toBuffer();
}

async function pixelsOf(png: Buffer): Promise<PagePixels> {
  const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height, skew: 0 };
}

describe('readLines', () => {
  it('reads small printed intervals with only the characters allowed', { timeout: 60_000 }, async () => {
    const pixels = await pixelsOf(await printed('(2.5 - 7.8) 14.8 H', 360, 40, 20));
    const [reading] = await engine.readLines!(pixels, [{ x0: 0, y0: 0, x1: 360, y1: 40 }], {
      whitelist: '0123456789.-() H',
      scale: 2.5,
    });
    expect(reading!.text.replace(/\s+/g, '')).toBe('(2.5-7.8)14.8H');
    expect(reading!.confidence).toBeGreaterThan(0.5);
  });

  it('leaves the engine reading pages with every character afterwards', { timeout: 60_000 }, async () => {
    const pixels = await pixelsOf(await printed('12', 120, 40, 20));
    await engine.readLines!(pixels, [{ x0: 0, y0: 0, x1: 120, y1: 40 }], {
      whitelist: '0123456789',
      scale: 2,
    });
    const page = await engine.recognise(await printed('Sodium 140 mmol/L', 900, 120, 48));
    expect(page.boxes.map((b) => b.text).join(' ')).toMatch(/Sodium/);
    expect(page.pixels?.width).toBe(page.width);
  });
});
