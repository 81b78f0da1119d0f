import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { PagePixels } from '../text-geometry/types.ts';
import { cellPixelBox, cropLine } from './line-crop.ts';

function blank(width: number, height: number, skew = 0): PagePixels {
  return { data: new Uint8Array(width * height).fill(255), width, height, skew };
}

describe('cellPixelBox', () => {
  it('is the cell with a margin of a third of its height on an upright page', () => {
    const box = cellPixelBox({ x0: 100, x1: 200, y: 130, size: 30 }, blank(1000, 1000));
    expect(box).toEqual({ x0: 89, y0: 89, x1: 211, y1: 141 });
  });

  it('turns a cell of a deskewed page back into the tilted pixels its words came from', () => {
    // wordsToBoxes places a word at its bottom-left corner turned by -skew; the box must hold
    // the word where it is in the image.
    const skew = 0.02;
    const word = { x0: 800, y1: 600 };
    const c = Math.cos(-skew);
    const s = Math.sin(-skew);
    const framed = { x0: word.x0 * c - word.y1 * s, y: word.x0 * s + word.y1 * c };
    const box = cellPixelBox(
      { x0: framed.x0, x1: framed.x0 + 120, y: framed.y, size: 30 },
      blank(2000, 2000, skew),
    );
    expect(box.x0).toBeLessThanOrEqual(word.x0);
    expect(box.x1).toBeGreaterThanOrEqual(word.x0 + 118);
    expect(box.y0).toBeLessThanOrEqual(word.y1 - 30);
    expect(box.y1).toBeGreaterThanOrEqual(word.y1);
  });

  it('stays inside the image', () => {
    const box = cellPixelBox({ x0: -5, x1: 60, y: 20, size: 30 }, blank(50, 40));
    expect(box).toEqual({ x0: 0, y0: 0, x1: 50, y1: 31 });
  });
});

describe('cropLine', () => {
  it('enlarges the box and puts a white border around it', async () => {
    const png = await cropLine(blank(400, 300), { x0: 10, y0: 20, x1: 110, y1: 60 }, 2.5);
    const meta = await sharp(png).metadata();
    expect(meta.width).toBe(250 + 2 * 20);
    expect(meta.height).toBe(100 + 2 * 20);
  });
});
