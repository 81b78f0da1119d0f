import { type GreyImage, otsuThreshold } from './geometry.ts';

interface Component {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  area: number;
}

/** 8-connected components of dark pixels (`ink[i]` true) in a w x h mask. */
function components(ink: Uint8Array, w: number, h: number): Component[] {
  const seen = new Uint8Array(ink.length);
  const stack: number[] = [];
  const out: Component[] = [];
  for (let start = 0; start < ink.length; start++) {
    if (!ink[start] || seen[start]) continue;
    const c = { x0: w, x1: -1, y0: h, y1: -1, area: 0 };
    seen[start] = 1;
    stack.push(start);
    while (stack.length > 0) {
      const p = stack.pop()!;
      const x = p % w;
      const y = (p - x) / w;
      c.area++;
      if (x < c.x0) c.x0 = x;
      if (x > c.x1) c.x1 = x;
      if (y < c.y0) c.y0 = y;
      if (y > c.y1) c.y1 = y;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= h) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if (xx < 0 || xx >= w) continue;
          const q = yy * w + xx;
          if (ink[q] && !seen[q]) {
            seen[q] = 1;
            stack.push(q);
          }
        }
      }
    }
    out.push(c);
  }
  return out;
}

/**
 * Where a separate dot sits among the glyph blobs of a number: the count of digits before it, or
 * null when there is not exactly one clear dot or the blobs do not account for every digit (blobs
 * of two touching digits count by their width).
 */
function dotPositions(
  all: readonly Component[],
  digitCount: number,
  trailingLetter: boolean,
): { index: number; comma: boolean }[] | null {
  const parts = all.filter((c) => c.area >= 2);
  if (parts.length === 0) return null;
  const height = Math.max(...parts.map((c) => c.y1 - c.y0 + 1));
  if (height < 8) return null;
  const glyphs = parts.filter((c) => c.y1 - c.y0 + 1 >= height * 0.6).sort((a, b) => a.x0 - b.x0);
  // A flag letter glued to the number (`1112H`) is its last glyph.
  const letter = trailingLetter ? glyphs.pop() : undefined;
  if (glyphs.length === 0) return null;
  const widths = glyphs.map((g) => g.x1 - g.x0 + 1);
  const unit = widths.reduce((a, b) => a + b, 0) / digitCount;
  const counts = widths.map((wd) => Math.max(1, Math.round(wd / unit)));
  if (counts.reduce((a, b) => a + b, 0) !== digitCount) return null;
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const baseline = median(glyphs.map((g) => g.y1));
  const capTop = median(glyphs.map((g) => g.y0));
  const small = parts.filter((c) => {
    const cw = c.x1 - c.x0 + 1;
    const ch = c.y1 - c.y0 + 1;
    return (
      ch <= height * 0.4 &&
      cw <= height * 0.4 &&
      cw >= Math.max(2, height * 0.08) &&
      ch >= Math.max(2, height * 0.08) &&
      cw <= ch * 2.2 &&
      ch <= cw * 2.2 &&
      c.area >= Math.max(3, height * height * 0.006) &&
      c.y0 > capTop + (baseline - capTop) * 0.55 &&
      c.y1 >= baseline - height * 0.15 &&
      c.y1 <= baseline + height * 0.35
    );
  });
  if (small.length === 0) return null;
  const found: { index: number; comma: boolean }[] = [];
  for (const dot of small) {
    let before = 0;
    let placed = false;
    for (let i = 0; i < glyphs.length && !placed; i++) {
      const glyph = glyphs[i]!;
      if (dot.x1 <= glyph.x0 + 1) {
        // Before the first digit, or a speck inside a glyph's extent: not a separator.
        if (i === 0) return null;
        found.push({ index: before, comma: dot.y1 > baseline + height * 0.12 });
        placed = true;
      } else if (dot.x0 < glyph.x1 - 1) return null;
      before += counts[i]!;
    }
    if (!placed && !(letter && dot.x1 <= letter.x0 + 1)) return null;
    if (!placed) found.push({ index: before, comma: dot.y1 > baseline + height * 0.12 });
  }
  return found;
}

/**
 * Puts separators after the given digit counts, one at most per number of a `a-b` range and never
 * at a number's edge; null when the positions do not fit the text.
 */
function insertSeparators(text: string, dots: readonly { index: number; comma: boolean }[]): string | null {
  const at = new Map(dots.map((d) => [d.index, d.comma ? ',' : '.']));
  if (at.size !== dots.length) return null;
  let out = '';
  let seen = 0;
  let inNumber = 0;
  const perNumber: number[] = [0];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    out += ch;
    if (!/\d/.test(ch)) {
      if (inNumber > 0) perNumber.push(0);
      inNumber = 0;
      continue;
    }
    seen++;
    inNumber++;
    const separator = at.get(seen);
    if (separator === undefined) continue;
    if (!/\d/.test(text[i + 1] ?? '')) return null;
    perNumber[perNumber.length - 1]!++;
    out += separator;
  }
  return perNumber.every((n) => n <= 1) ? out : null;
}

/**
 * OCR engines often drop a decimal point between digits in small or blurred print (`8.5` read as
 * `85`), which turns a normal value into a wildly abnormal one. Given an all-digit word and its box
 * in the recognised image, this looks at the pixels: when the word splits into exactly one ink
 * blob per recognised digit plus one small, roughly round blob sitting on the baseline between two
 * of them, the separator is put back (`.`, or `,` when the blob descends below the baseline).
 * Anything less clear-cut returns the text unchanged.
 */
export function restoreDecimalPoint(
  image: GreyImage,
  text: string,
  box: { x0: number; y0: number; x1: number; y1: number },
): string {
  const shape = /^([<>]?\d+(?:[-–]\d+)?)([HL]?)$/.exec(text);
  if (!shape) return text;
  const number = shape[1]!;
  const letter = shape[2]!;
  const digits = number.replace(/\D/g, '');
  if (digits.length < 2 || digits.length > 10) return text;
  const pad = 2;
  const left = Math.max(0, Math.floor(box.x0) - pad);
  const top = Math.max(0, Math.floor(box.y0) - pad);
  const right = Math.min(image.width, Math.ceil(box.x1) + pad);
  const bottom = Math.min(image.height, Math.ceil(box.y1) + pad);
  const w = right - left;
  const h = bottom - top;
  if (w < 6 || h < 8 || w * h > 200_000) return text;
  const crop = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const row = (top + y) * image.width + left;
    crop.set(image.data.subarray(row, row + w), y * w);
  }
  let min = 255;
  let max = 0;
  for (const v of crop) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (max - min < 60) return text;
  const otsu = otsuThreshold({ data: crop, width: w, height: h });
  // Blurred bold print joins the dot to a digit at Otsu's level; a darker level separates them.
  for (const threshold of [otsu, Math.round((min + otsu) / 2)]) {
    const ink = new Uint8Array(w * h);
    for (let i = 0; i < crop.length; i++) ink[i] = crop[i]! <= threshold ? 1 : 0;
    const dots = dotPositions(components(ink, w, h), digits.length, letter !== '');
    if (dots === null) continue;
    const repaired = insertSeparators(number, dots);
    if (repaired !== null) return `${repaired}${letter}`;
  }
  return text;
}
