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

/** A rule found: a horizontal one on row `at` from `from` to `to`, or a vertical one in column `at`. */
interface Rule {
  at: number;
  from: number;
  to: number;
}

/** How many rules of each direction make a grid: the row lines and column lines of a bordered table. */
const GRID = { horizontal: 3, vertical: 2 };

/**
 * A copy of `image` with its table rules painted paper-white, when it has a bordered table: thin
 * horizontal and vertical runs of ink at least as long as `lengths`, at least three row lines and
 * two column lines of them. A page with only an underline or a rule under its letterhead is left
 * as it is: OCR reads those well enough, and erasing them took bits of the letters they touch.
 * Runs are found in the original, so erasing one rule never shortens another.
 */
export function eraseRulingLines(image: GreyImage, lengths: RuleLengths = ruleLengthsFor(image)): GreyImage {
  const { data, width } = image;
  const horizontal = findRules(image, lengths.horizontal, 'horizontal');
  const vertical = findRules(image, lengths.vertical, 'vertical');
  if (distinct(horizontal) < GRID.horizontal || distinct(vertical) < GRID.vertical) return image;
  const out = new Uint8Array(data);
  for (const { at: y, from, to } of horizontal) {
    out.fill(255, y * width + from, y * width + to);
    // The rule's anti-aliased edges, one pixel above and below.
    for (const edge of [y - 1, y + 1]) {
      if (edge < 0 || edge >= image.height) continue;
      for (let x = from; x < to; x++) if (data[edge * width + x]! < EDGE) out[edge * width + x] = 255;
    }
  }
  for (const { at: x, from, to } of vertical) {
    for (let y = from; y < to; y++) {
      out[y * width + x] = 255;
      if (x > 0 && data[y * width + x - 1]! < EDGE) out[y * width + x - 1] = 255;
      if (x + 1 < width && data[y * width + x + 1]! < EDGE) out[y * width + x + 1] = 255;
    }
  }
  return { data: out, width, height: image.height };
}

/** Rules a few pixels apart (the rows of one thick line) count once. */
function distinct(rules: readonly Rule[]): number {
  const positions = [...new Set(rules.map((r) => r.at))].sort((a, b) => a - b);
  let count = 0;
  let last = Number.NEGATIVE_INFINITY;
  for (const at of positions) {
    if (at - last > 2 * SIDE) count++;
    last = at;
  }
  return count;
}

/**
 * The thin runs of ink at least `length` long in one direction. Thin: paper {@link SIDE} pixels to
 * both sides along most of the run; a letter's stem or bar, however long in large print, is ink there.
 */
function findRules(image: GreyImage, length: number, direction: 'horizontal' | 'vertical'): Rule[] {
  const { data, width, height } = image;
  const lines = direction === 'horizontal' ? height : width;
  const along = direction === 'horizontal' ? width : height;
  const index =
    direction === 'horizontal'
      ? (line: number, k: number) => line * width + k
      : (line: number, k: number) => k * width + line;
  const across = direction === 'horizontal' ? width : 1;
  const paper = (i: number) => i < 0 || i >= data.length || data[i]! >= INK;
  const rules: Rule[] = [];
  for (let line = 0; line < lines; line++) {
    let start = -1;
    for (let k = 0; k <= along; k++) {
      const ink = k < along && data[index(line, k)]! < INK;
      if (ink && start < 0) start = k;
      else if (!ink && start >= 0) {
        if (k - start >= length) {
          let clear = 0;
          for (let j = start; j < k; j++) {
            const i = index(line, j);
            if (paper(i - SIDE * across) && paper(i + SIDE * across)) clear++;
          }
          if (clear >= (k - start) * 0.8) rules.push({ at: line, from: start, to: k });
        }
        start = -1;
      }
    }
  }
  return rules;
}
