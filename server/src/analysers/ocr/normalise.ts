import sharp, { type Sharp } from 'sharp';
import type { RawImage } from './engine.ts';
import { estimateSkew, findPageQuad, type GreyImage, type Quad, quadSize, warpQuad } from './geometry.ts';
import { eraseRulingLines } from './ruling-lines.ts';

/** An image prepared for OCR: greyscale, upright, rectified, bounded size. */
export interface NormalisedImage {
  /** The image as a binary PGM (greyscale, 8 bits). */
  image: Buffer;
  /** The same pixels, raw, for checks on recognised words. */
  grey: GreyImage;
  width: number;
  height: number;
  /** What was done to it, for logs and tests. */
  steps: { pageOutline: boolean; skewDegrees: number; scale: number };
}

/** Options for {@link normaliseImage}; sizes are pixels of the long side of the page. */
export interface NormaliseOptions {
  /** Smaller pages are enlarged to this (small print needs pixels). Default 2600. */
  minSide?: number;
  /** Larger pages are reduced to this (huge photos only cost time). Default 2750. */
  maxSide?: number;
  /** Look for a page outline on a background and rectify it (photos). Default true. */
  rectify?: boolean;
  /** Correct uneven lighting by dividing by the estimated paper brightness. Default true. */
  flatten?: boolean;
  /** Measure the skew of text lines and rotate the image straight. Default true. */
  deskew?: boolean;
  /** Stretch contrast from the ink level to the 99th percentile of grey levels. Default true. */
  stretch?: boolean;
  /** Erase table rules (long straight runs of ink) so bordered tables read as text. Default true. */
  eraseRules?: boolean;
}

/** Largest side decoded from an upload; bigger photos are reduced before any processing. */
const DECODE_MAX_SIDE = 4000;
/** Long side of the reduced copy used to find the page outline and measure skew. */
const ANALYSIS_SIDE = 700;

async function toGrey(input: Sharp): Promise<GreyImage> {
  const { data, info } = await input.greyscale().raw().toBuffer({ resolveWithObject: true });
  const channels = info.channels;
  if (channels === 1)
    return {
      data: new Uint8Array(data.buffer, data.byteOffset, data.length),
      width: info.width,
      height: info.height,
    };
  const grey = new Uint8Array(info.width * info.height);
  for (let i = 0; i < grey.length; i++) grey[i] = data[i * channels]!;
  return { data: grey, width: info.width, height: info.height };
}

function fromGrey(image: GreyImage): Sharp {
  return sharp(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.length), {
    raw: { width: image.width, height: image.height, channels: 1 },
  });
}

async function resizeGrey(image: GreyImage, width: number, height: number): Promise<GreyImage> {
  return toGrey(fromGrey(image).resize({ width, height, fit: 'fill', kernel: 'lanczos3' }));
}

/** Max filter with a (2r+1)^2 window, separable. */
function maxFilter(image: GreyImage, r: number): GreyImage {
  const { data, width, height } = image;
  const tmp = new Uint8Array(data.length);
  const out = new Uint8Array(data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let m = 0;
      for (let dx = Math.max(0, x - r); dx <= Math.min(width - 1, x + r); dx++)
        m = Math.max(m, data[y * width + dx]!);
      tmp[y * width + x] = m;
    }
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let m = 0;
      for (let dy = Math.max(0, y - r); dy <= Math.min(height - 1, y + r); dy++)
        m = Math.max(m, tmp[dy * width + x]!);
      out[y * width + x] = m;
    }
  }
  return { data: out, width, height };
}

/**
 * Stretches grey levels so the ink becomes black and the 99th percentile white. Black is the 1st
 * percentile, unless that is still paper (not below the paper's median by four times the paper's
 * own spread, median minus 25th percentile, and by 48 levels at least): then it is the 10th
 * percentile of the pixels that are that much darker. On a sparse page
 * (a continuation page with three rows) ink is far less than 1 % of the pixels, and stretching
 * from the 1st percentile would only amplify the paper's noise into specks that OCR reads as text.
 */
