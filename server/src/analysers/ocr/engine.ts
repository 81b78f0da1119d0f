import type { TextBox } from '../text-geometry/types.ts';

/** A recognised image: its pixel size and word boxes (top-left origin, pixels). */
export interface OcrPage {
  width: number;
  height: number;
  boxes: TextBox[];
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
  terminate(): Promise<void>;
}
