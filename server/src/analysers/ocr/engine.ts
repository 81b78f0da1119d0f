import type { PagePixels, TextBox } from '../text-geometry/types.ts';

/** A recognised image: its pixel size and word boxes (top-left origin, pixels). */
export interface OcrPage {
  width: number;
  height: number;
  boxes: TextBox[];
  /** The prepared pixels the boxes were read from, for {@link OcrEngine.readLines}. */
  pixels?: PagePixels;
}

/** A rectangle of a page's prepared pixels (top-left origin). */
export interface PixelBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** How {@link OcrEngine.readLines} reads its crops. */
export interface LineReadOptions {
  /** The only characters the reading may return (tesseract's whitelist). */
  whitelist: string;
  /** How much each crop is enlarged before it is read (small print reads better larger). */
  scale: number;
}

/** One crop read as a single line of text; confidence 0..1. */
export interface LineReading {
  text: string;
  confidence: number;
}

/** Decoded pixels (a rendered PDF page), so no image file has to be encoded and decoded again. */
export interface RawImage {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 1 | 3 | 4;
}

/** An OCR engine that can be reused across documents. */
export interface OcrEngine {
  /** Recognises an image file (JPEG, PNG, WebP, TIFF) or decoded pixels. */
  recognise(image: Uint8Array | RawImage): Promise<OcrPage>;
  /**
   * Reads each box of `pixels` again as one line of text restricted to `options.whitelist`: a
   * second, narrower look at cells the page reading got doubtful. Engines without it skip that.
   */
  readLines?(
    pixels: PagePixels,
    boxes: readonly PixelBox[],
    options: LineReadOptions,
  ): Promise<LineReading[]>;
  terminate(): Promise<void>;
}