export function stretchContrast(image: GreyImage): GreyImage {
  const hist = new Uint32Array(256);
  for (const v of image.data) hist[v]!++;
  const n = image.data.length;
  const quantile = (q: number, below = 256) => {
    let total = 0;
    for (let v = 0; v < below; v++) total += hist[v]!;
    let acc = 0;
    for (let v = 0; v < below; v++) {
      acc += hist[v]!;
      if (acc > total * q) return v;
    }
    return below - 1;
  };
  const paper = quantile(0.5);
  const spread = Math.max(2, paper - quantile(0.25));
  // Scanner noise has heavy tails (JPEG ringing), so ink is also at least 48 levels below paper.
  const inkBelow = Math.max(1, paper - Math.max(4 * spread, 48));
  let inkCount = 0;
  for (let v = 0; v < inkBelow; v++) inkCount += hist[v]!;
  // No pixel is clearly darker than the paper: nothing to stretch towards.
  if (inkCount < n * 0.0005) return image;
  // The 1st percentile, unless that is still paper: then the darkest tenth of the ink.
  const p1 = quantile(0.01);
  const low = p1 < inkBelow ? p1 : quantile(0.1, inkBelow);
  let high = 255;
  for (let acc = 0; high > 0 && acc + hist[high]! <= n * 0.01; high--) acc += hist[high]!;
  if (high - low < 16) return image;
  const lut = new Uint8Array(256);
  for (let v = 0; v < 256; v++)
    lut[v] = Math.max(0, Math.min(255, Math.round(((v - low) * 255) / (high - low))));
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = lut[image.data[i]!]!;
  return { data: out, width: image.width, height: image.height };
}

/** Paper brightness varying by less than this many grey levels (2nd-98th percentile) is even. */
const EVEN_LIGHT_SPREAD = 14;

/** Whether an estimated paper-brightness map is flat enough that dividing by it changes nothing. */
function evenlyLit(paper: GreyImage): boolean {
  const hist = new Uint32Array(256);
  for (const v of paper.data) hist[v]!++;
  const n = paper.data.length;
  const at = (q: number) => {
    let acc = 0;
    for (let v = 0; v < 256; v++) {
      acc += hist[v]!;
      if (acc > n * q) return v;
    }
    return 255;
  };
  return at(0.98) - at(0.02) < EVEN_LIGHT_SPREAD;
}

/**
 * Flat-field correction (skipped when the paper is already evenly lit, as on scans): the paper's brightness is estimated on a reduced copy (a max filter
 * removes the text, a blur smooths shadows), enlarged back, and every pixel is divided by it, so a
 * shadow or a lamp's gradient no longer decides which pixels a global threshold calls ink.
 */
async function flattenLighting(image: GreyImage): Promise<GreyImage> {
  const factor = Math.max(8, Math.round(Math.max(image.width, image.height) / 160));
  const sw = Math.max(4, Math.round(image.width / factor));
  const sh = Math.max(4, Math.round(image.height / factor));
  const small = await toGrey(fromGrey(image).resize({ width: sw, height: sh, fit: 'fill', kernel: 'cubic' }));
  const paper = maxFilter(small, 2);
  if (evenlyLit(paper)) return image;
  const background = await toGrey(
    fromGrey(paper)
      .blur(2)
      .resize({ width: image.width, height: image.height, fit: 'fill', kernel: 'cubic' }),
  );
  const out = new Uint8Array(image.data.length);
  const bg = background.data;
  const src = image.data;
  // 255 / paper brightness in 16.16 fixed point, per brightness level.
  const gain = new Uint32Array(256);
  for (let b = 0; b < 256; b++) gain[b] = Math.round((255 * 65536) / Math.max(b, 40));
  for (let i = 0; i < out.length; i++) {
    const v = (src[i]! * gain[bg[i]!]!) >>> 16;
    out[i] = Math.min(v, 255);
  }
  return { data: out, width: image.width, height: image.height };
}

/** The longest side OCR input is scaled down to, by default. */
export const DEFAULT_MAX_SIDE = 2750;

