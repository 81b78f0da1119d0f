/**
 * The OCR engine an analyser owns: created only when a scan or photo arrives and then reused, so
 * text PDFs never start tesseract; `close()` ends it with the analyser.
 */
import type { OcrEngine } from './engine.ts';
import { createTesseractEngine, type TesseractChoice } from './tesseract.ts';

/** How an analyser gets its OCR engine. */
export interface LazyOcrOptions {
  /** Supplies the OCR engine on first need (tests); by default one tesseract engine is created. */
  ocr?: () => OcrEngine;
  /** Which tesseract the default engine uses: tesseract.js (`wasm`, default), `native`, or `auto`. */
  tesseract?: TesseractChoice;
}

/** The engine on demand, and the way to end it. */
export interface LazyOcr {
  ocr: () => OcrEngine;
  /** Terminates the engine if one was started (a supplied one is its supplier's to end). */
  close(): Promise<void>;
}

export function lazyOcr(options: LazyOcrOptions = {}): LazyOcr {
  const supplied = options.ocr;
  if (supplied) return { ocr: supplied, close: async () => {} };
  let engine: OcrEngine | null = null;
  return {
    ocr: () => {
      engine ??= createTesseractEngine(options.tesseract ? { engine: options.tesseract } : {});
      return engine;
    },
    async close() {
      const started = engine;
      engine = null;
      await started?.terminate();
    },
  };
}
