import { describe, expect, it } from 'vitest';
import type { GreyImage } from './geometry.ts';
import { eraseRulingLines } from './ruling-lines.ts';

function page(width: number, height: number): GreyImage {
  return { data: new Uint8Array(width * height).fill(255), width, height };
}
function ink(image: GreyImage, x0: number, y0: number, x1: number, y1: number, value = 0): void {
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) image.data[y * image.width + x] = value;
}
const inkAt = (image: GreyImage, x: number, y: number) => image.data[y * image.width + x]! < 150;

describe('eraseRulingLines', () => {
  it('erases the rules of a bordered table, grey ones too, and keeps the letters between them', () => {
    const image = page(1000, 800);
    ink(image, 50, 100, 950, 102, 120); // a grey horizontal rule
    ink(image, 50, 200, 950, 201); // a black one
    ink(image, 50, 300, 950, 301); // a third row line
    ink(image, 400, 100, 402, 700, 120); // a vertical rule crossing them
    ink(image, 900, 100, 901, 700); // and another: a bordered table
    ink(image, 100, 140, 104, 180); // a letter's stem, 40 px high
    ink(image, 100, 176, 130, 180); // and its foot, 30 px wide
    const clean = eraseRulingLines(image);
    expect(inkAt(clean, 500, 101)).toBe(false);
    expect(inkAt(clean, 500, 200)).toBe(false);
    expect(inkAt(clean, 401, 400)).toBe(false);
    expect(inkAt(clean, 102, 150)).toBe(true);
    expect(inkAt(clean, 120, 178)).toBe(true);
    // Large print: a stem 15 px thick and 150 px long is a letter, however long.
    ink(image, 700, 300, 715, 450);
    ink(image, 600, 500, 800, 512);
    const large = eraseRulingLines(image);
    expect(inkAt(large, 707, 400)).toBe(true);
    expect(inkAt(large, 700, 400)).toBe(true);
    expect(inkAt(large, 700, 506)).toBe(true);
    // The input is left as it was.
    expect(inkAt(image, 500, 101)).toBe(true);
  });

  it('leaves a page with a rule or two but no table as it is', () => {
    const image = page(1000, 800);
    ink(image, 50, 100, 950, 102); // the rule under a letterhead
    ink(image, 100, 200, 400, 201); // an underline
    expect(eraseRulingLines(image)).toBe(image);
  });
});
