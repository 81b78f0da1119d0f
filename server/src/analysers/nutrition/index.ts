/**
 * The `nutrition` analyser: a food photo (with optional hints) → seeds 001/004's dish, nutrients per
 * dish and ingredient, and Nutri-Score. The table, the OCR engine and the photo detector's model are
 * loaded on first need and kept by the analyser (one per analyser thread).
 */
import type { OcrEngine } from '../ocr/engine.ts';
import { createTesseractEngine, type TesseractChoice } from '../ocr/tesseract.ts';
import type { Analyser, AnalysisInput, AnalysisOutcome } from '../types.ts';
import { analyseNutrition } from './analyse.ts';
import { createDetectorRecogniser, type FoodDetectorSettings, type PhotoDetector } from './detector.ts';
import { type FoodTable, loadFoodTable } from './food-table.ts';
import { createHumanDetector } from './human-detector.ts';
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
  /** The food tables; defaults to the shipped USDA SR24 and IFCT 2017 tables. */
  table?: () => FoodTable;
  /** The offline photo detector's place and threshold; `null`/absent: no detector. */
  detector?: FoodDetectorSettings | null;
  /** Creates the photo detector; defaults to CenterNet from `@vladmandic/human` (loaded on the first photo). */
  photoDetector?: () => PhotoDetector;
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
  const detectorSettings = options.detector ?? null;
  // Creating the detector is cheap: its model loads with the first photo that reaches it.
  const photoDetector = detectorSettings ? (options.photoDetector ?? createHumanDetector)() : null;
  const detector =
    photoDetector && detectorSettings
      ? [createDetectorRecogniser(photoDetector, { minConfidence: detectorSettings.minConfidence })]
      : [];
  const vision = options.vision ? [createVisionRecogniser(options.vision)] : [];
  const recognisers = [
    createHintRecogniser(),
    createLabelRecogniser(ocr),
    ...(detectorSettings?.order === 'after-vision' ? [...vision, ...detector] : [...detector, ...vision]),
  ];
  const absent = [
    ...(detectorSettings ? [] : ['the offline photo detector is off (DOCKET_FOOD_DETECTOR=off)']),
    ...(options.vision ? [] : ['no vision endpoint is configured (DOCKET_VISION_URL)']),
  ];
  return {
    kind: 'nutrition',
    analyse(input: AnalysisInput): Promise<AnalysisOutcome> {
      return analyseNutrition(input, recognisers, getMatcher, absent);
    },
    async close() {
      if (engine) await engine.terminate();
      engine = null;
      await photoDetector?.close();
    },
  };
}
