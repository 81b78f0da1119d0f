/**
 * Table rules erased before OCR. A bordered table's lines run between and beside the words;
 * tesseract then takes rows and cells for one block of noise and reads the whole table as
 * gibberish. Long straight runs of ink are removed, and what text is made of (strokes a few
 * character widths long at most) stays.
 */
import type { GreyImage } from './geometry.ts';

/** Grey levels darker than this count as ink (the image is contrast-stretched by then). */
const INK = 150;
/** How far to each side of a run must be paper for it to be a rule: rules are thinner than this twice over. */
const SIDE = 4;
/** Beside a rule, lighter grey is its anti-aliased edge, erased with it. */
const EDGE = 235;

/** How long a run of ink must be to be a rule rather than part of a character. */
export interface RuleLengths {
  /** Shortest horizontal rule, in pixels. */
  horizontal: number;
  /** Shortest vertical rule, in pixels. */
  vertical: number;
}

/**
 * Rules are several lines of text long: a twentieth of the page's width or a thirtieth of its
 * height, and never under 100 pixels (the page is scaled to a long side of about 2600 by then,
 * where a line of text is 30 to 50 pixels high).
 */
export function ruleLengthsFor(image: GreyImage): RuleLengths {
  return {
    horizontal: Math.max(100, Math.round(image.width / 20)),
    vertical: Math.max(100, Math.round(image.height / 30)),
  };
}

/**
 * A copy of `image` with every horizontal or vertical run of ink at least as long as `lengths`
 * painted paper-white. Runs are found in the original, so erasing one rule never shortens another.
 */
export function eraseRulingLines(image: GreyImage, lengths: RuleLengths = ruleLengthsFor(image)): GreyImage {
  const { data, width, height } = image;
  const out = new Uint8Array(data);
  const paper = (i: number) => i < 0 || i >= data.length || data[i]! >= INK;
  /**
   * Whether the run from `from` to `to` (pixel `at(k)` for each k) is a thin line: paper
   * {@link SIDE} pixels to both sides (`across` is one step across the run) along most of it. A
   * letter's stem or bar, however long in large print, is ink there.
   */
  const thin = (from: number, to: number, at: (k: number) => number, across: number) => {
    let clear = 0;
    for (let k = from; k < to; k++) {
      const i = at(k);
      if (paper(i - SIDE * across) && paper(i + SIDE * across)) clear++;
    }
    return clear >= (to - from) * 0.8;
  };
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let start = -1;
    for (let x = 0; x <= width; x++) {
      const ink = x < width && data[row + x]! < INK;
      if (ink && start < 0) start = x;
      else if (!ink && start >= 0) {
        if (x - start >= lengths.horizontal && thin(start, x, (k) => row + k, width)) {
          out.fill(255, row + start, row + x);
          // The rule's anti-aliased edges, one pixel above and below.
          for (const edge of [row - width, row + width]) {
            if (edge < 0 || edge >= data.length) continue;
            for (let k = start; k < x; k++) if (data[edge + k]! < EDGE) out[edge + k] = 255;
          }
        }
        start = -1;
      }
    }
  }
  for (let x = 0; x < width; x++) {
    let start = -1;
    for (let y = 0; y <= height; y++) {
      const ink = y < height && data[y * width + x]! < INK;
      if (ink && start < 0) start = y;
      else if (!ink && start >= 0) {
        if (y - start >= lengths.vertical && thin(start, y, (k) => k * width + x, 1)) {
          for (let k = start; k < y; k++) {
            out[k * width + x] = 255;
            if (x > 0 && data[k * width + x - 1]! < EDGE) out[k * width + x - 1] = 255;
            if (x + 1 < width && data[k * width + x + 1]! < EDGE) out[k * width + x + 1] = 255;
          }
        }
        start = -1;
      }
    }
  }
  return { data: out, width, height };
}
