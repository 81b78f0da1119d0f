/** Settings the composition root hands every analyser thread (piscina `workerData`). */
import type { TesseractChoice } from './ocr/tesseract.ts';

export interface AnalyserSettings {
  /** Which tesseract reads scans and photos: tesseract.js (`wasm`), the `native` binary, or `auto`. */
  tesseract: TesseractChoice;
}