/**
 * Prepares a photo or scan for OCR: applies the EXIF orientation and converts to greyscale; when
 * the page is photographed on a background, finds its outline and rectifies the perspective;
 * evens out the lighting; straightens the text lines (projection-profile skew); and scales the page
 * so its long side lies between `minSide` and `maxSide` pixels. TIFF/WebP/JPEG/PNG in.
 */
export async function normaliseImage(
  input: Uint8Array | RawImage,
  options: NormaliseOptions = {},
): Promise<NormalisedImage> {
  const minSide = options.minSide ?? 2600;
  const maxSide = options.maxSide ?? DEFAULT_MAX_SIDE;
  let source: Sharp;
  let w0: number;
  let h0: number;
  if (input instanceof Uint8Array) {
    source = sharp(input, { failOn: 'none', limitInputPixels: 100_000_000 }).rotate();
    const meta = await sharp(input, { failOn: 'none', limitInputPixels: 100_000_000 }).metadata();
    const swap = (meta.orientation ?? 1) >= 5;
    w0 = (swap ? meta.height : meta.width) ?? 0;
    h0 = (swap ? meta.width : meta.height) ?? 0;
  } else {
    const { data, width, height, channels } = input;
    source = sharp(Buffer.from(data.buffer, data.byteOffset, data.byteLength), {
      raw: { width, height, channels },
      limitInputPixels: 100_000_000,
    });
    w0 = width;
    h0 = height;
  }
  if (Math.max(w0, h0) > DECODE_MAX_SIDE) {
    source = source.resize({ width: DECODE_MAX_SIDE, height: DECODE_MAX_SIDE, fit: 'inside' });
  }
  let image = await toGrey(source);

  let pageOutline = false;
  if (options.rectify !== false) {
    const k = ANALYSIS_SIDE / Math.max(image.width, image.height);
    if (k < 1) {
      const small = await resizeGrey(image, Math.round(image.width * k), Math.round(image.height * k));
      const quad = findPageQuad(small);
      if (quad) {
        const sx = image.width / small.width;
        const sy = image.height / small.height;
        const full = quad.map((p) => ({ x: p.x * sx, y: p.y * sy })) as Quad;
        const size = quadSize(full);
        // Warp straight to the final scale: one resampling instead of two.
        const long = Math.max(size.width, size.height);
        const k2 = long < minSide ? minSide / long : long > maxSide ? maxSide / long : 1;
        image = warpQuad(image, full, Math.round(size.width * k2), Math.round(size.height * k2));
        pageOutline = true;
      }
    }
  }

  const long = Math.max(image.width, image.height);
  const scale = long < minSide ? minSide / long : long > maxSide ? maxSide / long : 1;
  if (scale !== 1) {
    image = await resizeGrey(image, Math.round(image.width * scale), Math.round(image.height * scale));
  }
  if (options.flatten !== false) image = await flattenLighting(image);

  let skewDegrees = 0;
  if (options.deskew !== false) {
    const k = Math.min(1, 1200 / Math.max(image.width, image.height));
    const small =
      k < 1 ? await resizeGrey(image, Math.round(image.width * k), Math.round(image.height * k)) : image;
    skewDegrees = estimateSkew(small);
  }
  if (options.stretch !== false) image = stretchContrast(image);
  const straight =
    Math.abs(skewDegrees) >= 0.2
      ? await toGrey(fromGrey(image).rotate(-skewDegrees, { background: '#ffffff' }))
      : image;
  // On the straightened page, where rules run along rows and columns of pixels.
  const out = options.eraseRules !== false ? eraseRulingLines(straight) : straight;
  // A binary PGM: tesseract's image reader (Leptonica) takes it without a PNG encode and decode.
  const header = Buffer.from(`P5\n${out.width} ${out.height}\n255\n`, 'latin1');
  return {
    image: Buffer.concat([header, out.data]),
    grey: out,
    width: out.width,
    height: out.height,
    steps: { pageOutline, skewDegrees, scale },
  };
}
