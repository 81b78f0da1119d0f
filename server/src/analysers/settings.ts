/** Settings the composition root hands every analyser thread (piscina `workerData`). */
import type { FoodDetectorSettings } from './nutrition/detector.ts';
import type { VisionSettings } from './nutrition/vision.ts';
import type { TesseractChoice } from './ocr/tesseract.ts';

export interface AnalyserSettings {
  /** Which tesseract reads scans and photos: tesseract.js (`wasm`), the `native` binary, or `auto`. */
  tesseract: TesseractChoice;
  /** The OpenAI-compatible vision endpoint the nutrition analyser may ask; `null`: none configured. */
  vision: VisionSettings | null;
  /** The nutrition analyser's offline photo detector (`DOCKET_FOOD_DETECTOR`); `null`: off. */
  foodDetector: FoodDetectorSettings | null;
}
