/**
 * Pixel geometry for OCR preparation, on raw 8-bit greyscale buffers: Otsu threshold, page
 * outline detection in a photo, perspective (homography) warp, flat-field lighting correction and
 * skew estimation from text lines. Pure functions, no I/O, so they are cheap to unit-test.
 */

/** A raw 8-bit greyscale image, row-major. */
export interface GreyImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/** A point in pixels. */
export interface Point {
  x: number;
  y: number;
}

/** Corners of a page in the image: top-left, top-right, bottom-right, bottom-left. */
export type Quad = [Point, Point, Point, Point];

/** Otsu's threshold of an image's histogram (the grey level that best splits it in two classes). */
export function otsuThreshold(image: GreyImage): number {
  const hist = new Float64Array(256);
  for (const v of image.data) hist[v]!++;
  const total = image.data.length;
  let sum = 0;
  for (let i = 0; i < 256; i++) sum += i * hist[i]!;
  let sumB = 0;
  let weightB = 0;
  let best = 0;
  let threshold = 128;
  for (let t = 0; t < 256; t++) {
    weightB += hist[t]!;
    if (weightB === 0) continue;
    const weightF = total - weightB;
    if (weightF === 0) break;
    sumB += t * hist[t]!;
    const meanB = sumB / weightB;
    const meanF = (sum - sumB) / weightF;
    const between = weightB * weightF * (meanB - meanF) ** 2;
    if (between > best) {
      best = between;
      threshold = t;
    }
  }
  return threshold;
}

/** Area of a polygon (shoelace), positive. */
function polygonArea(points: readonly Point[]): number {
  let area = 0;
  for (let i = 0; i < points.length; i++) {
    const a = points[i]!;
    const b = points[(i + 1) % points.length]!;
    area += a.x * b.y - b.x * a.y;
  }
  return Math.abs(area) / 2;
}

/** Interior angle at `b` of the corner a-b-c, in degrees. */
function cornerAngle(a: Point, b: Point, c: Point): number {
  const v1 = { x: a.x - b.x, y: a.y - b.y };
  const v2 = { x: c.x - b.x, y: c.y - b.y };
  const cos = (v1.x * v2.x + v1.y * v2.y) / (Math.hypot(v1.x, v1.y) * Math.hypot(v2.x, v2.y) || 1);
  return (Math.acos(Math.max(-1, Math.min(1, cos))) * 180) / Math.PI;
}

/**
 * Finds a page photographed on a darker background: the largest bright connected region (Otsu
 * threshold) whose shape is a convex quadrilateral covering 15-95 % of the image. Returns its
 * corners, or null when there is no such page outline (a scan, a photo cropped to the page, a page
 * on a bright table), in which case the image is used as it is.
 */
export function findPageQuad(image: GreyImage): Quad | null {
  const { data, width, height } = image;
  const threshold = otsuThreshold(image);
  // The two classes must be clearly apart: a page on a background, not text on a page.
  let brightSum = 0;
  let brightN = 0;
  let darkSum = 0;
  let darkN = 0;
  for (const v of data) {
    if (v > threshold) {
      brightSum += v;
      brightN++;
    } else {
      darkSum += v;
      darkN++;
    }
  }
  if (brightN === 0 || darkN === 0) return null;
  if (brightSum / brightN - darkSum / darkN < 40) return null;
  const total = width * height;
  if (darkN / total < 0.05) return null;

  // Largest 4-connected bright component (text inside the page is dark, so holes are allowed).
  const label = new Int32Array(total);
  const stack = new Int32Array(total);
  let bestLabel = 0;
  let bestSize = 0;
  let next = 0;
  for (let start = 0; start < total; start++) {
    if (label[start] !== 0 || data[start]! <= threshold) continue;
    next++;
    let size = 0;
    let top = 0;
    stack[top++] = start;
    label[start] = next;
    while (top > 0) {
      const p = stack[--top]!;
      size++;
      const x = p % width;
      const neighbours = [x > 0 ? p - 1 : -1, x < width - 1 ? p + 1 : -1, p - width, p + width];
      for (const q of neighbours) {
        if (q < 0 || q >= total || label[q] !== 0 || data[q]! <= threshold) continue;
        label[q] = next;
        stack[top++] = q;
      }
    }
    if (size > bestSize) {
      bestSize = size;
      bestLabel = next;
    }
  }
  if (bestSize < total * 0.15) return null;

  // Corners: the extreme points along the two diagonals.
  let tl = { x: 0, y: 0, s: Number.POSITIVE_INFINITY };
  let br = { x: 0, y: 0, s: Number.NEGATIVE_INFINITY };
  let tr = { x: 0, y: 0, s: Number.NEGATIVE_INFINITY };
  let bl = { x: 0, y: 0, s: Number.POSITIVE_INFINITY };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (label[y * width + x] !== bestLabel) continue;
      const sum = x + y;
      const diff = x - y;
      if (sum < tl.s) tl = { x, y, s: sum };
      if (sum > br.s) br = { x, y, s: sum };
      if (diff > tr.s) tr = { x, y, s: diff };
      if (diff < bl.s) bl = { x, y, s: diff };
    }
  }
  const quad: Quad = [
    { x: tl.x, y: tl.y },
    { x: tr.x + 1, y: tr.y },
    { x: br.x + 1, y: br.y + 1 },
    { x: bl.x, y: bl.y + 1 },
  ];
  const area = polygonArea(quad);
  if (area > total * 0.95 || area < total * 0.15) return null;
  // The region must fill its quadrilateral (a page, not a blob), and be roughly rectangular.
  if (bestSize / area < 0.85 || bestSize / area > 1.08) return null;
  for (let i = 0; i < 4; i++) {
    const angle = cornerAngle(quad[(i + 3) % 4]!, quad[i]!, quad[(i + 1) % 4]!);
    if (angle < 60 || angle > 120) return null;
  }
  return quad;
}

