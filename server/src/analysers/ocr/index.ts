/** OCR for scans and photos: sharp normalisation and a reusable tesseract.js engine (local English data). */
export type { OcrEngine, OcrPage } from './engine.ts';
export { type NormalisedImage, normaliseImage } from './normalise.ts';
export {
  createTesseractEngine,
  englishLangPath,
  type TesseractEngineOptions,
  wordsToBoxes,
} from './tesseract.ts';
