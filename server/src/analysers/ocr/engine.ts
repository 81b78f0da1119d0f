import type { TextBox } from '../pdf/types.ts';

/** A recognised image: its pixel size and word boxes (top-left origin, pixels). */
export interface OcrPage {
  width: number;
  height: number;
  boxes: TextBox[];
}

/** An OCR engine that can be reused across documents. */
export interface OcrEngine {
  recognise(image: Uint8Array): Promise<OcrPage>;
  terminate(): Promise<void>;
}