/** Solves the 8x8 linear system of a homography by Gaussian elimination with partial pivoting. */
function solve(matrix: number[][], rhs: number[]): number[] | null {
  const n = rhs.length;
  const a = matrix.map((row, i) => [...row, rhs[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    if (Math.abs(a[pivot]![col]!) < 1e-12) return null;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = a[r]![col]! / a[col]![col]!;
      for (let c = col; c <= n; c++) a[r]![c]! -= f * a[col]![c]!;
    }
  }
  return a.map((row, i) => row[n]! / row[i]!);
}

/**
 * The homography (3x3, row-major, h33 = 1) mapping each `from` point onto the matching `to` point.
 */
function homography(from: readonly Point[], to: readonly Point[]): number[] | null {
  const m: number[][] = [];
  const rhs: number[] = [];
  for (let i = 0; i < 4; i++) {
    const { x, y } = from[i]!;
    const { x: u, y: v } = to[i]!;
    m.push([x, y, 1, 0, 0, 0, -u * x, -u * y]);
    rhs.push(u);
    m.push([0, 0, 0, x, y, 1, -v * x, -v * y]);
    rhs.push(v);
  }
  const h = solve(m, rhs);
  return h ? [...h, 1] : null;
}

/** Output size of a rectified page: the mean lengths of opposite sides of its quadrilateral. */
export function quadSize(quad: Quad): { width: number; height: number } {
  const d = (a: Point, b: Point) => Math.hypot(a.x - b.x, a.y - b.y);
  return {
    width: Math.round((d(quad[0], quad[1]) + d(quad[3], quad[2])) / 2),
    height: Math.round((d(quad[0], quad[3]) + d(quad[1], quad[2])) / 2),
  };
}

/**
 * Rectifies the page inside `quad` onto a `width` x `height` image by inverse mapping with
 * bilinear sampling (pixels outside the source are white).
 */
export function warpQuad(image: GreyImage, quad: Quad, width: number, height: number): GreyImage {
  const rect: Point[] = [
    { x: 0, y: 0 },
    { x: width, y: 0 },
    { x: width, y: height },
    { x: 0, y: height },
  ];
  const h = homography(rect, quad);
  if (!h) throw new Error('degenerate page outline');
  const [a, b, c, d, e, f, g, k] = h as [number, number, number, number, number, number, number, number];
  const out = new Uint8Array(width * height);
  const src = image.data;
  const sw = image.width;
  const sh = image.height;
  for (let y = 0; y < height; y++) {
    const yc = y + 0.5;
    for (let x = 0; x < width; x++) {
      const xc = x + 0.5;
      const w = g * xc + k * yc + 1;
      const sx = (a * xc + b * yc + c) / w - 0.5;
      const sy = (d * xc + e * yc + f) / w - 0.5;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 + 1 >= sw || y0 + 1 >= sh) {
        out[y * width + x] = 255;
        continue;
      }
      const fx = sx - x0;
      const fy = sy - y0;
      const i = y0 * sw + x0;
      const top = src[i]! + (src[i + 1]! - src[i]!) * fx;
      const bottom = src[i + sw]! + (src[i + sw + 1]! - src[i + sw]!) * fx;
      out[y * width + x] = Math.round(top + (bottom - top) * fy);
    }
  }
  return { data: out, width, height };
}

/**
 * Estimates the skew of text lines by projection profiles: dark pixels are projected onto the
 * vertical axis at candidate angles, and the angle whose profile is sharpest (text lines and the
 * gaps between them line up) wins. Returns degrees, positive when lines fall to the right.
 */
export function estimateSkew(image: GreyImage, maxDegrees = 4, step = 0.1): number {
  const { data, width, height } = image;
  const threshold = Math.min(otsuThreshold(image), 160);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (data[y * width + x]! <= threshold) {
        xs.push(x - width / 2);
        ys.push(y);
      }
    }
  }
  if (xs.length < 200) return 0;
  const bins = new Float64Array(height * 2 + 8);
  // A whole number: with an odd height, `height / 2` made every index fractional, a typed array
  // ignores writes to those, every angle scored 0, and the first (-maxDegrees) won.
  const offset = Math.ceil(height / 2);
  const score = (deg: number) => {
    const t = Math.tan((deg * Math.PI) / 180);
    bins.fill(0);
    for (let i = 0; i < xs.length; i++) {
      const bin = Math.round(ys[i]! - xs[i]! * t) + offset;
      if (bin >= 0 && bin < bins.length) bins[bin]!++;
    }
    let sum = 0;
    for (let i = 1; i < bins.length; i++) sum += (bins[i]! - bins[i - 1]!) ** 2;
    return sum;
  };
  const best = (from: number, to: number, by: number, start: number) => {
    let bestAngle = start;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (let deg = from; deg <= to + 1e-9; deg += by) {
      const value = score(deg);
      if (value > bestScore) {
        bestScore = value;
        bestAngle = deg;
      }
    }
    return bestAngle;
  };
  // Coarse to fine: a sharp profile peak is still the best coarse angle within a coarse step.
  const coarseStep = Math.max(step, 0.5);
  const coarse = best(-maxDegrees, maxDegrees, coarseStep, 0);
  const bestAngle = best(
    Math.max(-maxDegrees, coarse - coarseStep),
    Math.min(maxDegrees, coarse + coarseStep),
    step,
    coarse,
  );
  return Math.round(bestAngle * 100) / 100;
}
