/**
 * The `nutrition` analyser: a food photo (with optional hints) → seeds 001/004's dish, nutrients per
 * dish and ingredient, and Nutri-Score. The table and OCR engine are loaded on first need and reused.
 */
import type { OcrEngine } from '../ocr/engine.ts';
import { createTesseractEngine, type TesseractChoice } from '../ocr/tesseract.ts';
import type { Analyser, AnalysisInput, AnalysisOutcome } from '../types.ts';
import { analyseNutrition } from './analyse.ts';
import { type FoodTable, loadFoodTable } from './food-table.ts';
import { createFoodMatcher, type FoodMatcher } from './match.ts';
import { createHintRecogniser, createLabelRecogniser } from './recognisers.ts';
import { createVisionRecogniser, type VisionSettings } from './vision.ts';

export type { NutritionResult } from './types.ts';

/** Options for {@link createNutritionAnalyser}. */
export interface NutritionAnalyserOptions {
  /** Supplies the OCR engine on first need; defaults to one lazily created tesseract engine. */
  ocr?: () => OcrEngine;
  tesseract?: TesseractChoice;
  /** The OpenAI-compatible vision endpoint; `null`/absent: none. */
  vision?: VisionSettings | null;
  /** The food table; defaults to the shipped SR24 table. */
  table?: () => FoodTable;
}

export function createNutritionAnalyser(
  options: NutritionAnalyserOptions = {},
): Analyser & { close(): Promise<void> } {
  let engine: OcrEngine | null = null;
  const ocr =
    options.ocr ??
    (() => {
      engine ??= createTesseractEngine(options.tesseract ? { engine: options.tesseract } : {});
      return engine;
    });
  let matcher: FoodMatcher | null = null;
  const getMatcher = () => {
    matcher ??= createFoodMatcher((options.table ?? loadFoodTable)());
    return matcher;
  };
  const recognisers = [
    createHintRecogniser(),
    createLabelRecogniser(ocr),
    ...(options.vision ? [createVisionRecogniser(options.vision)] : []),
  ];
  return {
    kind: 'nutrition',
    analyse(input: AnalysisInput): Promise<AnalysisOutcome> {
      return analyseNutrition(input, recognisers, getMatcher, Boolean(options.vision));
    },
    async close() {
      if (engine) await engine.terminate();
      engine = null;
    },
  };
}
